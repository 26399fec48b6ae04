#include "services/engine/apply.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/patient_links.h"
#include "services/engine/referrals.h"

namespace casehub::engine {
namespace {

absl::Status Missing(const v1::Event& event, absl::string_view what,
                     absl::string_view id) {
  return absl::InternalError(absl::StrCat("event ", event.patient_id(), "/",
                                          event.seq(), " refers to unknown ",
                                          what, " ", id));
}

// One step of the closed loop: status, time and who, kept per step so that
// time-to-acknowledge and time-to-close can be measured.
absl::Status ApplyAlertStep(const v1::Event& event, v1::PatientState* state) {
  const std::string alert_id = AlertIdOf(event);
  v1::Alert* alert = FindById(state->mutable_alerts(), alert_id);
  if (alert == nullptr) return Missing(event, "alert", alert_id);
  switch (event.body_case()) {
    case v1::Event::kAlertAcknowledged:
      alert->set_status(v1::ALERT_STATUS_ACKNOWLEDGED);
      *alert->mutable_acknowledged_at() = event.recorded_at();
      *alert->mutable_acknowledged_by() = event.actor();
      break;
    case v1::Event::kAlertIntervened:
      alert->set_status(v1::ALERT_STATUS_INTERVENED);
      *alert->mutable_intervened_at() = event.recorded_at();
      *alert->mutable_intervened_by() = event.actor();
      alert->set_intervention(event.alert_intervened().intervention());
      break;
    case v1::Event::kAlertClosed:
      alert->set_status(v1::ALERT_STATUS_CLOSED);
      *alert->mutable_closed_at() = event.recorded_at();
      *alert->mutable_closed_by() = event.actor();
      alert->set_closing_note(event.alert_closed().closing_note());
      break;
    case v1::Event::kAlertEscalated:
      alert->set_escalation_level(alert->escalation_level() + 1);
      *alert->mutable_escalated_at() = event.recorded_at();
      break;
    default:
      break;
  }
  return absl::OkStatus();
}

// The cycle running at `when`: of `case_id` (any case when empty, as for
// laboratory feeds that know only the patient), the one started most
// recently at or before then; nullptr when none.
v1::ChemoCycle* CycleRunningAt(const std::string& case_id, absl::Time when,
                               v1::PatientState* state) {
  v1::ChemoCycle* during = nullptr;
  for (v1::ChemoCycle& cycle : *state->mutable_chemo_cycles()) {
    if (!case_id.empty() && cycle.case_id() != case_id) continue;
    if (ToAbslTime(cycle.started_at()) > when) continue;
    if (during == nullptr || ToAbslTime(cycle.started_at()) > ToAbslTime(during->started_at())) {
      during = &cycle;
    }
  }
  return during;
}

// Each cycle counts its ANC results and keeps the worst grade among them.
void AttributeGradeToCycle(const v1::LabResultGraded& graded, v1::PatientState* state) {
  if (graded.analyte() != "anc") return;
  v1::ChemoCycle* during =
      CycleRunningAt(graded.case_id(), ToAbslTime(graded.observed_at()), state);
  if (during == nullptr) return;
  during->set_anc_results(during->anc_results() + 1);
  if (graded.grade() > during->worst_anc_grade()) during->set_worst_anc_grade(graded.grade());
}

}  // namespace

// Each fact replaces the one with its key; facts stay sorted by key so the
// state's bytes do not depend on the order values were recorded in.
void MergeFacts(const google::protobuf::RepeatedPtrField<v1::CaseFact>& facts, v1::Case* c) {
  std::map<std::string, v1::CaseFact> merged;
  for (const v1::CaseFact& fact : c->facts()) merged[fact.key()] = fact;
  for (const v1::CaseFact& fact : facts) merged[fact.key()] = fact;
  c->clear_facts();
  for (auto& [key, fact] : merged) *c->add_facts() = std::move(fact);
}

std::string AlertIdOf(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kAlertRaised: return event.alert_raised().alert().id();
    case v1::Event::kAlertAcknowledged: return event.alert_acknowledged().alert_id();
    case v1::Event::kAlertIntervened: return event.alert_intervened().alert_id();
    case v1::Event::kAlertClosed: return event.alert_closed().alert_id();
    case v1::Event::kAlertEscalated: return event.alert_escalated().alert_id();
    default: return "";
  }
}

