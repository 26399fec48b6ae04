// Hand-built patients, assessments and cycles for the chemotherapy rules'
// tests: one patient, cases by tumor type, times in whole seconds.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/state.pb.h"
#include "google/protobuf/util/time_util.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"

namespace casehub::myelosuppression {

inline constexpr char kPatient[] = "p0000000000ab";
inline constexpr char kCase[] = "p0000000000ab-c2";
inline constexpr char kCounty[] = "qs-county";
// 2001-09-09T01:46:40Z: cycles start here unless a test says otherwise.
inline constexpr int64_t kStart = 1000000000;
inline constexpr int64_t kDay = 24 * 3600;

inline google::protobuf::Timestamp At(int64_t seconds) {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(seconds);
}

inline absl::Time AbslAt(int64_t seconds) { return absl::FromUnixSeconds(seconds); }

// The patient, registered at jc-hub, with an open case of `tumor_type`
// owned by qs-county.
inline v1::PatientState Patient(absl::string_view tumor_type, const std::string& case_id = kCase) {
  v1::PatientState state;
  state.mutable_patient()->set_id(kPatient);
  state.mutable_patient()->set_registering_site_id("jc-hub");
  v1::Case& c = *state.add_cases();
  c.set_id(case_id);
  c.set_patient_id(kPatient);
  c.set_tumor_type(std::string(tumor_type));
  c.set_owning_site_id(kCounty);
  c.set_status(v1::CASE_STATUS_OPEN);
  return state;
}

// Every factor of risk_factors.textproto answered once, in table order;
// those in `present` answered present.
inline google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer> Answers(
    const std::vector<absl::string_view>& present = {}) {
  google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer> answers;
  for (const RiskFactor& factor : EmbeddedChemoRules().risk_factors().factor()) {
    v1::RiskFactorAnswer& answer = *answers.Add();
    answer.set_key(factor.key());
    answer.set_present(std::find(present.begin(), present.end(), factor.key()) != present.end());
  }
  return answers;
}

// An assessment of `cycle_number` of kCase made at `assessed_at`, with a
// result (as the module derives it) unless `with_result` is false.
inline v1::FnRiskAssessment Assessment(uint32_t cycle_number, const std::string& regimen_id,
                                       int64_t assessed_at, bool with_result = true) {
  v1::FnRiskAssessment assessment;
  assessment.set_id("p0000000000ab-r5");
  assessment.set_case_id(kCase);
  assessment.set_cycle_number(cycle_number);
  assessment.set_regimen_id(regimen_id);
  *assessment.mutable_answers() = Answers();
  *assessment.mutable_assessed_at() = At(assessed_at);
  if (with_result) {
    assessment.set_regimen_category(v1::FN_RISK_LEVEL_INTERMEDIATE);
    assessment.set_overall_risk(v1::FN_RISK_LEVEL_INTERMEDIATE);
    assessment.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE);
  }
  return assessment;
}

inline v1::ChemoConsent Consent(uint32_t cycle_number, const std::string& case_id = kCase) {
  v1::ChemoConsent consent;
  consent.set_case_id(case_id);
  consent.set_cycle_number(cycle_number);
  consent.set_document_ref("scan-0042");
  return consent;
}

inline v1::ChemoCycle Cycle(uint32_t cycle_number, const std::string& regimen_id,
                            int64_t started_at, int32_t worst_anc_grade = 0,
                            const std::string& case_id = kCase) {
  v1::ChemoCycle cycle;
  cycle.set_id(absl::StrCat(kPatient, "-y", 10 + cycle_number));
  cycle.set_case_id(case_id);
  cycle.set_cycle_number(cycle_number);
  cycle.set_regimen_id(regimen_id);
  *cycle.mutable_started_at() = At(started_at);
  cycle.set_worst_anc_grade(worst_anc_grade);
  return cycle;
}

}  // namespace casehub::myelosuppression
