#include "services/engine/chemo_rules.h"

#include <cmath>
#include <cstdlib>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"

namespace casehub::engine {
namespace {

absl::Status CheckOpenCase(const v1::PatientState& state, const std::string& case_id) {
  const v1::Case* found = FindCase(state, case_id);
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("case_id: case ", case_id, " not found"));
  }
  if (found->status() != v1::CASE_STATUS_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("case ", case_id, " is closed"));
  }
  return absl::OkStatus();
}

constexpr uint32_t kMaxCycles = 100;

absl::Status CheckCycleNumber(uint32_t cycle_number) {
  if (cycle_number == 0) return InvalidField("cycle_number", "must be 1 or more");
  if (cycle_number > kMaxCycles) {
    return InvalidField("cycle_number", absl::StrCat("must be at most ", kMaxCycles));
  }
  return absl::OkStatus();
}

const v1::ChemoCycle* StartedCycle(const v1::PatientState& state, const std::string& case_id,
                                   uint32_t cycle_number) {
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    if (cycle.case_id() == case_id && cycle.cycle_number() == cycle_number) return &cycle;
  }
  return nullptr;
}

absl::Status CheckNotStarted(const v1::PatientState& state, const std::string& case_id,
                             uint32_t cycle_number, absl::string_view what) {
  if (StartedCycle(state, case_id, cycle_number) != nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cycle ", cycle_number, " of case ", case_id, " has already started; ", what,
        " is for a cycle still to come"));
  }
  return absl::OkStatus();
}

// A planned date this far from the start is a typing error (a wrong year or
// month), not a plan: cycles are planned weeks ahead.
constexpr int64_t kMaxPlannedDateDistanceDays = 180;
// Schedules run from weekly to q6w/q8w; a longer one is not a cycle.
constexpr uint32_t kMaxCycleLengthDays = 90;
// A delivered dose above 125% of the planned one is refused as implausible.
// Doses are given at or below the plan, give or take rounding to vial sizes;
// far above it is a unit mix-up — the mg given, typed where the mg/m2 dose
// goes, is 1.5–2 times it for an adult's 1.5–2 m2 — and would inflate the
// relative dose intensity.
constexpr double kMaxDeliveredOfPlanned = 1.25;

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) return std::nullopt;
  return day;
}

// A value of the course's plan: the request's on the course's first cycle;
// afterwards the course's, `course` (0 when it has none), which a request
// may repeat but not change.
absl::StatusOr<uint32_t> PlanValue(absl::string_view field, uint32_t requested, uint32_t max,
                                   uint32_t course, const std::string& case_id) {
  if (course != 0) {
    if (requested != 0 && requested != course) {
      return InvalidField(field, absl::StrCat("the course of case ", case_id, " was planned with ",
                                              course, " at cycle 1, got ", requested,
                                              "; a plan is not changed mid-course"));
    }
    return course;
  }
  if (requested == 0) {
    return InvalidField(
        field, "is required: the course has no plan yet (cycle 1 sets it, later cycles keep it)");
  }
  if (requested > max) {
    return InvalidField(field, absl::StrCat("must be from 1 to ", max, ", got ", requested));
  }
  return requested;
}

// Sets the course's plan, kept on every cycle, on `cycle`; refuses a cycle
// beyond it.
absl::Status SetPlan(const v1::StartChemoCycleRequest& request, const v1::ChemoCycle* previous,
                     v1::ChemoCycle& cycle) {
  const v1::ChemoCycle& course =
      previous == nullptr ? v1::ChemoCycle::default_instance() : *previous;
  ASSIGN_OR_RETURN(uint32_t planned_cycles,
                   PlanValue("planned_cycles", request.planned_cycles(), kMaxCycles,
                             course.planned_cycles(), request.case_id()));
  ASSIGN_OR_RETURN(uint32_t cycle_length_days,
                   PlanValue("cycle_length_days", request.cycle_length_days(),
                             kMaxCycleLengthDays, course.cycle_length_days(), request.case_id()));
  if (request.cycle_number() > planned_cycles) {
    return InvalidField("cycle_number",
                        absl::StrCat("cycle ", request.cycle_number(), " is beyond the ",
                                     planned_cycles, " planned for case ", request.case_id()));
  }
  cycle.set_planned_cycles(planned_cycles);
  cycle.set_cycle_length_days(cycle_length_days);
  return absl::OkStatus();
}

