// The closed loop of an alert, as rules on commands: acknowledge a raised
// alert, record the intervention on an acknowledged one, close it only after
// an intervention; the scheduler escalates a raised alert past its
// acknowledge_by time, once. Part of Decide (decide.h).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::engine {

absl::StatusOr<v1::Event> DecideAcknowledgeAlert(const v1::AcknowledgeAlertRequest& request,
                                                 const v1::PatientState& state);
absl::StatusOr<v1::Event> DecideAlertIntervention(
    const v1::RecordAlertInterventionRequest& request, const v1::PatientState& state);
absl::StatusOr<v1::Event> DecideCloseAlert(const v1::CloseAlertRequest& request,
                                           const v1::PatientState& state);
absl::StatusOr<v1::Event> DecideEscalateAlert(const v1::EscalateAlertCommand& command,
                                              const v1::PatientState& state, absl::Time now);

}  // namespace casehub::engine
