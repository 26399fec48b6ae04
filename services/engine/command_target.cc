#include "services/engine/command_target.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/common/fnv1a.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"

namespace casehub::engine {
namespace {

absl::StatusOr<std::string> PatientField(absl::string_view field, const std::string& id) {
  RETURN_IF_ERROR(CheckIdField(field, id));
  if (!IsPatientId(id)) {
    return InvalidField(field, absl::StrCat("'", id, "' is not a patient id"));
  }
  return id;
}

absl::StatusOr<std::string> OwnerField(absl::string_view field, const std::string& id,
                                       EntityKind kind, absl::string_view kind_name) {
  RETURN_IF_ERROR(CheckIdField(field, id));
  std::optional<std::string> patient = OwningPatient(id, kind);
  if (!patient) {
    return InvalidField(field, absl::StrCat("'", id, "' is not a ", kind_name, " id"));
  }
  return *patient;
}

absl::StatusOr<std::string> CaseOwner(const std::string& case_id) {
  return OwnerField("case_id", case_id, EntityKind::kCase, "case");
}

absl::StatusOr<std::string> ReferralOwner(const std::string& referral_id) {
  return OwnerField("referral_id", referral_id, EntityKind::kReferral, "referral");
}

absl::StatusOr<std::string> AlertOwner(const std::string& alert_id) {
  return OwnerField("alert_id", alert_id, EntityKind::kAlert, "alert");
}

const google::protobuf::Message* BodyOf(const v1::Command& command) {
  switch (command.body_case()) {
    case v1::Command::kRegisterPatient: return &command.register_patient();
    case v1::Command::kOpenCase: return &command.open_case();
    case v1::Command::kChangeCaseStage: return &command.change_case_stage();
    case v1::Command::kRecordLabResult: return &command.record_lab_result();
    case v1::Command::kCompleteTask: return &command.complete_task();
    case v1::Command::kMarkTaskOverdue: return &command.mark_task_overdue();
    case v1::Command::kAcknowledgeAlert: return &command.acknowledge_alert();
    case v1::Command::kRecordAlertIntervention: return &command.record_alert_intervention();
    case v1::Command::kCloseAlert: return &command.close_alert();
    case v1::Command::kEscalateAlert: return &command.escalate_alert();
    case v1::Command::kRecordFnRiskAssessment: return &command.record_fn_risk_assessment();
    case v1::Command::kRecordChemoConsent: return &command.record_chemo_consent();
    case v1::Command::kStartChemoCycle: return &command.start_chemo_cycle();
    case v1::Command::kRecordFebrileEpisode: return &command.record_febrile_episode();
    case v1::Command::kRecordProphylaxis: return &command.record_prophylaxis();
    case v1::Command::kRecordCaseData: return &command.record_case_data();
    case v1::Command::kBreakGlass: return &command.break_glass();
    case v1::Command::kRequestReferral: return &command.request_referral();
    case v1::Command::kAcceptReferral: return &command.accept_referral();
    case v1::Command::kDeclineReferral: return &command.decline_referral();
    case v1::Command::kCancelReferral: return &command.cancel_referral();
    case v1::Command::kCompleteReferral: return &command.complete_referral();
    case v1::Command::kLinkPatients: return &command.link_patients();
    case v1::Command::kUnlinkPatients: return &command.unlink_patients();
    case v1::Command::BODY_NOT_SET: return nullptr;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<const v1::RequestMeta*> RequestMetaOf(const v1::Command& command) {
  switch (command.body_case()) {
    case v1::Command::kRegisterPatient: return &command.register_patient().meta();
    case v1::Command::kOpenCase: return &command.open_case().meta();
    case v1::Command::kChangeCaseStage: return &command.change_case_stage().meta();
    case v1::Command::kRecordLabResult: return &command.record_lab_result().meta();
    case v1::Command::kCompleteTask: return &command.complete_task().meta();
    case v1::Command::kMarkTaskOverdue: return &command.mark_task_overdue().meta();
    case v1::Command::kAcknowledgeAlert: return &command.acknowledge_alert().meta();
    case v1::Command::kRecordAlertIntervention:
      return &command.record_alert_intervention().meta();
    case v1::Command::kCloseAlert: return &command.close_alert().meta();
    case v1::Command::kEscalateAlert: return &command.escalate_alert().meta();
    case v1::Command::kRecordFnRiskAssessment:
      return &command.record_fn_risk_assessment().meta();
    case v1::Command::kRecordChemoConsent: return &command.record_chemo_consent().meta();
    case v1::Command::kStartChemoCycle: return &command.start_chemo_cycle().meta();
    case v1::Command::kRecordFebrileEpisode: return &command.record_febrile_episode().meta();
    case v1::Command::kRecordProphylaxis: return &command.record_prophylaxis().meta();
    case v1::Command::kRecordCaseData: return &command.record_case_data().meta();
    case v1::Command::kBreakGlass: return &command.break_glass().meta();
    case v1::Command::kRequestReferral: return &command.request_referral().meta();
    case v1::Command::kAcceptReferral: return &command.accept_referral().meta();
    case v1::Command::kDeclineReferral: return &command.decline_referral().meta();
    case v1::Command::kCancelReferral: return &command.cancel_referral().meta();
    case v1::Command::kCompleteReferral: return &command.complete_referral().meta();
    case v1::Command::kLinkPatients: return &command.link_patients().meta();
    case v1::Command::kUnlinkPatients: return &command.unlink_patients().meta();
    case v1::Command::BODY_NOT_SET: break;
  }
  return absl::InvalidArgumentError("command: has no body");
}

absl::StatusOr<std::string> TargetPatient(const v1::Command& command) {
  switch (command.body_case()) {
    case v1::Command::kRegisterPatient:
      return std::string();
    case v1::Command::kOpenCase:
      return PatientField("patient_id", command.open_case().patient_id());
    case v1::Command::kRecordLabResult:
      return PatientField("patient_id", command.record_lab_result().patient_id());
    case v1::Command::kChangeCaseStage:
      return CaseOwner(command.change_case_stage().case_id());
    case v1::Command::kCompleteTask:
      return OwnerField("task_id", command.complete_task().task_id(),
                        EntityKind::kTask, "task");
    case v1::Command::kMarkTaskOverdue:
      return OwnerField("task_id", command.mark_task_overdue().task_id(),
                        EntityKind::kTask, "task");
    case v1::Command::kAcknowledgeAlert:
    case v1::Command::kRecordAlertIntervention:
    case v1::Command::kCloseAlert:
    case v1::Command::kEscalateAlert:
      return AlertOwner(TargetAlert(command));
    case v1::Command::kRecordFnRiskAssessment:
      return CaseOwner(command.record_fn_risk_assessment().case_id());
    case v1::Command::kRecordChemoConsent:
      return CaseOwner(command.record_chemo_consent().case_id());
    case v1::Command::kStartChemoCycle:
      return CaseOwner(command.start_chemo_cycle().case_id());
    case v1::Command::kRecordFebrileEpisode:
      return CaseOwner(command.record_febrile_episode().case_id());
    case v1::Command::kRecordProphylaxis:
      return CaseOwner(command.record_prophylaxis().case_id());
    case v1::Command::kRecordCaseData:
      return CaseOwner(command.record_case_data().case_id());
    case v1::Command::kBreakGlass:
      return PatientField("patient_id", command.break_glass().patient_id());
    case v1::Command::kRequestReferral:
      return CaseOwner(command.request_referral().case_id());
    case v1::Command::kAcceptReferral:
      return ReferralOwner(command.accept_referral().referral_id());
    case v1::Command::kDeclineReferral:
      return ReferralOwner(command.decline_referral().referral_id());
    case v1::Command::kCancelReferral:
      return ReferralOwner(command.cancel_referral().referral_id());
    case v1::Command::kCompleteReferral:
      return ReferralOwner(command.complete_referral().referral_id());
    case v1::Command::kLinkPatients:
      return PatientField("patient_id", command.link_patients().patient_id());
    case v1::Command::kUnlinkPatients:
      return PatientField("patient_id", command.unlink_patients().patient_id());
    case v1::Command::BODY_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("command: has no body");
}

std::string TargetAlert(const v1::Command& command) {
  switch (command.body_case()) {
    case v1::Command::kAcknowledgeAlert: return command.acknowledge_alert().alert_id();
    case v1::Command::kRecordAlertIntervention:
      return command.record_alert_intervention().alert_id();
    case v1::Command::kCloseAlert: return command.close_alert().alert_id();
    case v1::Command::kEscalateAlert: return command.escalate_alert().alert_id();
    default: return "";
  }
}

uint64_t Fingerprint(const v1::Command& command) {
  const google::protobuf::Message* body = BodyOf(command);
  const std::string bytes = body == nullptr ? std::string() : body->SerializeAsString();
  return Fnv1a64(bytes) ^ static_cast<uint64_t>(command.body_case());
}

}  // namespace casehub::engine
