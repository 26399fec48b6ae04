#include "services/engine/decide.h"

#include <cmath>
#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/status_macros.h"
#include "services/engine/alert_rules.h"
#include "services/engine/chemo_rules.h"
#include "services/engine/emergency_access.h"
#include "services/engine/patient_links.h"
#include "services/engine/referrals.h"
#include "services/engine/apply.h"
#include "services/engine/case_data_rules.h"
#include "services/engine/field_rules.h"
#include "services/engine/icd10.h"
#include "services/engine/ids.h"

namespace casehub::engine {
namespace {

constexpr char kIcd10System[] = "http://hl7.org/fhir/sid/icd-10";
constexpr char kLoincSystem[] = "http://loinc.org";
// Lab and device clocks drift; a result stamped a little ahead is accepted.
constexpr absl::Duration kClockSkew = absl::Minutes(5);

std::vector<v1::Event> One(v1::Event event) {
  std::vector<v1::Event> events;
  events.push_back(std::move(event));
  return events;
}

absl::StatusOr<std::vector<v1::Event>> OneOrError(absl::StatusOr<v1::Event> event) {
  if (!event.ok()) return event.status();
  return One(*std::move(event));
}

absl::Status CheckSiteRef(absl::string_view field, const std::string& site_id,
                          const DecideContext& context) {
  RETURN_IF_ERROR(CheckIdField(field, site_id));
  if (!context.sites->Find(site_id)) {
    return absl::NotFoundError(absl::StrCat(field, ": no site '", site_id,
                                            "' in this network"));
  }
  return absl::OkStatus();
}

absl::StatusOr<const v1::Case*> RequireCase(const v1::PatientState& state,
                                            absl::string_view field,
                                            const std::string& case_id) {
  const v1::Case* found = FindCase(state, case_id);
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat(field, ": case ", case_id, " not found"));
  }
  return found;
}

absl::StatusOr<const v1::Task*> RequireOpenTask(const v1::PatientState& state,
                                                const std::string& task_id) {
  const v1::Task* task = FindTask(state, task_id);
  if (task == nullptr) {
    return absl::NotFoundError(absl::StrCat("task_id: task ", task_id, " not found"));
  }
  if (task->status() != v1::TASK_STATUS_OPEN) {
    return absl::FailedPreconditionError(
        absl::StrCat("task ", task_id, " is not open (", v1::TaskStatus_Name(task->status()), ")"));
  }
  return task;
}

absl::StatusOr<std::vector<v1::Event>> RegisterPatient(
    const v1::RegisterPatientRequest& request, const v1::Actor& actor,
    const v1::PatientState& state, const DecideContext& context) {
  const v1::Patient& patient = request.patient();
  RETURN_IF_ERROR(CheckText("patient.name", patient.name(), 100, true));
  if (patient.sex() == v1::SEX_UNSPECIFIED) {
    return InvalidField("patient.sex", "is required (female, male or other)");
  }
  RETURN_IF_ERROR(CheckPastDate("patient.birth_date", patient.birth_date(), context.now));
  static const std::regex kPhone("[0-9+() -]{5,24}");
  if (!patient.phone().empty() && !std::regex_match(patient.phone(), kPhone)) {
    return InvalidField("patient.phone", "must be 5-24 of digits, spaces, + ( ) -");
  }
  RETURN_IF_ERROR(CheckText("patient.medical_record_number",
                            patient.medical_record_number(), 64, false));
  RETURN_IF_ERROR(CheckSiteRef("actor site", actor.site_id(), context));
  // The number itself is never stored: the service edge hashes it into
  // patient.national_id_hash and drops it.
  if (!request.national_id().empty()) {
    return InvalidField("national_id", "must be hashed before it reaches the engine");
  }

  v1::Event event;
  v1::Patient* registered = event.mutable_patient_registered()->mutable_patient();
  *registered = patient;
  registered->set_id(state.patient().id());
  registered->set_registering_site_id(actor.site_id());
  registered->clear_merged_into();
  return One(std::move(event));
}

