// The module's rules for the chemotherapy commands, before anything is
// written: a catalogue regimen of the case's tumor type, a complete FN risk
// form, and the gate "no assessment, no chemo; no informed consent, no
// chemo" (clinical-rules.md §2.4).
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/state.pb.h"
#include "plugins/myelosuppression/chemo_rules.h"

namespace casehub::myelosuppression {

// INVALID_ARGUMENT "regimen_id: 'x' is not in the regimen catalogue; lung
// regimens: ...", or naming the regimen's and the case's tumor types; then
// CheckRiskAnswers' refusals. NOT_FOUND when the case is not the patient's.
absl::Status CheckFnRiskAssessment(const ChemoRules& rules,
                                   const v1::RecordFnRiskAssessmentRequest& request,
                                   const v1::PatientState& state);

// The regimen as above; INVALID_ARGUMENT "cycle_length_days: lung.ep is
// given every 21 days in the regimen catalogue, not every 28; ..." when the
// cycle's length (the request's, else the course's) is not the catalogue's;
// then FAILED_PRECONDITION "cycle 2 of case X cannot
// start: ..." naming each of what is missing: an assessment of this cycle
// with a result, for this regimen, made at or after now −
// assessment_valid_days; a consent for this cycle.
absl::Status CheckCycleStart(const ChemoRules& rules, const v1::StartChemoCycleRequest& request,
                             const v1::PatientState& state, absl::Time now);

}  // namespace casehub::myelosuppression
