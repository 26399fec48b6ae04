#include "services/engine/chemo_rules.h"

#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
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

absl::Status CheckCycleNumber(uint32_t cycle_number) {
  if (cycle_number == 0) return InvalidField("cycle_number", "must be 1 or more");
  if (cycle_number > 100) return InvalidField("cycle_number", "must be at most 100");
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

}  // namespace

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
  if (request.cycle_number() > 1 &&
      StartedCycle(state, request.case_id(), request.cycle_number() - 1) == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cycle ", request.cycle_number(), " of case ", request.case_id(),
        " cannot start before cycle ", request.cycle_number() - 1));
  }
  v1::Event event;
  v1::ChemoCycle* cycle = event.mutable_chemo_cycle_started()->mutable_cycle();
  cycle->set_id(EntityId(state.patient().id(), EntityKind::kCycle, next_seq));
  cycle->set_case_id(request.case_id());
  cycle->set_cycle_number(request.cycle_number());
  cycle->set_regimen_id(request.regimen_id());
  *cycle->mutable_started_at() = ToProtoTime(now);
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
