#include "services/engine/myelo_indicators.h"

#include <cmath>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/engine/apply.h"
#include "services/engine/chemo_rules.h"
#include "services/engine/field_rules.h"
#include "services/engine/referrals.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

constexpr char kRiskAssessmentRate[] = "risk_assessment_rate";
constexpr char kCinGrade2[] = "cin_incidence_g2";
constexpr char kCinGrade3[] = "cin_incidence_g3";
constexpr char kFnIncidence[] = "fn_incidence";
constexpr char kClosedLoopRate[] = "critical_value_closed_loop_rate";
constexpr char kPrimaryProphylaxisHighRisk[] = "primary_prophylaxis_rate_high_risk";
constexpr char kProphylaxisOveruse[] = "prophylaxis_overuse_low_risk";
constexpr char kChemoDelayRate[] = "chemo_delay_rate";
constexpr char kRdiAtLeastCutOff[] = "relative_dose_intensity";
constexpr char kOnTimeCompletion[] = "on_time_completion_rate";

// clinical-rules.md §6, RDI: "RDI <85% is the common 'sub-optimal' cut-off".
constexpr double kRdiCutOffPercent = 85;
// An RDI is a ratio of sums in floating point: one of exactly 85% may come
// out a hair below.
constexpr double kRdiRoundingSlack = 1e-9;

std::string Day(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d", ToAbslTime(time), absl::UTCTimeZone());
}

// Adds the item to the denominator, and to the numerator when `counted`.
class ItemWriter {
 public:
  ItemWriter(IndexMap& entries, std::string site, std::string date, std::string tumor,
             std::string item)
      : entries_(entries),
        site_(std::move(site)),
        date_(std::move(date)),
        tumor_(std::move(tumor)),
        item_(std::move(item)) {}

  void Count(const char* indicator, bool counted) {
    entries_.Set(store::IndicatorKey(indicator, site_, date_, tumor_, 'D', item_), "");
    if (counted) entries_.Set(store::IndicatorKey(indicator, site_, date_, tumor_, 'N', item_), "");
  }
  void Value(const char* indicator, const std::string& value) {
    entries_.Set(store::IndicatorKey(indicator, site_, date_, tumor_, 'V', item_), value);
  }

 private:
  IndexMap& entries_;
  std::string site_, date_, tumor_, item_;
};

// The latest assessment with a result made for the cycle before it started.
const v1::FnRiskAssessment* AssessmentOf(const v1::PatientState& state,
                                         const v1::ChemoCycle& cycle) {
  const v1::FnRiskAssessment* latest = nullptr;
  for (const v1::FnRiskAssessment& assessment : state.fn_risk_assessments()) {
    if (assessment.case_id() == cycle.case_id() &&
        assessment.cycle_number() == cycle.cycle_number() &&
        assessment.overall_risk() != v1::FN_RISK_LEVEL_UNSPECIFIED &&
        ToAbslTime(assessment.assessed_at()) <= ToAbslTime(cycle.started_at())) {
      latest = &assessment;
    }
  }
  return latest;
}

bool GotProphylaxis(const v1::PatientState& state, const v1::ChemoCycle& cycle) {
  for (const v1::ProphylaxisAdministration& given : state.prophylaxis()) {
    if (given.case_id() == cycle.case_id() && given.cycle_number() == cycle.cycle_number()) {
      return true;
    }
  }
  return false;
}

// A finished course, as its indicators need it.
struct FinishedCourse {
  const v1::ChemoCycle* last = nullptr;
  double rdi_percent = 0;
  // A cycle from 2 on started more than kLateStartDays after its planned
  // date, for any reason.
  bool delayed = false;
};