const v1::Case* FindCase(const v1::PatientState& state, absl::string_view case_id) {
  return FindById(state.cases(), case_id);
}

const v1::Task* FindTask(const v1::PatientState& state, absl::string_view task_id) {
  return FindById(state.tasks(), task_id);
}

const v1::Alert* FindAlert(const v1::PatientState& state, absl::string_view alert_id) {
  return FindById(state.alerts(), alert_id);
}

absl::Status Apply(const v1::Event& event, v1::PatientState* state) {
  if (event.seq() != state->version() + 1) {
    return absl::InternalError(absl::StrCat("event ", event.patient_id(), "/",
                                            event.seq(), " applied at version ",
                                            state->version()));
  }
  switch (event.body_case()) {
    case v1::Event::kPatientRegistered:
      *state->mutable_patient() = event.patient_registered().patient();
      break;
    case v1::Event::kCaseOpened: {
      v1::Case* opened = state->add_cases();
      *opened = event.case_opened().case_();
      v1::StageVisit* first = opened->add_stage_history();
      first->set_stage(opened->stage());
      *first->mutable_entered_at() = opened->opened_at();
      break;
    }
    case v1::Event::kCaseStageChanged: {
      const v1::CaseStageChanged& change = event.case_stage_changed();
      v1::Case* found = FindById(state->mutable_cases(), change.case_id());
      if (found == nullptr) return Missing(event, "case", change.case_id());
      found->set_stage(change.to_stage());
      v1::StageVisit* visit = found->add_stage_history();
      visit->set_stage(change.to_stage());
      *visit->mutable_entered_at() = event.recorded_at();
      break;
    }
    case v1::Event::kCaseDataRecorded: {
      const v1::CaseDataRecorded& recorded = event.case_data_recorded();
      v1::Case* found = FindById(state->mutable_cases(), recorded.case_id());
      if (found == nullptr) return Missing(event, "case", recorded.case_id());
      MergeFacts(recorded.facts(), found);
      break;
    }
    case v1::Event::kTaskCancelled: {
      const v1::TaskCancelled& cancelled = event.task_cancelled();
      v1::Task* task = FindById(state->mutable_tasks(), cancelled.task_id());
      if (task == nullptr) return Missing(event, "task", cancelled.task_id());
      task->set_status(v1::TASK_STATUS_CANCELLED);
      task->set_cancel_reason(cancelled.reason());
      break;
    }
    case v1::Event::kLabResultRecorded:
      // Results live on the timeline; plugins derive state from them.
      break;
    case v1::Event::kTaskCreated:
      *state->add_tasks() = event.task_created().task();
      break;
    case v1::Event::kTaskCompleted: {
      const v1::TaskCompleted& completed = event.task_completed();
      v1::Task* task = FindById(state->mutable_tasks(), completed.task_id());
      if (task == nullptr) return Missing(event, "task", completed.task_id());
      task->set_status(v1::TASK_STATUS_COMPLETED);
      *task->mutable_completed_at() = event.recorded_at();
      task->set_completion_note(completed.note());
      break;
    }
    case v1::Event::kTaskBecameOverdue: {
      const std::string& task_id = event.task_became_overdue().task_id();
      v1::Task* task = FindById(state->mutable_tasks(), task_id);
      if (task == nullptr) return Missing(event, "task", task_id);
      task->set_overdue(true);
      break;
    }
    case v1::Event::kLabResultGraded:
      AttributeGradeToCycle(event.lab_result_graded(), state);
      break;
    case v1::Event::kAlertRaised:
      *state->add_alerts() = event.alert_raised().alert();
      break;
    case v1::Event::kAlertAcknowledged:
    case v1::Event::kAlertIntervened:
    case v1::Event::kAlertClosed:
    case v1::Event::kAlertEscalated: {
      absl::Status applied = ApplyAlertStep(event, state);
      if (!applied.ok()) return applied;
      break;
    }
    case v1::Event::kFnRiskAssessmentRecorded:
      *state->add_fn_risk_assessments() = event.fn_risk_assessment_recorded().assessment();
      break;
    case v1::Event::kFnRiskAssessed: {
      const v1::FnRiskAssessed& result = event.fn_risk_assessed();
      v1::FnRiskAssessment* assessment =
          FindById(state->mutable_fn_risk_assessments(), result.assessment_id());
      if (assessment == nullptr) return Missing(event, "assessment", result.assessment_id());
      assessment->set_regimen_category(result.regimen_category());
      assessment->set_overall_risk(result.overall_risk());
      assessment->set_recommendation(result.recommendation());
      *assessment->mutable_reasons() = result.reasons();
      break;
    }
    case v1::Event::kChemoConsentRecorded:
      *state->add_chemo_consents() = event.chemo_consent_recorded().consent();
      break;
    case v1::Event::kChemoCycleStarted:
      *state->add_chemo_cycles() = event.chemo_cycle_started().cycle();
      break;
    case v1::Event::kFebrileEpisodeRecorded:
      *state->add_febrile_episodes() = event.febrile_episode_recorded().episode();
      break;
    case v1::Event::kFebrileEpisodeAssessed: {
      const v1::FebrileEpisodeAssessed& result = event.febrile_episode_assessed();
      v1::FebrileEpisode* episode = FindById(state->mutable_febrile_episodes(), result.episode_id());
      if (episode == nullptr) return Missing(event, "febrile episode", result.episode_id());
      episode->set_assessed(true);
      episode->set_febrile_neutropenia(result.febrile_neutropenia());
      if (result.has_mascc_score()) episode->set_mascc_score(result.mascc_score());
      episode->set_mascc_low_risk(result.mascc_low_risk());
      *episode->mutable_reasons() = result.reasons();
      if (result.febrile_neutropenia()) {
        if (v1::ChemoCycle* cycle =
                CycleRunningAt(episode->case_id(), ToAbslTime(episode->observed_at()), state)) {
          cycle->set_febrile_neutropenia(true);
        }
      }
      break;
    }
    case v1::Event::kProphylaxisRecorded:
      *state->add_prophylaxis() = event.prophylaxis_recorded().administration();
      break;
    case v1::Event::kProphylaxisReviewed: {
      const v1::ProphylaxisReviewed& review = event.prophylaxis_reviewed();
      v1::ProphylaxisAdministration* given =
          FindById(state->mutable_prophylaxis(), review.administration_id());
      if (given == nullptr) return Missing(event, "prophylaxis", review.administration_id());
      given->set_reviewed(true);
      given->set_needs_pharmacist_review(review.needs_pharmacist_review());
      *given->mutable_review_reasons() = review.reasons();
      break;
    }
    case v1::Event::kManagementGradeSet:
      *state->mutable_management_grade() = event.management_grade_set().grade();
      break;
    case v1::Event::kEmergencyAccessGranted:
      *state->add_emergency_access() = event.emergency_access_granted().access();
      break;
    case v1::Event::kReferralRequested:
    case v1::Event::kReferralAnswered:
    case v1::Event::kReferralCompleted:
      RETURN_IF_ERROR(ApplyReferralEvent(event, *state));
      break;
    case v1::Event::kPatientLinked:
    case v1::Event::kPatientUnlinked:
      ApplyLinkEvent(event, *state);
      break;
    case v1::Event::BODY_NOT_SET:
      return absl::InternalError(absl::StrCat("event ", event.patient_id(), "/",
                                              event.seq(), " has no body"));
  }
  state->set_version(event.seq());
  return absl::OkStatus();
}

}  // namespace casehub::engine

namespace casehub::engine {

absl::StatusOr<v1::PatientState> Replay(const std::vector<v1::Event>& events) {
  v1::PatientState state;
  for (const v1::Event& event : events) {
    absl::Status applied = Apply(event, &state);
    if (!applied.ok()) return applied;
  }
  return state;
}

}  // namespace casehub::engine
