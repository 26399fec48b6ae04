// What the module derives from a recorded blood count: its grade, a
// critical-value alert for the responsible site when a limit is crossed, and
// the completion of the nadir CBC task it fulfils.
#pragma once

#include <vector>

#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "plugins/myelosuppression/chemo_rules.h"
#include "plugins/myelosuppression/rule_tables.h"
#include "plugins/myelosuppression/site_policies.h"

namespace casehub::myelosuppression {

// For a lab_result_recorded `event` whose LOINC code is in the tables: a
// lab_result_graded event, then an alert_raised event if the value is
// critical at the responsible site, then a task_completed event if it is
// the CBC of an open nadir task (nadir_tasks.h). Nothing for another code,
// or a unit the analyte does not have. Only the bodies are set (the hub
// fills the envelope and the alert's id, patient, status, raise time and
// provenance); times derive from the event, never from the clock, so a
// replay reproduces them.
std::vector<v1::Event> ReactToLabResult(const RuleTables& tables, const SitePolicies& sites,
                                        const ChemoRules& chemo, const v1::Event& event,
                                        const v1::PatientState& state);

}  // namespace casehub::myelosuppression
