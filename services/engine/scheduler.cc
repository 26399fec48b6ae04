#include "services/engine/scheduler.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "services/common/log.h"
#include "casehub/status_macros.h"
#include "services/store/keys.h"

namespace casehub::engine {

namespace {

// The ids under a due-time index prefix whose time has come, in due order.
absl::StatusOr<std::vector<std::string>> DueIds(
    const store::Store& store, absl::string_view prefix,
    std::optional<store::DueTask> (*parse)(absl::string_view), absl::Time now) {
  std::vector<std::string> ids;
  RETURN_IF_ERROR(store.ScanQueue(prefix, [&](absl::string_view key, absl::string_view) {
    std::optional<store::DueTask> due = parse(key);
    if (!due || due->due > now) return false;  // ordered by time
    ids.push_back(std::move(due->task_id));
    return true;
  }));
  return ids;
}

// Changes written per synced commit. A hub started on a directory left
// alone for weeks finds every task that fell due meanwhile: one commit each
// made its first pass wait on an fsync per task (55 s at 100 000
// patients). Each change is still decided alone (Engine::ExecuteBatch).
constexpr size_t kCommandsPerBatch = 128;

v1::Command SchedulerCommand() {
  v1::Command command;
  command.mutable_actor()->set_principal_id("system:scheduler");
  return command;
}

}  // namespace

absl::StatusOr<int> Scheduler::RunOnce() {
  const absl::Time now = engine_->clock().Now();
  ASSIGN_OR_RETURN(std::vector<std::string> due_tasks,
                   DueIds(*store_, store::kDueTaskPrefix, &store::ParseDueTaskKey, now));
  ASSIGN_OR_RETURN(std::vector<std::string> due_alerts,
                   DueIds(*store_, store::kEscalationDuePrefix, &store::ParseEscalationDueKey, now));
  std::vector<v1::Command> commands;
  for (const std::string& task_id : due_tasks) {
    v1::Command& command = commands.emplace_back(SchedulerCommand());
    command.mutable_mark_task_overdue()->mutable_meta()->set_request_id(
        absl::StrCat("overdue:", task_id));
    command.mutable_mark_task_overdue()->set_task_id(task_id);
  }
  for (const std::string& alert_id : due_alerts) {
    v1::Command& command = commands.emplace_back(SchedulerCommand());
    command.mutable_escalate_alert()->mutable_meta()->set_request_id(
        absl::StrCat("escalate:", alert_id));
    command.mutable_escalate_alert()->set_alert_id(alert_id);
  }
  int done = 0;
  for (size_t first = 0; first < commands.size(); first += kCommandsPerBatch) {
    const Engine::BatchOutcome batch = engine_->ExecuteBatch(
        absl::MakeConstSpan(commands).subspan(first, kCommandsPerBatch));
    if (!batch.commit.ok()) {
      LogWarning("scheduler: %d changes not written: %s", batch.results.size(),
                 batch.commit.ToString());
      continue;  // the next pass finds them again
    }
    for (const absl::StatusOr<v1::CommandOutcome>& outcome : batch.results) {
      if (outcome.ok()) {
        ++done;
      } else if (!absl::IsFailedPrecondition(outcome.status())) {
        // The task or alert may have moved on since the scan; anything else
        // is worth a line in the log, and the next pass tries again.
        LogWarning("scheduler: %s", outcome.status().ToString());
      }
    }
  }
  return done;
}

void Scheduler::Start(absl::Duration interval) {
  passes_ = std::thread([this, interval] {
    Loop(interval, [this] {
      absl::StatusOr<int> marked = RunOnce();
      if (!marked.ok()) LogWarning("scheduler pass failed: %s", marked.status().ToString());
    });
  });
  compactions_ = std::thread([this, interval] {
    Loop(interval, [this] {
      // Worklists, open alerts and the due ranges whose scans stepped over
      // the deletions of work done, off the callers' path. A compaction that
      // fails costs only the later scans' speed.
      absl::Status compacted = store_->CompactCrowdedQueues();
      if (!compacted.ok()) LogWarning("scheduler: %s", compacted.ToString());
    });
  });
}

void Scheduler::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (passes_.joinable()) passes_.join();
  if (compactions_.joinable()) compactions_.join();
}

void Scheduler::Loop(absl::Duration interval, const std::function<void()>& work) {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval)) return;
    }
    work();
  }
}

}  // namespace casehub::engine
