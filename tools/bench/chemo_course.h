// A synthetic course of chemotherapy, cycle by cycle as a ward runs it: the
// FN risk assessment and the consent the day before each cycle (the
// myelosuppression module's gate), the start with its planned date and
// doses, a PEG-rhG-CSF dose a day or two later when the module recommends
// prophylaxis, blood counts on day 7 and in days 10-13 (the module's nadir
// CBC tasks, which they complete) and before the next cycle. The ANC dips to
// a nadir (less deep under prophylaxis); one below 1.0 raises a
// critical-value alert, which the case manager acknowledges, acts on and
// closes within hours, and sometimes comes with a fever (a febrile episode,
// so the next cycles' assessments answer prior_FN). A deep nadir delays the
// next cycle and lowers its doses.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "tools/bench/case_plan.h"
#include "tools/bench/patient_writer.h"
#include "tools/bench/synthetic_random.h"

namespace casehub::bench {

// Runs the course of `case_id` from the writer's time on, until its last
// cycle's nadir count or the end of the history.
absl::Status RunChemoCourse(PatientWriter& writer, Random& random, const std::string& case_id,
                            const CasePlan& plan, bool older_than_65);

}  // namespace casehub::bench
