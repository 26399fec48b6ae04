#include "services/engine/alert_rules.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {
namespace {

std::string StatusWord(v1::AlertStatus status) {
  switch (status) {
    case v1::ALERT_STATUS_RAISED: return "raised";
    case v1::ALERT_STATUS_ACKNOWLEDGED: return "acknowledged";
    case v1::ALERT_STATUS_INTERVENED: return "intervened";
    case v1::ALERT_STATUS_CLOSED: return "closed";
    default: return "in an unknown state";
  }
}

// The alert, which must be in `required` status for the step `step`.
absl::StatusOr<const v1::Alert*> AlertIn(const v1::PatientState& state, const std::string& alert_id,
                                         v1::AlertStatus required, absl::string_view step) {
  const v1::Alert* alert = FindAlert(state, alert_id);
  if (alert == nullptr) {
    return absl::NotFoundError(absl::StrCat("alert_id: alert ", alert_id, " not found"));
  }
  if (alert->status() != required) {
    return absl::FailedPreconditionError(absl::StrCat(
        "alert ", alert_id, " is ", StatusWord(alert->status()), "; only a ",
        StatusWord(required), " alert can be ", step));
  }
  return alert;
}

}  // namespace

absl::StatusOr<v1::Event> DecideAcknowledgeAlert(const v1::AcknowledgeAlertRequest& request,
                                                 const v1::PatientState& state) {
  RETURN_IF_ERROR(CheckText("note", request.note(), 1000, false));
  RETURN_IF_ERROR(
      AlertIn(state, request.alert_id(), v1::ALERT_STATUS_RAISED, "acknowledged").status());
  v1::Event event;
  event.mutable_alert_acknowledged()->set_alert_id(request.alert_id());
  event.mutable_alert_acknowledged()->set_note(request.note());
  return event;
}

absl::StatusOr<v1::Event> DecideAlertIntervention(
    const v1::RecordAlertInterventionRequest& request, const v1::PatientState& state) {
  RETURN_IF_ERROR(CheckText("intervention", request.intervention(), 2000, true));
  RETURN_IF_ERROR(AlertIn(state, request.alert_id(), v1::ALERT_STATUS_ACKNOWLEDGED,
                          "given an intervention")
                      .status());
  v1::Event event;
  event.mutable_alert_intervened()->set_alert_id(request.alert_id());
  event.mutable_alert_intervened()->set_intervention(request.intervention());
  return event;
}

absl::StatusOr<v1::Event> DecideCloseAlert(const v1::CloseAlertRequest& request,
                                           const v1::PatientState& state) {
  RETURN_IF_ERROR(CheckText("closing_note", request.closing_note(), 2000, false));
  RETURN_IF_ERROR(
      AlertIn(state, request.alert_id(), v1::ALERT_STATUS_INTERVENED, "closed").status());
  v1::Event event;
  event.mutable_alert_closed()->set_alert_id(request.alert_id());
  event.mutable_alert_closed()->set_closing_note(request.closing_note());
  return event;
}

absl::StatusOr<v1::Event> DecideEscalateAlert(const v1::EscalateAlertCommand& command,
                                              const v1::PatientState& state, absl::Time now) {
  ASSIGN_OR_RETURN(const v1::Alert* alert,
                   AlertIn(state, command.alert_id(), v1::ALERT_STATUS_RAISED, "escalated"));
  if (alert->escalation_level() > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("alert ", alert->id(), " has already escalated"));
  }
  if (ToAbslTime(alert->acknowledge_by()) > now) {
    return absl::FailedPreconditionError(
        absl::StrCat("alert ", alert->id(), " is still within its acknowledgement time"));
  }
  v1::Event event;
  event.mutable_alert_escalated()->set_alert_id(alert->id());
  event.mutable_alert_escalated()->set_escalated_to_role(alert->escalate_to_role());
  *event.mutable_alert_escalated()->mutable_alert() = *alert;
  return event;
}

}  // namespace casehub::engine