absl::StatusOr<std::vector<v1::Event>> OpenCase(const v1::OpenCaseRequest& request,
                                                const v1::Actor& actor,
                                                const v1::PatientState& state,
                                                uint64_t next_seq,
                                                const DecideContext& context) {
  const v1::CodedValue& diagnosis = request.diagnosis();
  if (diagnosis.code().empty()) return InvalidField("diagnosis.code", "is required");
  if (!diagnosis.system().empty() && diagnosis.system() != kIcd10System) {
    return InvalidField("diagnosis.system", absl::StrCat("must be ", kIcd10System,
                                                         " (ICD-10), got '", diagnosis.system(), "'"));
  }
  if (!IsWellFormedIcd10(diagnosis.code())) {
    return InvalidField("diagnosis.code", absl::StrCat("'", diagnosis.code(),
                                                       "' is not an ICD-10 code (e.g. C34.1)"));
  }
  const LoadedPlugin* plugin = context.plugins->RouteDiagnosis(diagnosis.code());
  if (plugin == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "diagnosis.code: no installed plugin claims ICD-10 ", diagnosis.code(),
        "; installed tumor types: ", context.plugins->DescribeClaims()));
  }
  const v1::PluginDescriptor& descriptor = plugin->descriptor();
  if (!request.tumor_type().empty() && request.tumor_type() != descriptor.tumor_type()) {
    return InvalidField("tumor_type", absl::StrCat("is '", request.tumor_type(), "' but ",
                                                   diagnosis.code(), " belongs to tumor type '",
                                                   descriptor.tumor_type(), "'"));
  }
  std::string owning_site =
      request.owning_site_id().empty() ? actor.site_id() : request.owning_site_id();
  RETURN_IF_ERROR(CheckSiteRef(request.owning_site_id().empty() ? "actor site" : "owning_site_id",
                               owning_site, context));
  for (const v1::Case& existing : state.cases()) {
    if (existing.status() == v1::CASE_STATUS_OPEN &&
        existing.tumor_type() == descriptor.tumor_type()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "patient ", state.patient().id(), " already has an open ",
          existing.tumor_type(), " case: ", existing.id()));
    }
  }

  v1::Event event;
  v1::Case* opened = event.mutable_case_opened()->mutable_case_();
  opened->set_id(EntityId(state.patient().id(), EntityKind::kCase, next_seq));
  opened->set_patient_id(state.patient().id());
  opened->mutable_diagnosis()->set_system(kIcd10System);
  opened->mutable_diagnosis()->set_code(absl::AsciiStrToUpper(diagnosis.code()));
  opened->mutable_diagnosis()->set_display(diagnosis.display());
  opened->set_tumor_type(descriptor.tumor_type());
  opened->set_plugin_id(descriptor.id());
  opened->set_owning_site_id(owning_site);
  opened->set_stage(descriptor.stages(0).id());
  opened->set_status(v1::CASE_STATUS_OPEN);
  *opened->mutable_opened_at() = ToProtoTime(context.now);
  return One(std::move(event));
}

absl::StatusOr<std::vector<v1::Event>> ChangeCaseStage(
    const v1::ChangeCaseStageRequest& request, const v1::PatientState& state,
    const DecideContext& context) {
  ASSIGN_OR_RETURN(const v1::Case* found, RequireCase(state, "case_id", request.case_id()));
  if (found->status() != v1::CASE_STATUS_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("case ", found->id(), " is closed"));
  }
  RETURN_IF_ERROR(CheckText("reason", request.reason(), 500, false));
  ASSIGN_OR_RETURN(const LoadedPlugin* plugin, CasePlugin(*context.plugins, *found));
  const v1::PluginDescriptor& descriptor = plugin->descriptor();
  bool known = false;
  for (const v1::PathwayStage& stage : descriptor.stages()) known |= stage.id() == request.to_stage();
  if (!known) {
    std::vector<std::string> stages;
    for (const v1::PathwayStage& stage : descriptor.stages()) stages.push_back(stage.id());
    return InvalidField("to_stage", absl::StrCat("'", request.to_stage(), "' is not a stage of the ",
                                                 descriptor.id(), " pathway (",
                                                 absl::StrJoin(stages, ", "), ")"));
  }
  std::vector<std::string> allowed;
  for (const v1::StageTransition& transition : descriptor.transitions()) {
    if (transition.from_stage() != found->stage()) continue;
    if (transition.to_stage() == request.to_stage()) {
      RETURN_IF_ERROR(CheckRequiredFields(*found, transition, descriptor));
      v1::Event event;
      v1::CaseStageChanged* change = event.mutable_case_stage_changed();
      change->set_case_id(found->id());
      change->set_from_stage(found->stage());
      change->set_to_stage(request.to_stage());
      change->set_reason(request.reason());
      return One(std::move(event));
    }
    allowed.push_back(transition.to_stage());
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "the ", descriptor.id(), " pathway does not allow ", found->stage(), " -> ",
      request.to_stage(), "; from ", found->stage(), " a case may go to: ",
      allowed.empty() ? "nowhere" : absl::StrJoin(allowed, ", ")));
}

