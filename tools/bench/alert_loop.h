// A critical value's closed loop as a ward runs it ("alert -> acknowledge
// -> intervene -> close"): the laboratory's ANC below 1.0 x10^9/L recorded,
// its alert found on the patient's record, acknowledged with the read-back,
// the intervention recorded, and the alert closed: five calls. Without it
// the bench only raises alerts and a patient's open alerts grow without
// end, as no ward's do.
#pragma once

#include <string>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "casehub/v1/alert.grpc.pb.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "tools/bench/hub_calls.h"

namespace casehub::bench {

struct AlertLoopStubs {
  v1::ClinicalService::Stub& clinical;
  v1::PatientService::Stub& patients;
  v1::AlertService::Stub& alerts;
};

// `patient_id` must have an open case the myelosuppression module acts on
// (OpenLungCase), or its critical value raises no alert: INTERNAL then.
absl::Status RunCriticalValueLoop(const CasehubTarget& target, const AlertLoopStubs& stubs,
                                  absl::BitGen& random, const std::string& patient_id);

}  // namespace casehub::bench
