#include "services/engine/myelo_indicators.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"
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
    entries_[store::IndicatorKey(indicator, site_, date_, tumor_, 'D', item_)] = "";
    if (counted) entries_[store::IndicatorKey(indicator, site_, date_, tumor_, 'N', item_)] = "";
  }
  void Value(const char* indicator, const std::string& value) {
    entries_[store::IndicatorKey(indicator, site_, date_, tumor_, 'V', item_)] = value;
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

}  // namespace

const std::vector<IndicatorDefinition>& MyeloIndicators() {
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
  };
  return kIndicators;
}

void AddMyeloIndicatorEntries(const v1::PatientState& state, IndexMap& entries) {
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    const v1::Case* owner = FindCase(state, cycle.case_id());
    if (owner == nullptr) continue;
    ItemWriter item(entries, owner->owning_site_id(), Day(cycle.started_at()),
                    owner->tumor_type(), cycle.id());
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
  }
  for (const v1::Alert& alert : state.alerts()) {
    if (!absl::StartsWith(alert.kind(), "myelo.critical_")) continue;
    const v1::Case* owner = FindCase(state, alert.case_id());
    ItemWriter item(entries, alert.site_id(), Day(alert.raised_at()),
                    owner == nullptr ? "" : owner->tumor_type(), alert.id());
    item.Count(kClosedLoopRate, alert.status() == v1::ALERT_STATUS_CLOSED);
    if (alert.has_acknowledged_at()) {
      absl::Duration waited = ToAbslTime(alert.acknowledged_at()) - ToAbslTime(alert.raised_at());
      item.Value(kMinutesToAcknowledge, absl::StrCat(absl::ToDoubleMinutes(waited)));
    }
  }
}

}  // namespace casehub::engine
