// Nadir CBC monitoring (clinical-rules.md §5): two CBC tasks per cycle in
// the regimen's nadir window, each completed by a blood count observed
// within its days.
#pragma once

#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/clinical.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "plugins/myelosuppression/chemo_rules.h"

namespace casehub::myelosuppression {

// Every nadir CBC task has this kind.
inline constexpr char kNadirCbcTaskKind[] = "myelo.nadir_cbc";

// Days count from the cycle's start: day 1 is its first 24 hours, day N
// the N-th (a draw on days 6–8 runs from started_at + 5 d to + 8 d).
//
// For a started `cycle`: two task_created events for the case manager of
// the case's owning site, one per draw of nadir_monitoring.textproto in the
// regimen's window ("Nadir CBC, cycle 2 (day 7±1)" due at started_at + 8 d,
// "Nadir CBC, cycle 2 (days 10–14)" due at + 14 d for days 7–14). Only the
// bodies; nothing when the regimen or the case is unknown.
std::vector<v1::Event> NadirCbcTasks(const ChemoRules& rules, const v1::ChemoCycle& cycle,
                                     const v1::PatientState& state);

// For a result of a cbc_analytes analyte: a task_completed event ("CBC at
// day N") for the open nadir CBC task, of any of the patient's cases, whose
// draw holds the result's day in the latest cycle of that task's case
// started at or before observed_at; the earliest due when several do.
std::optional<v1::Event> CompleteNadirCbcTask(const ChemoRules& rules, absl::string_view analyte_id,
                                              const v1::LabResult& result,
                                              const v1::PatientState& state);

}  // namespace casehub::myelosuppression
