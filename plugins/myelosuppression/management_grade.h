// Graded management (program.md, "assessment linked to orders and bedside
// labels"): the bedside label and nursing level that follow a patient's
// neutropenia risk, from management_grades.textproto.
#pragma once

#include <optional>
#include <vector>

#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

// The grade after `event` (already in `state`): the first level of `table`
// any of whose conditions holds. Its inputs:
// - the current ANC grade: the event's grade when it is an ANC's
//   lab_result_graded, else the current cycle's worst_anc_grade;
// - a confirmed FN in the current cycle: the cycle's febrile_neutropenia,
//   an assessed episode of the state confirming FN observed at or after the
//   cycle's start, or the event itself when it is a febrile_episode_assessed
//   confirming FN;
// - the latest FN risk assessment's overall risk: the event's when it is a
//   fn_risk_assessed, else the assessment of the state with a result and
//   the latest assessed_at.
// The current cycle is the patient's latest started (any case); with none,
// every confirmed FN counts. Nullopt when nothing is known yet (no ANC
// grade, no assessment, no FN). set_at is left to the hub.
std::optional<v1::ManagementGrade> DecideManagementGrade(const ManagementGradeTable& table,
                                                         const v1::Event& event,
                                                         const v1::PatientState& state);

// One management_grade_set when `event` is a fn_risk_assessed, an ANC's
// lab_result_graded or a febrile_episode_assessed and the decided grade's
// level, label or nursing level differ from state.management_grade(); else
// none. Never reacts to management_grade_set, so it cannot loop.
std::vector<v1::Event> ManagementGradeEvents(const ManagementGradeTable& table,
                                             const v1::Event& event,
                                             const v1::PatientState& state);

}  // namespace casehub::myelosuppression
