// The FN risk assessment before a cycle (clinical-rules.md §2.3–2.4): what a
// form must answer, and what the module concludes from it.
#pragma once

#include "absl/status/status.h"
#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "google/protobuf/repeated_field.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

// INVALID_ARGUMENT unless `answers` answers every factor of `table` exactly
// once: "answers: unknown risk factor 'x'", "answers: 'x' answered twice",
// "answers: missing prior_chemo_or_rt, liver_dysfunction" (table order).
absl::Status CheckRiskAnswers(
    const RiskFactorTable& table,
    const google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer>& answers);

// §2.4 for `assessment`, whose regimen is `regimen`: HIGH → PRIMARY;
// INTERMEDIATE with >= 1 factor present → overall HIGH, CONSIDER; with none
// → OBSERVE; LOW → NONE. Then secondary prophylaxis: a factor marked
// secondary_prophylaxis answered present, or an earlier cycle of the case
// (in `state`) that had febrile neutropenia (ChemoCycle.febrile_neutropenia)
// or whose worst ANC grade reached the table's grade, makes it
// SECONDARY unless it is PRIMARY already. One reason per rule applied.
v1::FnRiskAssessed AssessFnRisk(const RiskFactorTable& table, const Regimen& regimen,
                                const v1::FnRiskAssessment& assessment,
                                const v1::PatientState& state);

}  // namespace casehub::myelosuppression
