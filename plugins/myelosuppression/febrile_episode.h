// A fever during chemotherapy (clinical-rules.md §1 and §3): what a
// recorded episode must look like, whether it is febrile neutropenia by the
// CTCAE v5.0 definition, and its MASCC risk index.
#pragma once

#include "absl/status/status.h"
#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "plugins/myelosuppression/chemo_rules.h"

namespace casehub::myelosuppression {

// INVALID_ARGUMENT "temperature_c: 50 is not a plausible body temperature
// (30.0 to 45.0 °C)", "anc: -0.1 is not a plausible ANC (0 to 100.0
// 10*9/L)", "observed_at: is required"; NOT_FOUND "case_id: case X not
// found" when the case is not the patient's. Bounds: febrile_neutropenia
// .textproto and the ANC row of analytes.textproto.
absl::Status CheckFebrileEpisode(const ChemoRules& rules,
                                 const v1::RecordFebrileEpisodeRequest& request,
                                 const v1::PatientState& state);

// The module's check of `episode`: febrile neutropenia when ANC < anc_below
// and (temperature > single_above_c, or >= sustained_at_least_c sustained
// > 1 h); the MASCC score when every item is given (age from the patient's
// birth date in `state` at observed_at, in UTC), else the missing items.
// One reason per rule applied, citing its table row.
v1::FebrileEpisodeAssessed AssessFebrileEpisode(const FebrileNeutropeniaRules& rules,
                                                const v1::FebrileEpisode& episode,
                                                const v1::PatientState& state);

}  // namespace casehub::myelosuppression
