#include "tools/bench/chemo_course.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/status_macros.h"
#include "tools/bench/fn_risk_form.h"
#include "tools/bench/lab_result_request.h"

namespace casehub::bench {
namespace {

struct Dose {
  const char* drug;
  const char* unit;
  double planned;
};

// A catalogue regimen (plugins/myelosuppression/tables/regimens.textproto)
// at its catalogue cycle length, with usual doses per cycle.
struct Regimen {
  const char* id;
  int cycle_days;
  bool high_fn_risk;
  std::vector<Dose> doses;
};

Regimen PickRegimen(Random& random, const std::string& tumor_type) {
  if (tumor_type == "lung") {
    // One lung regimen so far; others join the list as they are checked.
    return Pick(random, {Regimen{"lung.ep", 21, false,
                                 {{"etoposide", "mg/m2", 300}, {"carboplatin", "mg", 500}}}});
  }
  if (tumor_type == "breast") {
    return Pick(random,
                {Regimen{"breast.tc", 21, true,
                         {{"docetaxel", "mg/m2", 75}, {"cyclophosphamide", "mg/m2", 600}}},
                 Regimen{"breast.ddac_t", 14, true,
                         {{"doxorubicin", "mg/m2", 60}, {"cyclophosphamide", "mg/m2", 600}}}});
  }
  if (tumor_type == "gastric") {
    return Pick(random, {Regimen{"gastric.capox", 21, false,
                                 {{"oxaliplatin", "mg/m2", 130}, {"capecitabine", "mg/m2", 28000}}},
                         Regimen{"gastric.folfox", 14, false,
                                 {{"oxaliplatin", "mg/m2", 85},
                                  {"fluorouracil", "mg/m2", 2800},
                                  {"leucovorin", "mg/m2", 400}}}});
  }
  return Pick(random, {Regimen{"gyn.carboplatin_paclitaxel_q3w", 21, false,
                               {{"paclitaxel", "mg/m2", 175}, {"carboplatin", "mg", 600}}},
                       Regimen{"gyn.paclitaxel_cisplatin", 21, false,
                               {{"paclitaxel", "mg/m2", 135}, {"cisplatin", "mg/m2", 75}}}});
}

// Below this the module's default rule raises a critical-value alert.
constexpr double kCriticalAnc = 1.0;
// A grade 4 nadir: the next cycle waits and is given at a lower dose.
constexpr double kGrade4Anc = 0.5;
constexpr double kReducedDoseShare = 0.8;
// Chance of a fever with a nadir below 1.0, without and with G-CSF: about
// the FN rates of high-risk regimens (clinical-rules.md §2) and what
// primary prophylaxis leaves of them.
constexpr double kFeverChance = 0.25;
constexpr double kFeverChanceUnderProphylaxis = 0.08;

double TwoDecimals(double value) { return std::round(value * 100) / 100; }

absl::Time At(absl::CivilDay day, absl::Duration after_midnight) {
  return absl::FromCivil(day, absl::UTCTimeZone()) + after_midnight;
}

class Course {
 public:
  Course(PatientWriter& writer, Random& random, std::string case_id, const CasePlan& plan,
         bool older_than_65)
      : writer_(writer),
        random_(random),
        case_id_(std::move(case_id)),
        plan_(plan),
        older_than_65_(older_than_65),
        regimen_(PickRegimen(random, plan.tumor_type)),
        planned_cycles_(Between(random, 4, 6)),
        baseline_anc_(Between(random, 2.0, 6.5)) {}

