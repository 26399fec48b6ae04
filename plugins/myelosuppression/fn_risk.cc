#include "plugins/myelosuppression/fn_risk.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace casehub::myelosuppression {
namespace {

constexpr char kDecisionRules[] = "[clinical-rules.md §2.4]";

// The category's name and expected FN incidence (§2.1).
absl::string_view LevelName(v1::FnRiskLevel level) {
  switch (level) {
    case v1::FN_RISK_LEVEL_HIGH:
      return "HIGH";
    case v1::FN_RISK_LEVEL_INTERMEDIATE:
      return "INTERMEDIATE";
    default:
      return "LOW";
  }
}

absl::string_view Incidence(v1::FnRiskLevel level) {
  switch (level) {
    case v1::FN_RISK_LEVEL_HIGH:
      return ">20%";
    case v1::FN_RISK_LEVEL_INTERMEDIATE:
      return "10–20%";
    default:
      return "<10%";
  }
}

int FactorIndex(const RiskFactorTable& table, absl::string_view key) {
  for (int i = 0; i < table.factor_size(); ++i) {
    if (table.factor(i).key() == key) return i;
  }
  return -1;
}

// The factors answered present, in table order.
std::vector<const RiskFactor*> PresentFactors(const RiskFactorTable& table,
                                              const v1::FnRiskAssessment& assessment) {
  std::vector<bool> present(table.factor_size());
  for (const v1::RiskFactorAnswer& answer : assessment.answers()) {
    const int index = FactorIndex(table, answer.key());
    if (index >= 0 && answer.present()) present[index] = true;
  }
  std::vector<const RiskFactor*> factors;
  for (int i = 0; i < table.factor_size(); ++i) {
    if (present[i]) factors.push_back(&table.factor(i));
  }
  return factors;
}

// The primary decision (§2.1, §2.4) from the regimen's category and the
// number of patient risk factors present.
void DecidePrimary(v1::FnRiskLevel category, const std::vector<const RiskFactor*>& present,
                   v1::FnRiskAssessed& result) {
  switch (category) {
    case v1::FN_RISK_LEVEL_HIGH:
      result.set_overall_risk(v1::FN_RISK_LEVEL_HIGH);
      result.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY);
      result.add_reasons(absl::StrCat(
          "HIGH regimen → primary prophylaxis (PEG-rhG-CSF or rhG-CSF) ", kDecisionRules));
      return;
    case v1::FN_RISK_LEVEL_INTERMEDIATE:
      if (present.empty()) {
        result.set_overall_risk(v1::FN_RISK_LEVEL_INTERMEDIATE);
        result.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE);
        result.add_reasons(absl::StrCat(
            "INTERMEDIATE regimen, no patient risk factor → observe, reassess next cycle ",
            kDecisionRules));
        return;
      }
      // EORTC: "intermediate regimen + patient factors → overall risk >20%";
      // §2.4's "PRIMARY_PROPHYLAXIS (recommend/consider)" is CONSIDER.
      result.set_overall_risk(v1::FN_RISK_LEVEL_HIGH);
      result.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER);
      result.add_reasons(absl::StrCat(
          "INTERMEDIATE regimen + ", present.size(), " patient risk factor",
          present.size() == 1 ? "" : "s", " (",
          absl::StrJoin(
              present, ", ",
              [](std::string* out, const RiskFactor* factor) { out->append(factor->key()); }),
          ") → overall risk >20% (EORTC) → consider primary prophylaxis ", kDecisionRules));
      return;
    default:
      result.set_overall_risk(v1::FN_RISK_LEVEL_LOW);
      result.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_NONE);
      result.add_reasons(absl::StrCat("LOW regimen → no routine prophylaxis, reassess every cycle ",
                                      kDecisionRules));
      return;
  }
}

// §2.4 secondary prophylaxis: one reason per finding; true when any.
bool FindSecondaryGrounds(const RiskFactorTable& table,
                          const std::vector<const RiskFactor*>& present,
                          const v1::FnRiskAssessment& assessment, const v1::PatientState& state,
                          v1::FnRiskAssessed& result) {
  bool found = false;
  for (const RiskFactor* factor : present) {
    if (!factor->secondary_prophylaxis()) continue;
    result.add_reasons(
        absl::StrCat(factor->key(), " present → secondary prophylaxis ", kDecisionRules));
    found = true;
  }
  const int32_t grade = table.secondary_prophylaxis_anc_grade();
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    if (cycle.case_id() != assessment.case_id() ||
        cycle.cycle_number() >= assessment.cycle_number()) {
      continue;
    }
    if (cycle.febrile_neutropenia()) {
      result.add_reasons(absl::StrCat("cycle ", cycle.cycle_number(),
                                      " had febrile neutropenia → secondary prophylaxis ",
                                      kDecisionRules));
      found = true;
    }
    if (cycle.worst_anc_grade() < grade) continue;
    result.add_reasons(absl::StrCat("cycle ", cycle.cycle_number(), " had ANC grade ",
                                    cycle.worst_anc_grade(), " (grade >= ", grade,
                                    " is taken as dose-limiting neutropenia) → secondary "
                                    "prophylaxis ",
                                    kDecisionRules));
    found = true;
  }
  return found;
}

}  // namespace

absl::Status CheckRiskAnswers(
    const RiskFactorTable& table,
    const google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer>& answers) {
  std::vector<bool> answered(table.factor_size());
  for (const v1::RiskFactorAnswer& answer : answers) {
    const int index = FactorIndex(table, answer.key());
    if (index < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("answers: unknown risk factor '", answer.key(), "'"));
    }
    if (answered[index]) {
      return absl::InvalidArgumentError(
          absl::StrCat("answers: '", answer.key(), "' answered twice"));
    }
    answered[index] = true;
  }
  std::vector<absl::string_view> missing;
  for (int i = 0; i < table.factor_size(); ++i) {
    if (!answered[i]) missing.push_back(table.factor(i).key());
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("answers: missing ", absl::StrJoin(missing, ", ")));
}

v1::FnRiskAssessed AssessFnRisk(const RiskFactorTable& table, const Regimen& regimen,
                                const v1::FnRiskAssessment& assessment,
                                const v1::PatientState& state) {
  v1::FnRiskAssessed result;
  result.set_assessment_id(assessment.id());
  result.set_regimen_category(regimen.fn_category());
  result.add_reasons(absl::StrCat("regimen ", regimen.id(), " is ",
                                  LevelName(regimen.fn_category()), " risk (",
                                  Incidence(regimen.fn_category()), ") [", regimen.source(), "]"));
  const std::vector<const RiskFactor*> present = PresentFactors(table, assessment);
  DecidePrimary(regimen.fn_category(), present, result);
  if (!FindSecondaryGrounds(table, present, assessment, state, result)) return result;
  if (result.recommendation() == v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY) {
    // G-CSF is due every cycle already; §2.4's last rule is what is left.
    result.add_reasons(absl::StrCat(
        "secondary prophylaxis is covered by the primary prophylaxis of the HIGH regimen; if "
        "FN happened despite prophylaxis, consider dose reduction or regimen change ",
        kDecisionRules));
  } else {
    result.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY);
  }
  return result;
}

}  // namespace casehub::myelosuppression
