#include "plugins/myelosuppression/nadir_tasks.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace casehub::myelosuppression {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int64_t kSecondsPerDay = 24 * 3600;

// One draw: the cycle days it may be taken on, and those days in words.
struct Draw {
  int32_t first_day;
  int32_t last_day;
  std::string days;
};

// §5's two draws (nadir_monitoring.textproto) in a regimen's window.
std::array<Draw, 2> DrawsIn(const NadirMonitoring& plan, const NadirWindow& window) {
  const int32_t margin = plan.first_draw_margin_days();
  const int32_t second_from = window.first_day() + plan.second_draw_offset_days();
  return {Draw{window.first_day() - margin, window.first_day() + margin,
               absl::StrCat("day ", window.first_day(), "±", margin)},
          Draw{second_from, window.last_day(),
               absl::StrCat("days ", second_from, "–", window.last_day())}};
}

// The end of day `day` of a cycle that started at `started_at`.
google::protobuf::Timestamp EndOfDay(const google::protobuf::Timestamp& started_at, int32_t day) {
  return started_at + TimeUtil::SecondsToDuration(kSecondsPerDay * day);
}

// The latest cycle of `case_id` started at or before `at`, or nullptr.
const v1::ChemoCycle* CycleAt(const v1::PatientState& state, const std::string& case_id,
                              const google::protobuf::Timestamp& at) {
  const v1::ChemoCycle* latest = nullptr;
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    if (cycle.case_id() != case_id || cycle.started_at() > at) continue;
    if (latest == nullptr || cycle.started_at() > latest->started_at()) latest = &cycle;
  }
  return latest;
}

}  // namespace

std::vector<v1::Event> NadirCbcTasks(const ChemoRules& rules, const v1::ChemoCycle& cycle,
                                     const v1::PatientState& state) {
  const Regimen* regimen = rules.regimens().Find(cycle.regimen_id());
  const auto& cases = state.cases();
  auto owner = std::find_if(cases.begin(), cases.end(),
                            [&](const v1::Case& c) { return c.id() == cycle.case_id(); });
  if (regimen == nullptr || owner == cases.end()) return {};
  std::vector<v1::Event> tasks;
  for (const Draw& draw : DrawsIn(rules.nadir(), regimen->nadir())) {
    v1::Task& task = *tasks.emplace_back().mutable_task_created()->mutable_task();
    task.set_case_id(cycle.case_id());
    task.set_site_id(owner->owning_site_id());
    task.set_assignee_role(v1::ROLE_CASE_MANAGER);
    task.set_kind(kNadirCbcTaskKind);
    task.set_title(absl::StrCat("Nadir CBC, cycle ", cycle.cycle_number(), " (", draw.days, ")"));
    *task.mutable_due_at() = EndOfDay(cycle.started_at(), draw.last_day);
  }
  return tasks;
}

std::optional<v1::Event> CompleteNadirCbcTask(const ChemoRules& rules, absl::string_view analyte_id,
                                              const v1::LabResult& result,
                                              const v1::PatientState& state) {
  const auto& analytes = rules.nadir().cbc_analytes();
  if (std::find(analytes.begin(), analytes.end(), analyte_id) == analytes.end()) {
    return std::nullopt;
  }
  const v1::Task* completed = nullptr;
  int64_t completed_day = 0;
  for (const v1::Task& task : state.tasks()) {
    if (task.kind() != kNadirCbcTaskKind || task.status() != v1::TASK_STATUS_OPEN) continue;
    const v1::ChemoCycle* cycle = CycleAt(state, task.case_id(), result.observed_at());
    if (cycle == nullptr) continue;
    const Regimen* regimen = rules.regimens().Find(cycle->regimen_id());
    if (regimen == nullptr) continue;
    const int64_t day =
        TimeUtil::DurationToSeconds(result.observed_at() - cycle->started_at()) / kSecondsPerDay +
        1;
    // The task is this cycle's draw when it is due at the draw's end.
    for (const Draw& draw : DrawsIn(rules.nadir(), regimen->nadir())) {
      if (task.due_at() == EndOfDay(cycle->started_at(), draw.last_day) && draw.first_day <= day &&
          day <= draw.last_day && (completed == nullptr || task.due_at() < completed->due_at())) {
        completed = &task;
        completed_day = day;
      }
    }
  }
  if (completed == nullptr) return std::nullopt;
  v1::Event event;
  event.mutable_task_completed()->set_task_id(completed->id());
  event.mutable_task_completed()->set_note(absl::StrCat("CBC at day ", completed_day));
  return event;
}

}  // namespace casehub::myelosuppression
