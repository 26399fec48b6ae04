#include "casehub/follow_up.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/pathway.h"

namespace casehub::sdk {
namespace {

absl::Time AddMonths(absl::Time time, int months) {
  const absl::CivilSecond at = absl::ToCivilSecond(time, absl::UTCTimeZone());
  return absl::FromCivil(absl::CivilSecond(at.year(), at.month() + months, at.day(), at.hour(),
                                           at.minute(), at.second()),
                         absl::UTCTimeZone());
}

int WholeMonthsBetween(absl::Time start, absl::Time end) {
  int months = 0;
  while (AddMonths(start, months + 1) <= end) ++months;
  return months;
}

// When the case last entered follow-up.
std::optional<absl::Time> FollowUpStart(const v1::Case& c) {
  std::optional<absl::Time> start;
  for (const v1::StageVisit& visit : c.stage_history()) {
    if (visit.stage() == kFollowUp) start = ToTime(visit.entered_at());
  }
  return start;
}

const FollowUpPhase* PhaseAt(const FollowUpSchedule& schedule, int month) {
  for (const FollowUpPhase& phase : schedule.phases) {
    if (month >= phase.from_month && (phase.to_month == 0 || month < phase.to_month)) {
      return &phase;
    }
  }
  return nullptr;
}

std::string PhaseText(const FollowUpPhase& phase) {
  return absl::StrCat(phase.to_month == 0 ? absl::StrCat("from month ", phase.from_month)
                                          : absl::StrCat("months ", phase.from_month, "-",
                                                         phase.to_month),
                      ": every ", phase.min_interval_months, "-", phase.max_interval_months,
                      " months");
}

// The next visit of a case in follow-up, its window counted from `now`.
std::vector<v1::Event> NextVisit(const v1::Case& c, const v1::PatientState& state,
                                 absl::string_view plugin_id, absl::Time now,
                                 const ScheduleForCase& schedule_for) {
  std::optional<absl::Time> start = FollowUpStart(c);
  if (!start) return {};
  const FollowUpSchedule schedule = schedule_for(c);
  const FollowUpPhase* phase = PhaseAt(schedule, WholeMonthsBetween(*start, now));
  if (phase == nullptr) return {};  // the schedule has ended
  int visits = 0;
  for (const v1::Task& task : state.tasks()) {
    visits += task.case_id() == c.id() && task.kind() == FollowUpTaskKind(plugin_id);
  }
  v1::Event event;
  v1::Task* task = event.mutable_task_created()->mutable_task();
  task->set_case_id(c.id());
  task->set_site_id(c.owning_site_id());
  task->set_assignee_role(v1::ROLE_CASE_MANAGER);
  task->set_kind(FollowUpTaskKind(plugin_id));
  task->set_title(absl::StrCat("Follow-up visit ", visits + 1, " (", schedule.source, ", ",
                               PhaseText(*phase), "): ", schedule.items));
  *task->mutable_window_start() = ToTimestamp(AddMonths(now, phase->min_interval_months));
  *task->mutable_due_at() = ToTimestamp(AddMonths(now, phase->max_interval_months));
  return {event};
}

std::vector<v1::Event> CancelOpenVisits(const v1::Case& c, const v1::PatientState& state,
                                        absl::string_view plugin_id, absl::string_view to) {
  std::vector<v1::Event> cancelled;
  for (const v1::Task& task : state.tasks()) {
    if (task.case_id() == c.id() && task.kind() == FollowUpTaskKind(plugin_id) &&
        task.status() == v1::TASK_STATUS_OPEN) {
      v1::Event& event = cancelled.emplace_back();
      event.mutable_task_cancelled()->set_task_id(task.id());
      event.mutable_task_cancelled()->set_reason(absl::StrCat("the case left follow-up for ", to));
    }
  }
  return cancelled;
}

}  // namespace

std::string FollowUpTaskKind(absl::string_view plugin_id) {
  return absl::StrCat(plugin_id, ".follow_up");
}

std::vector<v1::Event> FollowUpReactions(const v1::Event& event, const v1::PatientState& state,
                                         absl::string_view plugin_id,
                                         const ScheduleForCase& schedule_for) {
  const absl::Time now = ToTime(event.recorded_at());
  if (event.has_case_stage_changed()) {
    const v1::CaseStageChanged& change = event.case_stage_changed();
    const v1::Case* c = FindCase(state, change.case_id());
    if (c == nullptr || c->plugin_id() != plugin_id) return {};
    if (change.to_stage() == kFollowUp) return NextVisit(*c, state, plugin_id, now, schedule_for);
    if (change.from_stage() == kFollowUp) {
      return CancelOpenVisits(*c, state, plugin_id, change.to_stage());
    }
    return {};
  }
  if (event.has_task_completed()) {
    for (const v1::Task& task : state.tasks()) {
      if (task.id() != event.task_completed().task_id()) continue;
      const v1::Case* c = FindCase(state, task.case_id());
      if (c == nullptr || c->plugin_id() != plugin_id || c->stage() != kFollowUp ||
          task.kind() != FollowUpTaskKind(plugin_id)) {
        return {};
      }
      return NextVisit(*c, state, plugin_id, now, schedule_for);
    }
  }
  return {};
}

std::vector<v1::Event> RiskTierReactions(const v1::Event& event, const v1::PatientState& state,
                                         absl::string_view plugin_id,
                                         const TierForFacts& tier_for) {
  if (!event.has_case_data_recorded()) return {};
  const v1::Case* c = FindCase(state, event.case_data_recorded().case_id());
  if (c == nullptr || c->plugin_id() != plugin_id) return {};
  const std::string derived_by = absl::StrCat("plugin:", plugin_id);
  const v1::CaseFact* recorded = FindFact(*c, kRiskTier);
  if (recorded != nullptr && recorded->recorded_by() != derived_by) return {};  // a person chose
  const Facts facts = FactsOf(*c);
  const std::string tier = tier_for(facts);
  if (tier.empty() || Fact(facts, kRiskTier) == tier) return {};
  v1::Event derived;
  derived.mutable_case_data_recorded()->set_case_id(c->id());
  v1::CaseFact* fact = derived.mutable_case_data_recorded()->add_facts();
  fact->set_key(kRiskTier);
  fact->set_value(tier);
  return {derived};
}

}  // namespace casehub::sdk