// Sets the planned date and the delay reason on `cycle`, whose started_at is
// set: a late start must say why, an early or on-time one has nothing to
// explain.
absl::Status SetPlannedStart(const v1::StartChemoCycleRequest& request,
                             const v1::ChemoCycle* previous, v1::ChemoCycle& cycle) {
  if (!v1::ChemoDelayReason_IsValid(request.delay_reason())) {
    return InvalidField("delay_reason", absl::StrCat("unknown value ", request.delay_reason()));
  }
  const std::string& text = request.planned_start_date();
  if (text.empty()) {
    if (previous != nullptr) {
      return InvalidField("planned_start_date",
                          "is required from cycle 2 on (delays are counted against it)");
    }
    if (request.delay_reason() != v1::CHEMO_DELAY_REASON_UNSPECIFIED) {
      return InvalidField("delay_reason", "needs a planned_start_date to be late against");
    }
    return absl::OkStatus();
  }
  std::optional<absl::CivilDay> planned = ParseDay(text);
  if (!planned) {
    return InvalidField("planned_start_date",
                        absl::StrCat("must be a date YYYY-MM-DD, got '", text, "'"));
  }
  const absl::CivilDay started = StartDay(cycle);
  const int64_t days_late = started - *planned;
  if (std::llabs(days_late) > kMaxPlannedDateDistanceDays) {
    return InvalidField("planned_start_date",
                        absl::StrCat(text, " is more than ", kMaxPlannedDateDistanceDays,
                                     " days from the start, ", absl::FormatCivilTime(started),
                                     "; check the year and month"));
  }
  if (previous != nullptr && *planned <= StartDay(*previous)) {
    return InvalidField("planned_start_date",
                        absl::StrCat("must be after the start of cycle ", previous->cycle_number(),
                                     " (", absl::FormatCivilTime(StartDay(*previous)),
                                     "), got ", text));
  }
  if (days_late > kLateStartDays && request.delay_reason() == v1::CHEMO_DELAY_REASON_UNSPECIFIED) {
    return InvalidField("delay_reason",
                        absl::StrCat("is required: the cycle starts ", days_late,
                                     " days after its planned date ", text, " (more than ",
                                     kLateStartDays, " days is a delay)"));
  }
  if (days_late <= 0 && request.delay_reason() != v1::CHEMO_DELAY_REASON_UNSPECIFIED) {
    return InvalidField("delay_reason",
                        absl::StrCat("the cycle starts on or before its planned date ", text,
                                     "; there is no delay to explain"));
  }
  cycle.set_planned_start_date(text);
  cycle.set_delay_reason(request.delay_reason());
  return absl::OkStatus();
}

// Checks each drug's doses and copies them to `cycle`. A drug keeps its unit
// through the course, so that its doses add up.
absl::Status SetDoses(const v1::StartChemoCycleRequest& request, const v1::PatientState& state,
                      v1::ChemoCycle& cycle) {
  if (request.doses().empty()) {
    return InvalidField("doses",
                        "at least one drug is required (for the relative dose intensity)");
  }
  std::set<std::string> drugs;
  for (int i = 0; i < request.doses_size(); ++i) {
    const v1::CycleDose& dose = request.doses(i);
    const std::string field = absl::StrCat("doses[", i, "]");
    RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".drug"), dose.drug(), 64, true));
    const std::string drug = absl::AsciiStrToLower(dose.drug());
    if (!drugs.insert(drug).second) {
      return InvalidField(absl::StrCat(field, ".drug"),
                          absl::StrCat("'", dose.drug(), "' is listed twice"));
    }
    if (dose.unit() != "mg/m2" && dose.unit() != "mg") {
      return InvalidField(absl::StrCat(field, ".unit"),
                          absl::StrCat("must be mg/m2 or mg, got '", dose.unit(), "'"));
    }
    if (!std::isfinite(dose.planned_dose()) || dose.planned_dose() <= 0) {
      return InvalidField(absl::StrCat(field, ".planned_dose"),
                          absl::StrCat("must be a number > 0, got ", dose.planned_dose()));
    }
    if (!std::isfinite(dose.delivered_dose()) || dose.delivered_dose() < 0) {
      return InvalidField(absl::StrCat(field, ".delivered_dose"),
                          absl::StrCat("must be a number >= 0, got ", dose.delivered_dose()));
    }
    if (dose.delivered_dose() > dose.planned_dose() * kMaxDeliveredOfPlanned) {
      return InvalidField(absl::StrCat(field, ".delivered_dose"),
                          absl::StrCat(dose.delivered_dose(), " is more than ",
                                       kMaxDeliveredOfPlanned * 100, "% of the planned ",
                                       dose.planned_dose(), " ", dose.unit(),
                                       ": not plausible (check the unit)"));
    }
    for (const v1::ChemoCycle& earlier : state.chemo_cycles()) {
      if (earlier.case_id() != request.case_id()) continue;
      for (const v1::CycleDose& given : earlier.doses()) {
        if (absl::AsciiStrToLower(given.drug()) == drug && given.unit() != dose.unit()) {
          return InvalidField(
              absl::StrCat(field, ".unit"),
              absl::StrCat(dose.drug(), " was dosed in ", given.unit(), " in cycle ",
                           earlier.cycle_number(), "; a drug keeps its unit through the course"));
        }
      }
    }
  }
  *cycle.mutable_doses() = request.doses();
  return absl::OkStatus();
}

}  // namespace

