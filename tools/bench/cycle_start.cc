#include "tools/bench/cycle_start.h"

#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"
#include "tools/bench/fn_risk_form.h"
#include "tools/bench/lab_result_request.h"

namespace casehub::bench {

absl::Status StartLungCycle(const CasehubTarget& target, v1::ChemoService::Stub& chemo,
                            absl::BitGen& random, const std::string& case_id,
                            uint32_t cycle_number) {
  constexpr const char* kRegimen = "lung.ep";  // plugins/myelosuppression/tables/regimens
  v1::RecordFnRiskAssessmentRequest assessment;
  assessment.mutable_meta()->set_request_id(NewRequestId(random));
  assessment.set_case_id(case_id);
  assessment.set_cycle_number(cycle_number);
  assessment.set_regimen_id(kRegimen);
  for (const char* factor : kFnRiskFactors) {
    v1::RiskFactorAnswer& answer = *assessment.add_answers();
    answer.set_key(factor);
    answer.set_present(absl::string_view(factor) == "prior_chemo_or_rt" && cycle_number > 1);
  }
  v1::FnRiskAssessment assessed;
  RETURN_IF_ERROR(CallHub(target, chemo, &v1::ChemoService::Stub::RecordFnRiskAssessment,
                          assessment, assessed));

  v1::RecordChemoConsentRequest consent;
  consent.mutable_meta()->set_request_id(NewRequestId(random));
  consent.set_case_id(case_id);
  consent.set_cycle_number(cycle_number);
  consent.set_document_ref(absl::StrCat("ICF-", case_id, "-", cycle_number));
  v1::ChemoConsent consented;
  RETURN_IF_ERROR(
      CallHub(target, chemo, &v1::ChemoService::Stub::RecordChemoConsent, consent, consented));

  v1::StartChemoCycleRequest start;
  start.mutable_meta()->set_request_id(NewRequestId(random));
  start.set_case_id(case_id);
  start.set_cycle_number(cycle_number);
  start.set_regimen_id(kRegimen);
  start.set_planned_cycles(kCyclesPerCourse);
  start.set_cycle_length_days(21);
  // From cycle 2 on a planned date is required and must follow the last
  // start, which was today at the latest.
  if (cycle_number > 1) {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    start.set_planned_start_date(absl::FormatCivilTime(today + 1));
  }
  for (const auto& [drug, unit, dose] :
       {std::tuple{"etoposide", "mg/m2", 300.0}, std::tuple{"carboplatin", "mg", 500.0}}) {
    v1::CycleDose& given = *start.add_doses();
    given.set_drug(drug);
    given.set_unit(unit);
    given.set_planned_dose(dose);
    given.set_delivered_dose(dose);
  }
  v1::ChemoCycle started;
  return CallHub(target, chemo, &v1::ChemoService::Stub::StartChemoCycle, start, started);
}

}  // namespace casehub::bench
