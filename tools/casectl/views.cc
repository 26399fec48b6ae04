#include "tools/casectl/views.h"

#include "absl/strings/str_cat.h"
#include "tools/casectl/format.h"

namespace casehub::casectl {

Table CaseTable(const google::protobuf::RepeatedPtrField<v1::Case>& cases) {
  Table table({"ID", "TUMOR", "DIAGNOSIS", "STAGE", "STATUS", "SITE"});
  for (const v1::Case& kase : cases) {
    table.AddRow({kase.id(), kase.tumor_type(), kase.diagnosis().code(),
                  kase.stage(), EnumWord(kase.status()),
                  kase.owning_site_id()});
  }
  return table;
}

std::string TaskState(const v1::Task& task) {
  std::string state = EnumWord(task.status());
  if (task.overdue() && task.status() == v1::TASK_STATUS_OPEN) {
    absl::StrAppend(&state, " (overdue)");
  }
  return state;
}

std::string AlertState(const v1::Alert& alert) {
  std::string state = EnumWord(alert.status());
  // Escalation is not a step of the loop: it marks the step the alert is at.
  if (alert.escalation_level() > 0) absl::StrAppend(&state, " (escalated)");
  return state;
}

}  // namespace casehub::casectl