  absl::Status Run() {
    absl::CivilDay planned = absl::ToCivilDay(writer_.Now(), absl::UTCTimeZone()) + 1;
    double last_nadir = baseline_anc_;
    for (int cycle = 1; cycle <= planned_cycles_; ++cycle) {
      const bool after_grade4 = last_nadir < kGrade4Anc;
      v1::ChemoDelayReason reason = v1::CHEMO_DELAY_REASON_UNSPECIFIED;
      int delay_days = 0;
      if (after_grade4) {
        reason = v1::CHEMO_DELAY_REASON_MYELOSUPPRESSION;
        delay_days = Between(random_, 3, 10);
      } else if (cycle > 1 && Chance(random_, 0.1)) {
        reason = Pick(random_, {v1::CHEMO_DELAY_REASON_PATIENT, v1::CHEMO_DELAY_REASON_LOGISTICS});
        delay_days = Between(random_, 1, 10);
      }
      const absl::CivilDay start_day = planned + delay_days;
      if (!writer_.MoveTo(At(start_day - 1, absl::Hours(Between(random_, 8, 15))))) break;
      RETURN_IF_ERROR(RecordAnc(baseline_anc_ * Between(random_, 0.8, 1.1)));
      ASSIGN_OR_RETURN(const v1::ProphylaxisRecommendation recommended, Assess(cycle));
      RETURN_IF_ERROR(Consent(cycle));
      const absl::Duration start_time = absl::Hours(9) + absl::Minutes(Between(random_, 0, 120));
      if (!writer_.MoveTo(At(start_day, start_time))) break;
      const absl::Time started = writer_.Now();
      RETURN_IF_ERROR(Start(cycle, planned, reason, after_grade4 ? kReducedDoseShare : 1.0));

      const bool prophylaxis =
          recommended == v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY ||
          recommended == v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY ||
          (recommended == v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER && Chance(random_, 0.5));
      if (prophylaxis) {
        if (!writer_.MoveTo(started + absl::Hours(Between(random_, 28, 52)))) break;
        RETURN_IF_ERROR(GiveProphylaxis(cycle, started));
      }
      // The ANC falls towards its nadir around days 10-14, less deep under G-CSF.
      const double nadir =
          baseline_anc_ * (prophylaxis               ? Between(random_, 0.2, 0.8)
                           : regimen_.high_fn_risk ? Between(random_, 0.05, 0.55)
                                                   : Between(random_, 0.15, 0.75));
      if (!writer_.MoveTo(started + absl::Hours(24 * 6 + Between(random_, 1, 20)))) break;
      RETURN_IF_ERROR(RecordAnc((nadir + baseline_anc_) / 2));
      // Late enough that the draw, up to 3 h before, still falls in days 10-13.
      if (!writer_.MoveTo(started + absl::Hours(24 * Between(random_, 9, 12) +
                                                Between(random_, 4, 20)))) {
        break;
      }
      RETURN_IF_ERROR(RecordAnc(nadir));
      if (nadir < kCriticalAnc &&
          Chance(random_, prophylaxis ? kFeverChanceUnderProphylaxis : kFeverChance)) {
        if (!writer_.Advance(absl::Hours(Between(random_, 2, 20)))) break;
        RETURN_IF_ERROR(RecordFever(nadir));
      }
      last_nadir = nadir;
      planned = start_day + regimen_.cycle_days;
    }
    return absl::OkStatus();
  }

 private:
  // A blood count drawn an hour or two ago; a critical one goes round the
  // alert loop.
  absl::Status RecordAnc(double anc) {
    const double value = TwoDecimals(anc);
    v1::Command command;
    v1::RecordLabResultRequest& request = *command.mutable_record_lab_result();
    request.set_patient_id(writer_.patient_id());
    *request.mutable_result() =
        AncResult(value, writer_.Now() - absl::Minutes(Between(random_, 30, 180)));
    request.mutable_result()->set_case_id(case_id_);
    RETURN_IF_ERROR(writer_.Execute(std::move(command)).status());
    if (value >= kCriticalAnc) return absl::OkStatus();
    return CloseRaisedAlerts();
  }

  // The closed loop for every alert still raised: acknowledged within
  // minutes, an intervention, closed within hours.
  absl::Status CloseRaisedAlerts() {
    ASSIGN_OR_RETURN(v1::PatientState state, writer_.State());
    for (const v1::Alert& alert : state.alerts()) {
      if (alert.status() != v1::ALERT_STATUS_RAISED) continue;
      if (!writer_.Advance(absl::Minutes(Between(random_, 2, 14)))) return absl::OkStatus();
      v1::Command acknowledge;
      acknowledge.mutable_acknowledge_alert()->set_alert_id(alert.id());
      acknowledge.mutable_acknowledge_alert()->set_note("value read back to the ward");
      RETURN_IF_ERROR(writer_.Execute(std::move(acknowledge)).status());

      if (!writer_.Advance(absl::Minutes(Between(random_, 10, 60)))) return absl::OkStatus();
      v1::Command intervene;
      intervene.mutable_record_alert_intervention()->set_alert_id(alert.id());
      intervene.mutable_record_alert_intervention()->set_intervention(
          Pick(random_, {"PEG-rhG-CSF ordered", "rhG-CSF ordered, repeat CBC in 48 h",
                         "neutropenic precautions, repeat CBC in 48 h"}));
      RETURN_IF_ERROR(writer_.Execute(std::move(intervene)).status());

      if (!writer_.Advance(absl::Minutes(Between(random_, 60, 360)))) return absl::OkStatus();
      v1::Command close;
      close.mutable_close_alert()->set_alert_id(alert.id());
      close.mutable_close_alert()->set_closing_note("progress note written");
      RETURN_IF_ERROR(writer_.Execute(std::move(close)).status());
    }
    return absl::OkStatus();
  }

  // A long-acting G-CSF dose, as the ward gives it a day or two after the
  // infusion (clinical-rules.md: >= 24 h after chemotherapy ends).
  absl::Status GiveProphylaxis(int cycle, absl::Time started) {
    v1::Command command;
    v1::RecordProphylaxisRequest& request = *command.mutable_record_prophylaxis();
    request.set_case_id(case_id_);
    request.set_cycle_number(cycle);
    request.set_drug(Pick(random_, {"pegfilgrastim", "mecapegfilgrastim"}));
    request.set_dose(6);
    request.set_dose_unit("mg");
    // The infusion ran about four hours.
    request.set_hours_after_chemo_end(
        std::round(absl::ToDoubleHours(writer_.Now() - started) - 4));
    request.mutable_administered_at()->set_seconds(absl::ToUnixSeconds(writer_.Now()));
    return writer_.Execute(std::move(command)).status();
  }