absl::CivilDay StartDay(const v1::ChemoCycle& cycle) {
  return absl::ToCivilDay(ToAbslTime(cycle.started_at()), absl::UTCTimeZone());
}

std::optional<int64_t> DaysLate(const v1::ChemoCycle& cycle) {
  std::optional<absl::CivilDay> planned = ParseDay(cycle.planned_start_date());
  if (!planned) return std::nullopt;
  return StartDay(cycle) - *planned;
}

absl::StatusOr<v1::Event> DecideFnRiskAssessment(const v1::RecordFnRiskAssessmentRequest& request,
                                                 const v1::Actor& actor,
                                                 const v1::PatientState& state,
                                                 uint64_t next_seq, absl::Time now) {
  RETURN_IF_ERROR(CheckOpenCase(state, request.case_id()));
  RETURN_IF_ERROR(CheckCycleNumber(request.cycle_number()));
  RETURN_IF_ERROR(CheckIdField("regimen_id", request.regimen_id()));
  std::set<std::string> keys;
  for (const v1::RiskFactorAnswer& answer : request.answers()) {
    RETURN_IF_ERROR(CheckIdField("answers.key", answer.key()));
    if (!keys.insert(answer.key()).second) {
      return InvalidField("answers", absl::StrCat("'", answer.key(), "' answered twice"));
    }
  }
  RETURN_IF_ERROR(
      CheckNotStarted(state, request.case_id(), request.cycle_number(), "an assessment"));
  v1::Event event;
  v1::FnRiskAssessment* assessment =
      event.mutable_fn_risk_assessment_recorded()->mutable_assessment();
  assessment->set_id(EntityId(state.patient().id(), EntityKind::kAssessment, next_seq));
  assessment->set_case_id(request.case_id());
  assessment->set_cycle_number(request.cycle_number());
  assessment->set_regimen_id(request.regimen_id());
  *assessment->mutable_answers() = request.answers();
  *assessment->mutable_assessed_at() = ToProtoTime(now);
  *assessment->mutable_assessed_by() = actor;
  return event;
}

absl::StatusOr<v1::Event> DecideChemoConsent(const v1::RecordChemoConsentRequest& request,
                                             const v1::Actor& actor, const v1::PatientState& state,
                                             absl::Time now) {
  RETURN_IF_ERROR(CheckOpenCase(state, request.case_id()));
  RETURN_IF_ERROR(CheckCycleNumber(request.cycle_number()));
  RETURN_IF_ERROR(CheckText("document_ref", request.document_ref(), 128, false));
  for (const v1::ChemoConsent& consent : state.chemo_consents()) {
    if (consent.case_id() == request.case_id() &&
        consent.cycle_number() == request.cycle_number()) {
      return absl::AlreadyExistsError(absl::StrCat("consent for cycle ", request.cycle_number(),
                                                   " of case ", request.case_id(),
                                                   " is already recorded"));
    }
  }
  RETURN_IF_ERROR(CheckNotStarted(state, request.case_id(), request.cycle_number(), "a consent"));
  v1::Event event;
  v1::ChemoConsent* consent = event.mutable_chemo_consent_recorded()->mutable_consent();
  consent->set_case_id(request.case_id());
  consent->set_cycle_number(request.cycle_number());
  *consent->mutable_recorded_at() = ToProtoTime(now);
  *consent->mutable_recorded_by() = actor;
  consent->set_document_ref(request.document_ref());
  return event;
}

