#include "services/engine/plugin_routing.h"

#include <algorithm>

#include "services/engine/apply.h"

namespace casehub::engine {
namespace {

std::string CaseOfTask(const v1::PatientState& state, const std::string& task_id) {
  const v1::Task* task = FindTask(state, task_id);
  return task == nullptr ? "" : task->case_id();
}

std::string CaseOfAlert(const v1::PatientState& state, const std::string& alert_id) {
  const v1::Alert* alert = FindAlert(state, alert_id);
  return alert == nullptr ? "" : alert->case_id();
}

std::string CaseIdOf(const v1::Event& event, const v1::PatientState& state) {
  switch (event.body_case()) {
    case v1::Event::kCaseOpened:
      return event.case_opened().case_().id();
    case v1::Event::kCaseStageChanged:
      return event.case_stage_changed().case_id();
    case v1::Event::kCaseDataRecorded:
      return event.case_data_recorded().case_id();
    case v1::Event::kTaskCancelled:
      return CaseOfTask(state, event.task_cancelled().task_id());
    case v1::Event::kLabResultRecorded:
      return event.lab_result_recorded().result().case_id();
    case v1::Event::kTaskCreated:
      return event.task_created().task().case_id();
    case v1::Event::kTaskCompleted:
      return CaseOfTask(state, event.task_completed().task_id());
    case v1::Event::kTaskBecameOverdue:
      return CaseOfTask(state, event.task_became_overdue().task_id());
    case v1::Event::kAlertRaised:
      return event.alert_raised().alert().case_id();
    case v1::Event::kAlertAcknowledged:
      return CaseOfAlert(state, event.alert_acknowledged().alert_id());
    case v1::Event::kAlertIntervened:
      return CaseOfAlert(state, event.alert_intervened().alert_id());
    case v1::Event::kAlertClosed:
      return CaseOfAlert(state, event.alert_closed().alert_id());
    case v1::Event::kAlertEscalated:
      return CaseOfAlert(state, event.alert_escalated().alert_id());
    case v1::Event::kFnRiskAssessmentRecorded:
      return event.fn_risk_assessment_recorded().assessment().case_id();
    case v1::Event::kChemoConsentRecorded:
      return event.chemo_consent_recorded().consent().case_id();
    case v1::Event::kChemoCycleStarted:
      return event.chemo_cycle_started().cycle().case_id();
    case v1::Event::kFebrileEpisodeRecorded:
      return event.febrile_episode_recorded().episode().case_id();
    case v1::Event::kProphylaxisRecorded:
      return event.prophylaxis_recorded().administration().case_id();
    case v1::Event::kProphylaxisReviewed:
    case v1::Event::kFnRiskAssessed:
    case v1::Event::kFebrileEpisodeAssessed:
    case v1::Event::kManagementGradeSet:
      // Derived by a module, which sees every event anyway.
    case v1::Event::kLabResultGraded:
      // A grade concerns the patient; the modules that grade see every event.
    case v1::Event::kPatientRegistered:
    case v1::Event::kEmergencyAccessGranted:
    case v1::Event::kReferralRequested:
    case v1::Event::kReferralAnswered:
    case v1::Event::kReferralCompleted:
    case v1::Event::kPatientLinked:
    case v1::Event::kPatientUnlinked:
      // Between sites; no plugin's business.
    case v1::Event::BODY_NOT_SET:
      break;
  }
  return "";
}

}  // namespace

std::string OwningPluginId(const v1::Event& event, const v1::PatientState& state) {
  // A case being opened is not in the state yet; its event names the plugin.
  if (event.has_case_opened()) return event.case_opened().case_().plugin_id();
  std::string case_id = CaseIdOf(event, state);
  if (case_id.empty()) return "";
  const v1::Case* found = FindCase(state, case_id);
  return found == nullptr ? "" : found->plugin_id();
}

std::vector<const LoadedPlugin*> PluginsConcerned(const std::vector<v1::Event>& events,
                                                  const v1::PatientState& state,
                                                  const PluginHost& host) {
  std::vector<const LoadedPlugin*> concerned;
  for (const v1::Event& event : events) {
    const LoadedPlugin* owner = host.FindById(OwningPluginId(event, state));
    if (owner != nullptr &&
        std::find(concerned.begin(), concerned.end(), owner) == concerned.end()) {
      concerned.push_back(owner);
    }
  }
  for (const LoadedPlugin* module : host.modules()) {
    if (std::find(concerned.begin(), concerned.end(), module) == concerned.end()) {
      concerned.push_back(module);
    }
  }
  return concerned;
}

}  // namespace casehub::engine
