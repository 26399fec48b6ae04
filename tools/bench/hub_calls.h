// How the bench's callers reach a running hub: the target (channel, token,
// deadline), one unary call made with them, and the patients they write to.
#pragma once

#include <memory>
#include <string>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/case.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "tools/client_login/client_login.h"
#include "tools/client_login/grpc_status.h"

namespace casehub::bench {

struct CasehubTarget {
  std::shared_ptr<grpc::Channel> channel;
  // The bearer token every call carries (tools/client_login).
  std::string token;
  absl::Duration timeout;
  // Patients each caller registers before the clock starts.
  int patients_per_caller = 4;
  // When above 0, timelines are read from up to this many of the site's
  // patients already in the hub (a populated network's long histories)
  // instead of the caller's own new ones.
  int existing_patients = 0;
  // Events a timeline read asks for, oldest first: a page as a screen shows
  // it; 0 asks for the patient's whole history.
  int timeline_limit = 100;
  // Reports cover `report_days` days up to `report_end` (YYYY-MM-DD; empty:
  // today, which holds every result the run writes).
  std::string report_end = "";
  int report_days = 30;
  // Results in each RecordLabResults call.
  int batch_size = 100;
};

// Calls one unary method of a generated stub with the target's token and
// deadline.
template <typename Stub, typename Request, typename Response>
absl::Status CallHub(const CasehubTarget& target, Stub& stub,
                     grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                     const Request& request, Response& response) {
  grpc::ClientContext context;
  tools::PrepareCall(context, target.token, target.timeout);
  return tools::FromGrpcStatus((stub.*method)(&context, request, &response));
}

// Registers "Bench Patient <number>"; returns the new patient's id.
absl::StatusOr<std::string> RegisterBenchPatient(const CasehubTarget& target,
                                                 v1::PatientService::Stub& patients,
                                                 absl::BitGen& random, int number);

// Opens a lung cancer case (C34.1) for the patient, so the myelosuppression
// module acts on its lab results and the worklist has its tasks; returns the
// case's id.
absl::StatusOr<std::string> OpenLungCase(const CasehubTarget& target, v1::CaseService::Stub& cases,
                                         absl::BitGen& random, const std::string& patient_id);

}  // namespace casehub::bench