absl::StatusOr<v1::Event> DecideStartChemoCycle(const v1::StartChemoCycleRequest& request,
                                                const v1::PatientState& state, uint64_t next_seq,
                                                absl::Time now) {
  RETURN_IF_ERROR(CheckOpenCase(state, request.case_id()));
  RETURN_IF_ERROR(CheckCycleNumber(request.cycle_number()));
  RETURN_IF_ERROR(CheckIdField("regimen_id", request.regimen_id()));
  if (StartedCycle(state, request.case_id(), request.cycle_number()) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("cycle ", request.cycle_number(), " of case ",
                                                 request.case_id(), " has already started"));
  }
  const v1::ChemoCycle* previous = nullptr;
  if (request.cycle_number() > 1) {
    previous = StartedCycle(state, request.case_id(), request.cycle_number() - 1);
    if (previous == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cycle ", request.cycle_number(), " of case ", request.case_id(),
          " cannot start before cycle ", request.cycle_number() - 1));
    }
  }
  v1::Event event;
  v1::ChemoCycle* cycle = event.mutable_chemo_cycle_started()->mutable_cycle();
  cycle->set_id(EntityId(state.patient().id(), EntityKind::kCycle, next_seq));
  cycle->set_case_id(request.case_id());
  cycle->set_cycle_number(request.cycle_number());
  cycle->set_regimen_id(request.regimen_id());
  *cycle->mutable_started_at() = ToProtoTime(now);
  RETURN_IF_ERROR(SetPlan(request, previous, *cycle));
  RETURN_IF_ERROR(SetPlannedStart(request, previous, *cycle));
  RETURN_IF_ERROR(SetDoses(request, state, *cycle));
  return event;
}

absl::StatusOr<v1::Event> DecideFebrileEpisode(const v1::RecordFebrileEpisodeRequest& request,
                                               const v1::Actor& actor,
                                               const v1::PatientState& state, uint64_t next_seq,
                                               absl::Time now) {
  RETURN_IF_ERROR(CheckOpenCase(state, request.case_id()));
  RETURN_IF_ERROR(CheckPastTimestamp("observed_at", request.observed_at(),
                                     request.has_observed_at(), now, absl::Minutes(5)));
  if (!std::isfinite(request.temperature_c())) {
    return InvalidField("temperature_c", "must be a number");
  }
  if (!std::isfinite(request.anc()) || request.anc() < 0) {
    return InvalidField("anc", "must be a finite number >= 0");
  }
  v1::Event event;
  v1::FebrileEpisode* episode = event.mutable_febrile_episode_recorded()->mutable_episode();
  episode->set_id(EntityId(state.patient().id(), EntityKind::kEpisode, next_seq));
  episode->set_case_id(request.case_id());
  *episode->mutable_observed_at() = request.observed_at();
  episode->set_temperature_c(request.temperature_c());
  episode->set_temperature_sustained_1h(request.temperature_sustained_1h());
  episode->set_anc(request.anc());
  *episode->mutable_mascc() = request.mascc();
  *episode->mutable_recorded_by() = actor;
  return event;
}

absl::StatusOr<v1::Event> DecideProphylaxis(const v1::RecordProphylaxisRequest& request,
                                            const v1::Actor& actor, const v1::PatientState& state,
                                            uint64_t next_seq, absl::Time now) {
  RETURN_IF_ERROR(CheckOpenCase(state, request.case_id()));
  RETURN_IF_ERROR(CheckCycleNumber(request.cycle_number()));
  RETURN_IF_ERROR(CheckText("drug", request.drug(), 64, true));
  if (!std::isfinite(request.dose()) || request.dose() <= 0) {
    return InvalidField("dose", "must be a number > 0");
  }
  RETURN_IF_ERROR(CheckText("dose_unit", request.dose_unit(), 16, true));
  if (!std::isfinite(request.hours_after_chemo_end()) || request.hours_after_chemo_end() < 0) {
    return InvalidField("hours_after_chemo_end", "must be a number >= 0");
  }
  RETURN_IF_ERROR(CheckPastTimestamp("administered_at", request.administered_at(),
                                     request.has_administered_at(), now, absl::Minutes(5)));
  v1::Event event;
  v1::ProphylaxisAdministration* given =
      event.mutable_prophylaxis_recorded()->mutable_administration();
  given->set_id(EntityId(state.patient().id(), EntityKind::kProphylaxis, next_seq));
  given->set_case_id(request.case_id());
  given->set_cycle_number(request.cycle_number());
  given->set_drug(request.drug());
  given->set_dose(request.dose());
  given->set_dose_unit(request.dose_unit());
  given->set_hours_after_chemo_end(request.hours_after_chemo_end());
  *given->mutable_administered_at() = request.administered_at();
  *given->mutable_recorded_by() = actor;
  return event;
}

}  // namespace casehub::engine
