// Running a client's write: the request becomes an engine Command carrying
// the caller as its actor, gated on the caller reaching the patient
// (engine/patient_access.h), and naming its patient, request id and the
// caller's access for the call's audit record; ExecuteForCaller also reads
// the patient's state after the write back for the response.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/state.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/api/call.h"
#include "services/api/service_context.h"

namespace casehub::api {

// Which patients a command may touch.
enum class PatientScope {
  // Those the caller's site (or emergency access) reaches: every command
  // but BreakGlass.
  kReachable,
  // Those outside the site's reach: breaking the glass is how a clinician
  // reaches one (and is itself recorded on the patient's timeline).
  kOutsideReach,
};

// `command` has its body set; the actor is filled from `caller`.
absl::StatusOr<v1::CommandOutcome> ExecuteAsCaller(grpc::CallbackServerContext& call,
                                                   const ServiceContext& context,
                                                   const Caller& caller, v1::Command command,
                                                   PatientScope scope = PatientScope::kReachable);

// Several commands for `caller` in one engine batch (Engine::ExecuteBatch),
// each gated on the caller reaching its patient, none of them a registration
// or a referral's answer; notes an audit entry per command with its own
// status. The error is the batch's commit: then nothing was written.
absl::StatusOr<std::vector<absl::StatusOr<v1::CommandOutcome>>> ExecuteBatchAsCaller(
    grpc::CallbackServerContext& call, const ServiceContext& context, const Caller& caller,
    std::vector<v1::Command> commands);

struct CommandResult {
  v1::CommandOutcome outcome;
  // The patient as it is now (after this write, or after later ones when the
  // request was a retry).
  v1::PatientState state;
};

// ExecuteAsCaller, then the patient's state.
absl::StatusOr<CommandResult> ExecuteForCaller(grpc::CallbackServerContext& call,
                                               const ServiceContext& context,
                                               const Caller& caller, v1::Command command,
                                               PatientScope scope = PatientScope::kReachable);

// A read of one patient: loads the state and checks the caller reaches it,
// noting the patient and the access for the audit record.
absl::StatusOr<v1::PatientState> LoadReachablePatient(grpc::CallbackServerContext& call,
                                                      const ServiceContext& context,
                                                      const Caller& caller,
                                                      const std::string& patient_id,
                                                      const store::Snapshot* snapshot = nullptr);

// The same for a read that passes the state on as stored: only the fields
// the access check reads are parsed.
absl::StatusOr<std::string> LoadReachableStoredState(grpc::CallbackServerContext& call,
                                                     const ServiceContext& context,
                                                     const Caller& caller,
                                                     const std::string& patient_id,
                                                     const store::Snapshot* snapshot = nullptr);

}  // namespace casehub::api
