// Follow-up after curative treatment as rolling visits (clinical-rules.md
// §8: "build the schedule as a rule template ... let the care team pick the
// exact date inside each range"). On entering follow-up, and each time a
// visit is completed, the next visit becomes a task whose window opens at
// the phase's shortest interval and closes (due) at its longest, counted
// from that moment. Leaving follow-up cancels the open visit.
//
// Risk tiers change the schedule: a plugin derives the tier from the case
// data (a person may override it by recording risk_tier) and returns the
// tier's schedule.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "casehub/case_data.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::sdk {

// Within months [from_month, to_month) of follow-up, a visit every
// min_interval_months to max_interval_months. to_month 0: for ever.
struct FollowUpPhase {
  int from_month;
  int to_month;
  int min_interval_months;
  int max_interval_months;
};

struct FollowUpSchedule {
  // The guideline row it comes from, shown in task titles.
  std::string source;
  std::vector<FollowUpPhase> phases;
  // What each visit checks, e.g. "history and exam, chest CT".
  std::string items;
};

// "<plugin id>.follow_up".
std::string FollowUpTaskKind(absl::string_view plugin_id);

using ScheduleForCase = std::function<FollowUpSchedule(const v1::Case&)>;

// Task events (created / cancelled) for `event`, for `plugin_id`'s cases.
std::vector<v1::Event> FollowUpReactions(const v1::Event& event, const v1::PatientState& state,
                                         absl::string_view plugin_id,
                                         const ScheduleForCase& schedule_for);

// The tier a case's data gives, "standard" or "high"; "" while the data
// that decides it (usually the stage) is not recorded yet.
using TierForFacts = std::function<std::string(const Facts&)>;

// After case data of one of `plugin_id`'s cases is recorded: a derived
// CaseDataRecorded setting risk_tier when the tier the data gives differs
// from the recorded one, unless a person recorded the tier or the data does
// not decide one yet.
std::vector<v1::Event> RiskTierReactions(const v1::Event& event, const v1::PatientState& state,
                                         absl::string_view plugin_id,
                                         const TierForFacts& tier_for);

}  // namespace casehub::sdk