  // A fever at the nadir, reported with the MASCC items.
  absl::Status RecordFever(double anc) {
    v1::Command command;
    v1::RecordFebrileEpisodeRequest& request = *command.mutable_record_febrile_episode();
    request.set_case_id(case_id_);
    request.mutable_observed_at()->set_seconds(
        absl::ToUnixSeconds(writer_.Now() - absl::Minutes(Between(random_, 10, 60))));
    request.set_temperature_c(TwoDecimals(Between(random_, 38.1, 39.6)));
    request.set_temperature_sustained_1h(Chance(random_, 0.7));
    request.set_anc(TwoDecimals(anc));
    v1::MasccItems& mascc = *request.mutable_mascc();
    mascc.set_burden_of_illness(Pick(random_, {v1::ILLNESS_BURDEN_NONE_OR_MILD,
                                               v1::ILLNESS_BURDEN_MODERATE,
                                               v1::ILLNESS_BURDEN_SEVERE}));
    mascc.set_hypotension(Chance(random_, 0.1));
    mascc.set_copd(Chance(random_, 0.1));
    mascc.set_solid_tumor_or_no_prior_fungal_infection(true);
    mascc.set_dehydration_needing_iv_fluids(Chance(random_, 0.2));
    mascc.set_outpatient_at_onset(Chance(random_, 0.8));
    RETURN_IF_ERROR(writer_.Execute(std::move(command)).status());
    had_fever_ = true;
    return absl::OkStatus();
  }

  // The module's recommendation for the cycle.
  absl::StatusOr<v1::ProphylaxisRecommendation> Assess(int cycle) {
    v1::Command command;
    v1::RecordFnRiskAssessmentRequest& request = *command.mutable_record_fn_risk_assessment();
    request.set_case_id(case_id_);
    request.set_cycle_number(cycle);
    request.set_regimen_id(regimen_.id);
    for (const char* factor : kFnRiskFactors) {
      v1::RiskFactorAnswer& answer = *request.add_answers();
      answer.set_key(factor);
      const std::string key = factor;
      answer.set_present(key == "age_gt_65_full_dose" ? older_than_65_
                         : key == "advanced_disease"  ? plan_.metastatic
                         : key == "prior_chemo_or_rt" ? cycle > 1
                         : key == "prior_FN"          ? had_fever_
                                                      : Chance(random_, 0.05));
    }
    ASSIGN_OR_RETURN(const v1::CommandOutcome outcome, writer_.Execute(std::move(command)));
    ASSIGN_OR_RETURN(const v1::PatientState state, writer_.State());
    for (const v1::FnRiskAssessment& assessment : state.fn_risk_assessments()) {
      if (assessment.id() == outcome.entity_id()) return assessment.recommendation();
    }
    return absl::InternalError(absl::StrCat("assessment ", outcome.entity_id(), " not stored"));
  }

  absl::Status Consent(int cycle) {
    v1::Command command;
    v1::RecordChemoConsentRequest& request = *command.mutable_record_chemo_consent();
    request.set_case_id(case_id_);
    request.set_cycle_number(cycle);
    request.set_document_ref(absl::StrCat("ICF-", writer_.patient_id(), "-", cycle));
    return writer_.Execute(std::move(command)).status();
  }

  absl::Status Start(int cycle, absl::CivilDay planned, v1::ChemoDelayReason reason,
                     double dose_share) {
    v1::Command command;
    v1::StartChemoCycleRequest& request = *command.mutable_start_chemo_cycle();
    request.set_case_id(case_id_);
    request.set_cycle_number(cycle);
    request.set_regimen_id(regimen_.id);
    request.set_planned_start_date(absl::FormatCivilTime(planned));
    request.set_delay_reason(reason);
    request.set_planned_cycles(planned_cycles_);
    request.set_cycle_length_days(regimen_.cycle_days);
    for (const Dose& dose : regimen_.doses) {
      v1::CycleDose& given = *request.add_doses();
      given.set_drug(dose.drug);
      given.set_unit(dose.unit);
      given.set_planned_dose(dose.planned);
      given.set_delivered_dose(dose.planned * dose_share);
    }
    return writer_.Execute(std::move(command)).status();
  }

  PatientWriter& writer_;
  Random& random_;
  const std::string case_id_;
  const CasePlan& plan_;
  const bool older_than_65_;
  const Regimen regimen_;
  const int planned_cycles_;
  const double baseline_anc_;
  bool had_fever_ = false;
};

}  // namespace

absl::Status RunChemoCourse(PatientWriter& writer, Random& random, const std::string& case_id,
                            const CasePlan& plan, bool older_than_65) {
  return Course(writer, random, case_id, plan, older_than_65).Run();
}

}  // namespace casehub::bench