absl::StatusOr<std::vector<v1::Event>> RecordLabResult(
    const v1::RecordLabResultRequest& request, const v1::PatientState& state,
    const DecideContext& context) {
  const v1::LabResult& result = request.result();
  if (!request.has_result()) return InvalidField("result", "is required");
  if (!result.code().system().empty() && result.code().system() != kLoincSystem) {
    return InvalidField("result.code.system",
                        absl::StrCat("must be ", kLoincSystem, " (LOINC), got '",
                                     result.code().system(), "'"));
  }
  static const std::regex kLoinc("[0-9]{1,7}-[0-9]");
  if (!std::regex_match(result.code().code(), kLoinc)) {
    return InvalidField("result.code.code",
                        absl::StrCat("'", result.code().code(), "' is not a LOINC code (e.g. 751-8)"));
  }
  if (!std::isfinite(result.value()) || result.value() < 0) {
    return InvalidField("result.value", "must be a finite number >= 0");
  }
  RETURN_IF_ERROR(CheckText("result.unit", result.unit(), 20, true));
  RETURN_IF_ERROR(CheckPastTimestamp("result.observed_at", result.observed_at(),
                                     result.has_observed_at(), context.now, kClockSkew));
  if (result.has_reference_low() && result.has_reference_high() &&
      result.reference_low() > result.reference_high()) {
    return InvalidField("result.reference_low", "must not exceed result.reference_high");
  }
  RETURN_IF_ERROR(CheckText("result.accession", result.accession(), 64, false));
  if (!result.case_id().empty()) {
    RETURN_IF_ERROR(RequireCase(state, "result.case_id", result.case_id()).status());
  }
  v1::Event event;
  v1::LabResult* recorded = event.mutable_lab_result_recorded()->mutable_result();
  *recorded = result;
  recorded->mutable_code()->set_system(kLoincSystem);
  return One(std::move(event));
}

absl::StatusOr<std::vector<v1::Event>> CompleteTask(const v1::CompleteTaskRequest& request,
                                                    const v1::PatientState& state) {
  RETURN_IF_ERROR(CheckText("note", request.note(), 1000, false));
  RETURN_IF_ERROR(RequireOpenTask(state, request.task_id()).status());
  v1::Event event;
  event.mutable_task_completed()->set_task_id(request.task_id());
  event.mutable_task_completed()->set_note(request.note());
  return One(std::move(event));
}

absl::StatusOr<std::vector<v1::Event>> MarkTaskOverdue(const v1::MarkTaskOverdueCommand& command,
                                                       const v1::PatientState& state,
                                                       const DecideContext& context) {
  ASSIGN_OR_RETURN(const v1::Task* task, RequireOpenTask(state, command.task_id()));
  if (task->overdue()) {
    return absl::FailedPreconditionError(absl::StrCat("task ", task->id(), " is already overdue"));
  }
  if (ToAbslTime(task->due_at()) > context.now) {
    return absl::FailedPreconditionError(absl::StrCat("task ", task->id(), " is not due yet"));
  }
  v1::Event event;
  event.mutable_task_became_overdue()->set_task_id(task->id());
  return One(std::move(event));
}

}  // namespace

