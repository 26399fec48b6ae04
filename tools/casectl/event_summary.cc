#include "tools/casectl/event_summary.h"

#include "absl/strings/str_cat.h"
#include "tools/casectl/format.h"

namespace casehub::casectl {
namespace {

// " (text)" when there is text to add.
std::string Aside(const std::string& text) {
  return text.empty() ? "" : absl::StrCat(" (", text, ")");
}

}  // namespace

std::string SummarizeEvent(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kPatientRegistered:
      return absl::StrCat("patient registered: ",
                          event.patient_registered().patient().name());
    case v1::Event::kCaseOpened: {
      const v1::Case& kase = event.case_opened().case_();
      return absl::StrCat("case opened ", kase.diagnosis().code(),
                          Aside(kase.tumor_type()));
    }
    case v1::Event::kCaseStageChanged: {
      const v1::CaseStageChanged& change = event.case_stage_changed();
      return absl::StrCat("stage ", change.from_stage(), " → ",
                          change.to_stage(), Aside(change.reason()));
    }
    case v1::Event::kLabResultRecorded: {
      const v1::LabResult& result = event.lab_result_recorded().result();
      return absl::StrCat("lab ", result.code().code(), " = ",
                          FormatNumber(result.value()), " ", result.unit());
    }
    case v1::Event::kTaskCreated:
      return absl::StrCat("task created: ",
                          event.task_created().task().title());
    case v1::Event::kTaskCompleted:
      return absl::StrCat("task completed: ", event.task_completed().task_id(),
                          Aside(event.task_completed().note()));
    case v1::Event::kTaskBecameOverdue:
      return absl::StrCat("task overdue: ",
                          event.task_became_overdue().task_id());
    case v1::Event::BODY_NOT_SET:
      break;
  }
  // An event kind added to the contract after this build.
  return "unrecognized event";
}

std::string EventAuthor(const v1::Event& event) {
  return event.plugin_id().empty() ? event.actor().principal_id()
                                   : event.plugin_id();
}

}  // namespace casehub::casectl