// The course of `case_id` once all its planned cycles have started; nullopt
// before, and for a course begun before plans and doses were recorded.
//
// RDI, clinical-rules.md §6 "Relative dose intensity": per drug, delivered
// DI ÷ planned DI × 100, with DI = total dose ÷ time. Planned time is
// planned_cycles × the cycle length; elapsed time runs from D1 of the first
// cycle to D1 of the last plus one cycle length. Every drug is timed over the
// whole course, so a drug of one phase only (AC, then T) keeps the course's
// delays. The course's RDI is the mean of its drugs'.
std::optional<FinishedCourse> FinishedCourseOf(const v1::PatientState& state,
                                               const std::string& case_id) {
  std::map<uint32_t, const v1::ChemoCycle*> cycles;
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    if (cycle.case_id() == case_id) cycles[cycle.cycle_number()] = &cycle;
  }
  auto one = cycles.find(1);
  if (one == cycles.end()) return std::nullopt;
  const v1::ChemoCycle& first = *one->second;
  const uint32_t planned_cycles = first.planned_cycles();
  const int64_t cycle_days = first.cycle_length_days();
  if (planned_cycles == 0 || cycle_days == 0) return std::nullopt;
  FinishedCourse course;
  std::map<std::string, std::pair<double, double>> planned_and_delivered;  // by drug
  for (uint32_t n = 1; n <= planned_cycles; ++n) {
    auto found = cycles.find(n);
    if (found == cycles.end() || found->second->doses().empty()) return std::nullopt;
    const v1::ChemoCycle& cycle = *found->second;
    for (const v1::CycleDose& dose : cycle.doses()) {
      auto& [planned, delivered] = planned_and_delivered[absl::AsciiStrToLower(dose.drug())];
      planned += dose.planned_dose();
      delivered += dose.delivered_dose();
    }
    std::optional<int64_t> late = DaysLate(cycle);
    if (n >= 2 && late && *late > kLateStartDays) course.delayed = true;
    course.last = &cycle;
  }
  const double planned_days = static_cast<double>(planned_cycles * cycle_days);
  const double elapsed_days =
      static_cast<double>(StartDay(*course.last) - StartDay(first) + cycle_days);
  double sum = 0;
  for (const auto& [drug, doses] : planned_and_delivered) {
    const auto& [planned, delivered] = doses;
    sum += 100 * delivered * planned_days / (planned * elapsed_days);
  }
  course.rdi_percent = sum / static_cast<double>(planned_and_delivered.size());
  return course;
}

}  // namespace

std::string MedianValueText(double value) {
  // 78.6517 -> "78.7", 84.99999999 -> "85".
  return absl::StrCat(std::round(value * 10) / 10);
}

const std::vector<IndicatorDefinition>& MyeloIndicators() {
  static constexpr char kFinishedCourses[] =
      "finished courses (every planned cycle started), on the last one's start day";
  static const std::vector<IndicatorDefinition> kIndicators = {
      {kRiskAssessmentRate, "FN risk-assessment rate",
       "cycles with an FN risk assessment (regimen + patient factors) before day 1",
       "chemotherapy cycles started"},
      {kCinGrade2, "CIN incidence, grade >= 2",
       "cycles whose worst ANC was CTCAE grade >= 2", "cycles with >= 1 post-chemo ANC"},
      {kCinGrade3, "CIN incidence, grade >= 3",
       "cycles whose worst ANC was CTCAE grade >= 3", "cycles with >= 1 post-chemo ANC"},
      {kFnIncidence, "FN incidence", "cycles with a confirmed febrile neutropenia",
       "chemotherapy cycles started"},
      {kPrimaryProphylaxisHighRisk, "Primary prophylaxis rate, high-risk regimens",
       "cycle-1 starts on a high-risk (>20%) regimen that got G-CSF in that cycle",
       "cycle-1 starts on a high-risk regimen"},
      {kProphylaxisOveruse, "Inappropriate prophylaxis (over-use)",
       "low-risk cycles with prophylactic G-CSF", "low-risk cycles"},
      {kClosedLoopRate, "Critical-value closed-loop rate",
       "critical values whose alert was closed", "critical values raised"},
      // Cycle 1 is not due: no earlier cycle, so no myelosuppression, can
      // delay it.
      {kChemoDelayRate, "Chemotherapy delay rate",
       absl::StrCat("cycles started > ", kLateStartDays,
                    " days after the planned date because of myelosuppression"),
       "cycles due (cycle 2 on, with a planned date)"},
      {kRdiAtLeastCutOff, absl::StrCat("Relative dose intensity >= ", kRdiCutOffPercent, "%"),
       absl::StrCat("finished courses with RDI >= ", kRdiCutOffPercent, "%"), kFinishedCourses},
      {kMedianRdi, "Relative dose intensity, median", "",
       "finished courses' RDI: delivered / planned dose intensity, mean of the drugs",
       v1::INDICATOR_KIND_MEDIAN, "%"},
      {kOnTimeCompletion, "On-time completion rate",
       absl::StrCat("finished courses with no cycle from 2 on started > ", kLateStartDays,
                    " days late and RDI >= ", kRdiCutOffPercent, "%"),
       kFinishedCourses},
  };
  return kIndicators;
}

