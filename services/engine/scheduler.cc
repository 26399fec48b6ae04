#include "services/engine/scheduler.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "services/store/keys.h"

namespace casehub::engine {

absl::StatusOr<int> Scheduler::RunOnce() {
  const absl::Time now = engine_->clock().Now();
  std::vector<std::string> due_task_ids;
  RETURN_IF_ERROR(store_->Scan(
      store::Family::kIndex, store::kDueTaskPrefix, "",
      [&](absl::string_view key, absl::string_view) {
        std::optional<store::DueTask> due = store::ParseDueTaskKey(key);
        if (!due || due->due > now) return false;  // ordered by due time
        due_task_ids.push_back(std::move(due->task_id));
        return true;
      }));
  int marked = 0;
  for (const std::string& task_id : due_task_ids) {
    v1::Command command;
    command.mutable_actor()->set_principal_id("system:scheduler");
    v1::MarkTaskOverdueCommand* body = command.mutable_mark_task_overdue();
    body->mutable_meta()->set_request_id(absl::StrCat("overdue:", task_id));
    body->set_task_id(task_id);
    absl::StatusOr<v1::CommandOutcome> outcome = engine_->Execute(command);
    if (outcome.ok()) {
      ++marked;
    } else if (!absl::IsFailedPrecondition(outcome.status())) {
      // The task may have been completed since the scan; anything else is
      // worth a line in the log, and the next pass tries again.
      LogWarning("scheduler: marking %s overdue failed: %s", task_id,
                 outcome.status().ToString());
    }
  }
  return marked;
}

void Scheduler::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] { Loop(interval); });
}

void Scheduler::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop(absl::Duration interval) {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval)) return;
    }
    absl::StatusOr<int> marked = RunOnce();
    if (!marked.ok()) LogWarning("scheduler pass failed: %s", marked.status().ToString());
  }
}

}  // namespace casehub::engine
