#include "plugins/myelosuppression/escalation_tasks.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace casehub::myelosuppression {
namespace {

std::vector<v1::Event> EscalationTask(const v1::Event& event, const v1::Alert& alert) {
  std::vector<v1::Event> derived;
  v1::Task& task = *derived.emplace_back().mutable_task_created()->mutable_task();
  task.set_case_id(alert.case_id());
  task.set_site_id(alert.site_id());
  task.set_assignee_role(event.alert_escalated().escalated_to_role());
  task.set_kind(kEscalationTaskKind);
  task.set_alert_id(alert.id());
  task.set_title(absl::StrCat("Escalated, not acknowledged in time: ", alert.message()));
  // The same time to act that the first recipient had.
  const int64_t window = alert.acknowledge_by().seconds() - alert.raised_at().seconds();
  task.mutable_due_at()->set_seconds(event.recorded_at().seconds() + window);
  return derived;
}

std::vector<v1::Event> CompleteEscalationTask(const std::string& alert_id, const char* how,
                                              const v1::PatientState& state) {
  std::vector<v1::Event> derived;
  for (const v1::Task& task : state.tasks()) {
    if (task.kind() != kEscalationTaskKind || task.alert_id() != alert_id ||
        task.status() != v1::TASK_STATUS_OPEN) {
      continue;
    }
    v1::TaskCompleted& completed = *derived.emplace_back().mutable_task_completed();
    completed.set_task_id(task.id());
    completed.set_note(absl::StrCat("alert ", alert_id, " ", how));
  }
  return derived;
}

}  // namespace

std::vector<v1::Event> EscalationTaskEvents(const v1::Event& event,
                                            const v1::PatientState& state) {
  if (event.has_alert_escalated()) {
    // The event carries the alert: the module does not read the patient's.
    const v1::Alert& alert = event.alert_escalated().alert();
    if (!absl::StartsWith(alert.kind(), "myelo.")) return {};
    return EscalationTask(event, alert);
  }
  if (event.has_alert_acknowledged()) {
    return CompleteEscalationTask(event.alert_acknowledged().alert_id(), "acknowledged", state);
  }
  if (event.has_alert_closed()) {
    return CompleteEscalationTask(event.alert_closed().alert_id(), "closed", state);
  }
  return {};
}

}  // namespace casehub::myelosuppression