void AddMyeloIndicatorEntries(const v1::PatientState& state, IndexMap& entries) {
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    const v1::Case* owner = FindCase(state, cycle.case_id());
    if (owner == nullptr) continue;
    // Credited to the site that owned the case when the cycle started, even
    // if a transfer moved it since.
    ItemWriter item(entries, OwnerAt(*owner, ToAbslTime(cycle.started_at())),
                    Day(cycle.started_at()), owner->tumor_type(), cycle.id());
    const v1::FnRiskAssessment* assessment = AssessmentOf(state, cycle);
    item.Count(kRiskAssessmentRate, assessment != nullptr);
    if (assessment != nullptr && cycle.cycle_number() == 1 &&
        assessment->regimen_category() == v1::FN_RISK_LEVEL_HIGH) {
      item.Count(kPrimaryProphylaxisHighRisk, GotProphylaxis(state, cycle));
    }
    if (assessment != nullptr && assessment->regimen_category() == v1::FN_RISK_LEVEL_LOW) {
      item.Count(kProphylaxisOveruse, GotProphylaxis(state, cycle));
    }
    item.Count(kFnIncidence, cycle.febrile_neutropenia());
    if (cycle.anc_results() > 0) {
      item.Count(kCinGrade2, cycle.worst_anc_grade() >= 2);
      item.Count(kCinGrade3, cycle.worst_anc_grade() >= 3);
    }
    std::optional<int64_t> late = DaysLate(cycle);
    if (cycle.cycle_number() >= 2 && late) {
      item.Count(kChemoDelayRate,
                 *late > kLateStartDays &&
                     cycle.delay_reason() == v1::CHEMO_DELAY_REASON_MYELOSUPPRESSION);
    }
  }
  for (const v1::Case& owner : state.cases()) {
    std::optional<FinishedCourse> course = FinishedCourseOf(state, owner.id());
    if (!course) continue;
    ItemWriter item(entries, OwnerAt(owner, ToAbslTime(course->last->started_at())),
                    Day(course->last->started_at()), owner.tumor_type(), owner.id());
    const bool full_intensity = course->rdi_percent >= kRdiCutOffPercent - kRdiRoundingSlack;
    item.Count(kRdiAtLeastCutOff, full_intensity);
    item.Value(kMedianRdi, MedianValueText(course->rdi_percent));
    item.Count(kOnTimeCompletion, full_intensity && !course->delayed);
  }
  for (const v1::Alert& alert : state.alerts()) {
    if (!absl::StartsWith(alert.kind(), "myelo.critical_")) continue;
    const v1::Case* owner = FindCase(state, alert.case_id());
    ItemWriter item(entries, alert.site_id(), Day(alert.raised_at()),
                    owner == nullptr ? "" : owner->tumor_type(), alert.id());
    item.Count(kClosedLoopRate, alert.status() == v1::ALERT_STATUS_CLOSED);
    if (alert.has_acknowledged_at()) {
      absl::Duration waited = ToAbslTime(alert.acknowledged_at()) - ToAbslTime(alert.raised_at());
      item.Value(kMinutesToAcknowledge, MedianValueText(absl::ToDoubleMinutes(waited)));
    }
  }
}

}  // namespace casehub::engine