absl::StatusOr<std::vector<v1::Event>> Decide(const v1::Command& command,
                                              const v1::PatientState& state,
                                              uint64_t next_seq,
                                              const DecideContext& context) {
  RETURN_IF_ERROR(CheckNotMerged(command, state));
  switch (command.body_case()) {
    case v1::Command::kRegisterPatient:
      return RegisterPatient(command.register_patient(), command.actor(), state, context);
    case v1::Command::kOpenCase:
      return OpenCase(command.open_case(), command.actor(), state, next_seq, context);
    case v1::Command::kChangeCaseStage:
      return ChangeCaseStage(command.change_case_stage(), state, context);
    case v1::Command::kRecordCaseData:
      return OneOrError(DecideRecordCaseData(command.record_case_data(), command.actor(), state,
                                             *context.plugins, context.now));
    case v1::Command::kRecordLabResult:
      return RecordLabResult(command.record_lab_result(), state, context);
    case v1::Command::kCompleteTask:
      return CompleteTask(command.complete_task(), state);
    case v1::Command::kMarkTaskOverdue:
      return MarkTaskOverdue(command.mark_task_overdue(), state, context);
    case v1::Command::kAcknowledgeAlert:
      return OneOrError(DecideAcknowledgeAlert(command.acknowledge_alert(), state));
    case v1::Command::kRecordAlertIntervention:
      return OneOrError(DecideAlertIntervention(command.record_alert_intervention(), state));
    case v1::Command::kCloseAlert:
      return OneOrError(DecideCloseAlert(command.close_alert(), state));
    case v1::Command::kEscalateAlert:
      return OneOrError(DecideEscalateAlert(command.escalate_alert(), state, context.now));
    case v1::Command::kRecordFnRiskAssessment:
      return OneOrError(DecideFnRiskAssessment(command.record_fn_risk_assessment(),
                                               command.actor(), state, next_seq, context.now));
    case v1::Command::kRecordChemoConsent:
      return OneOrError(DecideChemoConsent(command.record_chemo_consent(), command.actor(), state,
                                           context.now));
    case v1::Command::kStartChemoCycle:
      return OneOrError(
          DecideStartChemoCycle(command.start_chemo_cycle(), state, next_seq, context.now));
    case v1::Command::kRecordProphylaxis:
      return OneOrError(DecideProphylaxis(command.record_prophylaxis(), command.actor(), state,
                                          next_seq, context.now));
    case v1::Command::kRecordFebrileEpisode:
      return OneOrError(DecideFebrileEpisode(command.record_febrile_episode(), command.actor(),
                                             state, next_seq, context.now));
    case v1::Command::kRequestReferral:
      return OneOrError(DecideRequestReferral(command.request_referral(), command.actor(), state,
                                              next_seq, *context.sites));
    case v1::Command::kAcceptReferral:
      return OneOrError(DecideAnswerReferral(command.accept_referral(),
                                             v1::REFERRAL_STATUS_ACCEPTED, command.actor(), state));
    case v1::Command::kDeclineReferral:
      return OneOrError(DecideAnswerReferral(command.decline_referral(),
                                             v1::REFERRAL_STATUS_DECLINED, command.actor(), state));
    case v1::Command::kCancelReferral:
      return OneOrError(DecideAnswerReferral(command.cancel_referral(),
                                             v1::REFERRAL_STATUS_CANCELLED, command.actor(), state));
    case v1::Command::kCompleteReferral:
      return OneOrError(
          DecideCompleteReferral(command.complete_referral(), command.actor(), state));
    case v1::Command::kLinkPatients:
      return OneOrError(DecideLinkPatients(command.link_patients(), command.actor(), state));
    case v1::Command::kUnlinkPatients:
      return OneOrError(DecideUnlinkPatients(command.unlink_patients(), state));
    case v1::Command::kBreakGlass:
      return OneOrError(DecideBreakGlass(command.break_glass(), command.actor(), context.now,
                                         context.emergency_access));
    case v1::Command::BODY_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("command: has no body");
}

}  // namespace casehub::engine
