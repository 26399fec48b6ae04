// Escalation reaches a person (clinical-rules.md §4, the closed loop): when
// a critical value is not acknowledged in time, the role it escalates to
// gets a task on its own worklist, due within the same time the first
// recipient had; acknowledging or closing the alert completes it.
#pragma once

#include <vector>

#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::myelosuppression {

// Every escalation task has this kind.
inline constexpr char kEscalationTaskKind[] = "myelo.escalated_alert";

// For alert_escalated: the escalation task. For alert_acknowledged or
// alert_closed: task_completed for the alert's open escalation task.
// Nothing for other events or alerts this module did not raise.
std::vector<v1::Event> EscalationTaskEvents(const v1::Event& event, const v1::PatientState& state);

}  // namespace casehub::myelosuppression
