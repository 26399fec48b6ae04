#include "services/engine/derived_events.h"

#include "absl/strings/str_cat.h"
#include "services/engine/apply.h"
#include "services/engine/case_data_rules.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"

namespace casehub::engine {
namespace {

absl::Status Refuse(const v1::Event& derived, absl::string_view rule) {
  return absl::InternalError(absl::StrCat("plugin ", derived.plugin_id(),
                                          " derived an invalid event: ", rule));
}

absl::Status CompleteTask(v1::Event& derived, const v1::PatientState& state) {
  v1::Task* task = derived.mutable_task_created()->mutable_task();
  task->set_id(EntityId(derived.patient_id(), EntityKind::kTask, derived.seq()));
  task->set_patient_id(derived.patient_id());
  task->set_status(v1::TASK_STATUS_OPEN);
  task->set_overdue(false);
  *task->mutable_created_at() = derived.recorded_at();
  task->set_created_by_plugin(derived.plugin_id());
  if (!task->has_due_at()) return Refuse(derived, "a task needs due_at");
  if (task->title().empty()) return Refuse(derived, "a task needs a title");
  if (!task->case_id().empty()) {
    const v1::Case* owner = FindCase(state, task->case_id());
    if (owner == nullptr) return Refuse(derived, "the task's case does not exist");
    if (task->site_id().empty()) task->set_site_id(owner->owning_site_id());
  }
  if (task->site_id().empty()) return Refuse(derived, "a task needs a site");
  if (!task->alert_id().empty() && FindAlert(state, task->alert_id()) == nullptr) {
    return Refuse(derived, "the task's alert does not exist");
  }
  return absl::OkStatus();
}

absl::Status CompleteAlert(v1::Event& derived, const v1::PatientState& state) {
  v1::Alert* alert = derived.mutable_alert_raised()->mutable_alert();
  alert->set_id(EntityId(derived.patient_id(), EntityKind::kAlert, derived.seq()));
  alert->set_patient_id(derived.patient_id());
  alert->set_status(v1::ALERT_STATUS_RAISED);
  *alert->mutable_raised_at() = derived.recorded_at();
  alert->set_raised_by_seq(derived.caused_by_seq());
  alert->set_raised_by_plugin(derived.plugin_id());
  alert->set_escalation_level(0);
  if (alert->site_id().empty()) return Refuse(derived, "an alert needs a site");
  if (alert->kind().empty() || alert->message().empty()) {
    return Refuse(derived, "an alert needs a kind and a message");
  }
  if (!alert->has_acknowledge_by()) return Refuse(derived, "an alert needs acknowledge_by");
  if (!alert->case_id().empty() && FindCase(state, alert->case_id()) == nullptr) {
    return Refuse(derived, "the alert's case does not exist");
  }
  return absl::OkStatus();
}

// Derived case data: only for the deriving plugin's own case, on fields it
// declares; stamped "plugin:<id>" so a person's value can be told apart.
absl::Status CompleteCaseData(v1::Event& derived, const v1::PatientState& state,
                              const PluginHost& plugins) {
  v1::CaseDataRecorded* recorded = derived.mutable_case_data_recorded();
  const v1::Case* c = FindCase(state, recorded->case_id());
  const LoadedPlugin* plugin = plugins.FindById(derived.plugin_id());
  if (c == nullptr || plugin == nullptr || c->plugin_id() != derived.plugin_id()) {
    return Refuse(derived, "a plugin may record data only on its own cases");
  }
  if (absl::Status valid =
          CheckDerivedFacts(*recorded, plugin->descriptor(), ToAbslTime(derived.recorded_at()));
      !valid.ok()) {
    return Refuse(derived, valid.message());
  }
  for (v1::CaseFact& fact : *recorded->mutable_facts()) {
    *fact.mutable_recorded_at() = derived.recorded_at();
    fact.set_recorded_by(absl::StrCat("plugin:", derived.plugin_id()));
  }
  return absl::OkStatus();
}

// A module's result must concern an entity of the patient: `what` with `id`.
template <typename Entity>
absl::Status RequireExisting(const v1::Event& derived,
                             const google::protobuf::RepeatedPtrField<Entity>& entities,
                             const std::string& id, absl::string_view what) {
  for (const Entity& entity : entities) {
    if (entity.id() == id) return absl::OkStatus();
  }
  return Refuse(derived, absl::StrCat("it concerns ", what, " that does not exist: '", id, "'"));
}

}  // namespace

absl::Status CompleteDerivedEvent(v1::Event& derived, const v1::PatientState& state,
                                  const PluginHost& plugins) {
  switch (derived.body_case()) {
    case v1::Event::kTaskCreated:
      return CompleteTask(derived, state);
    case v1::Event::kTaskCompleted: {
      const v1::Task* task = FindTask(state, derived.task_completed().task_id());
      if (task == nullptr || task->status() != v1::TASK_STATUS_OPEN) {
        return Refuse(derived, "only an open task can be completed");
      }
      return absl::OkStatus();
    }
    case v1::Event::kAlertRaised:
      return CompleteAlert(derived, state);
    case v1::Event::kLabResultGraded:
      if (derived.lab_result_graded().lab_event_seq() == 0 ||
          derived.lab_result_graded().lab_event_seq() >= derived.seq()) {
        return Refuse(derived, "a grade must refer to an earlier lab result event");
      }
      return absl::OkStatus();
    case v1::Event::kFnRiskAssessed:
      return RequireExisting(derived, state.fn_risk_assessments(),
                             derived.fn_risk_assessed().assessment_id(), "an FN risk assessment");
    case v1::Event::kFebrileEpisodeAssessed:
      return RequireExisting(derived, state.febrile_episodes(),
                             derived.febrile_episode_assessed().episode_id(), "a febrile episode");
    case v1::Event::kProphylaxisReviewed:
      return RequireExisting(derived, state.prophylaxis(),
                             derived.prophylaxis_reviewed().administration_id(),
                             "a prophylaxis dose");
    case v1::Event::kManagementGradeSet: {
      v1::ManagementGrade* grade = derived.mutable_management_grade_set()->mutable_grade();
      if (grade->level() < 0 || grade->level() > 3) return Refuse(derived, "level must be 0..3");
      *grade->mutable_set_at() = derived.recorded_at();
      return absl::OkStatus();
    }
    case v1::Event::kTaskCancelled: {
      const v1::Task* task = FindTask(state, derived.task_cancelled().task_id());
      if (task == nullptr || task->status() != v1::TASK_STATUS_OPEN ||
          task->created_by_plugin() != derived.plugin_id()) {
        return Refuse(derived, "a plugin may cancel only its own open tasks");
      }
      return absl::OkStatus();
    }
    case v1::Event::kCaseDataRecorded:
      return CompleteCaseData(derived, state, plugins);
    case v1::Event::BODY_NOT_SET:
      return Refuse(derived, "it has no body");
    default:
      return Refuse(derived, absl::StrCat("plugins may not derive ",
                                          derived.GetDescriptor()
                                              ->FindFieldByNumber(derived.body_case())
                                              ->name(),
                                          " events"));
  }
}

}  // namespace casehub::engine
