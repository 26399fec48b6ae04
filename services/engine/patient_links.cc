#include "services/engine/patient_links.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"

namespace casehub::engine {
namespace {

// What keeps a record from being merged: anything still open on it.
std::string OpenWork(const v1::PatientState& state) {
  for (const v1::Case& c : state.cases()) {
    if (c.status() == v1::CASE_STATUS_OPEN) return absl::StrCat("case ", c.id(), " is open");
  }
  for (const v1::Task& task : state.tasks()) {
    if (task.status() == v1::TASK_STATUS_OPEN) return absl::StrCat("task ", task.id(), " is open");
  }
  for (const v1::Alert& alert : state.alerts()) {
    if (alert.status() != v1::ALERT_STATUS_CLOSED) {
      return absl::StrCat("alert ", alert.id(), " is not closed");
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<v1::Event> DecideLinkPatients(const v1::LinkPatientsRequest& request,
                                             const v1::Actor& actor,
                                             const v1::PatientState& state) {
  RETURN_IF_ERROR(CheckIdField("other_patient_id", request.other_patient_id()));
  if (!IsPatientId(request.other_patient_id())) {
    return InvalidField("other_patient_id", "is not a patient id");
  }
  if (request.other_patient_id() == state.patient().id()) {
    return InvalidField("other_patient_id", "is the same record");
  }
  if (request.mode() != v1::LINK_MODE_LINK && request.mode() != v1::LINK_MODE_MERGE) {
    return InvalidField("mode", "is required: link (both records stay) or merge (a duplicate)");
  }
  RETURN_IF_ERROR(CheckExplanation("reason", request.reason(), 10, 500));
  if (const v1::PatientLink* existing = FindLink(state, request.other_patient_id())) {
    return absl::AlreadyExistsError(absl::StrCat(
        "patient ", state.patient().id(), " is ", v1::LinkMode_Name(existing->mode()),
        " to ", request.other_patient_id(), " already"));
  }
  if (request.mode() == v1::LINK_MODE_MERGE) {
    std::string open = OpenWork(state);
    if (!open.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "patient ", state.patient().id(), " cannot be merged while ", open,
          ": a merged record takes no more work; close it, or link the records instead"));
    }
  }
  v1::Event event;
  v1::PatientLink* link = event.mutable_patient_linked()->mutable_link();
  link->set_patient_id(state.patient().id());
  link->set_other_patient_id(request.other_patient_id());
  link->set_mode(request.mode());
  link->set_linked_by(actor.principal_id());
  link->set_reason(request.reason());
  return event;
}

absl::StatusOr<v1::Event> DecideUnlinkPatients(const v1::UnlinkPatientsRequest& request,
                                               const v1::PatientState& state) {
  if (FindLink(state, request.other_patient_id()) == nullptr) {
    return absl::NotFoundError(absl::StrCat("patient ", state.patient().id(),
                                            " holds no link to ", request.other_patient_id()));
  }
  RETURN_IF_ERROR(CheckExplanation("reason", request.reason(), 10, 500));
  v1::Event event;
  event.mutable_patient_unlinked()->set_other_patient_id(request.other_patient_id());
  event.mutable_patient_unlinked()->set_reason(request.reason());
  return event;
}

absl::Status CheckNotMerged(const v1::Command& command, const v1::PatientState& state) {
  if (state.patient().merged_into().empty() || command.has_unlink_patients() ||
      command.has_mark_task_overdue() || command.has_escalate_alert()) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "patient ", state.patient().id(), " was merged into ", state.patient().merged_into(),
      ": record it there (or unmerge the two first)"));
}

void ApplyLinkEvent(const v1::Event& event, v1::PatientState& state) {
  if (event.has_patient_linked()) {
    v1::PatientLink* link = state.add_links();
    *link = event.patient_linked().link();
    *link->mutable_linked_at() = event.recorded_at();
    if (link->mode() == v1::LINK_MODE_MERGE) {
      state.mutable_patient()->set_merged_into(link->other_patient_id());
    }
    return;
  }
  const std::string& other = event.patient_unlinked().other_patient_id();
  auto* links = state.mutable_links();
  for (int i = 0; i < links->size(); ++i) {
    if (links->Get(i).other_patient_id() != other) continue;
    if (links->Get(i).mode() == v1::LINK_MODE_MERGE) state.mutable_patient()->clear_merged_into();
    links->DeleteSubrange(i, 1);
    return;
  }
}

const v1::PatientLink* FindLink(const v1::PatientState& state,
                                absl::string_view other_patient_id) {
  for (const v1::PatientLink& link : state.links()) {
    if (link.other_patient_id() == other_patient_id) return &link;
  }
  return nullptr;
}

}  // namespace casehub::engine
