#include "tools/crashloop/checks.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/v1/admin.grpc.pb.h"
#include "casehub/v1/audit.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"

namespace casehub::crashloop {
namespace {

constexpr char kSchedulerPrincipal[] = "system:scheduler";

v1::Event::BodyCase ExpectedBody(WriteKind kind) {
  switch (kind) {
    case WriteKind::kRegisterPatient: return v1::Event::kPatientRegistered;
    case WriteKind::kOpenCase: return v1::Event::kCaseOpened;
    case WriteKind::kRecordCaseData: return v1::Event::kCaseDataRecorded;
    case WriteKind::kChangeCaseStage: return v1::Event::kCaseStageChanged;
    case WriteKind::kRecordLabResult: return v1::Event::kLabResultRecorded;
    case WriteKind::kAcknowledgeAlert: return v1::Event::kAlertAcknowledged;
    case WriteKind::kRecordAlertIntervention: return v1::Event::kAlertIntervened;
    case WriteKind::kCloseAlert: return v1::Event::kAlertClosed;
    case WriteKind::kCompleteTask: return v1::Event::kTaskCompleted;
  }
  return v1::Event::BODY_NOT_SET;
}

// The alert status each alert step leaves behind.
v1::AlertStatus StatusAfter(WriteKind kind) {
  switch (kind) {
    case WriteKind::kAcknowledgeAlert: return v1::ALERT_STATUS_ACKNOWLEDGED;
    case WriteKind::kRecordAlertIntervention: return v1::ALERT_STATUS_INTERVENED;
    case WriteKind::kCloseAlert: return v1::ALERT_STATUS_CLOSED;
    default: return v1::ALERT_STATUS_UNSPECIFIED;
  }
}

absl::Time ToTime(const google::protobuf::Timestamp& time) {
  return absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
}

std::string Describe(const WriteRecord& write) {
  return absl::StrCat("request ", write.request_id, " (", KindName(write.kind),
                      write.target_id.empty() ? "" : " on ", write.target_id,
                      write.acknowledged ? ", acknowledged" : ", never answered", ")");
}

// Where `event` disagrees with the answer the client got for `write`; empty
// when it agrees. The view's timeline holds the derived events.
std::string Disagreement(const WriteRecord& write, const v1::Event& event,
                         const v1::PatientView& view) {
  switch (write.kind) {
    case WriteKind::kRegisterPatient:
      if (event.patient_registered().patient().name() != write.patient_name) {
        return absl::StrCat("registered '", event.patient_registered().patient().name(),
                            "', not '", write.patient_name, "'");
      }
      return "";
    case WriteKind::kOpenCase:
      if (event.case_opened().case_().id() != write.answer_entity) {
        return absl::StrCat("opened case ", event.case_opened().case_().id(),
                            " but the answer named ", write.answer_entity);
      }
      return "";
    case WriteKind::kRecordCaseData:
      return event.case_data_recorded().case_id() == write.target_id
                 ? ""
                 : absl::StrCat("recorded data on ", event.case_data_recorded().case_id());
    case WriteKind::kChangeCaseStage:
      return event.case_stage_changed().case_id() == write.target_id &&
                     event.case_stage_changed().to_stage() == "staging"
                 ? ""
                 : absl::StrCat("moved ", event.case_stage_changed().case_id(), " to ",
                                event.case_stage_changed().to_stage());
    case WriteKind::kRecordLabResult: {
      if (event.seq() != write.answer_seq) {
        return absl::StrCat("is event ", event.seq(), " but the answer said event ",
                            write.answer_seq);
      }
      if (event.lab_result_recorded().result().value() != write.value) {
        return absl::StrCat("holds value ", event.lab_result_recorded().result().value(),
                            ", not ", write.value);
      }
      // The grade is derived in the same batch: a result without it is half
      // a write.
      for (const v1::Event& derived : view.timeline()) {
        if (derived.caused_by_seq() == event.seq() && derived.has_lab_result_graded()) return "";
      }
      return "has no LabResultGraded event derived from it";
    }
    case WriteKind::kAcknowledgeAlert:
      return event.alert_acknowledged().alert_id() == write.target_id
                 ? ""
                 : absl::StrCat("acknowledged ", event.alert_acknowledged().alert_id());
    case WriteKind::kRecordAlertIntervention:
      return event.alert_intervened().alert_id() == write.target_id
                 ? ""
                 : absl::StrCat("intervened on ", event.alert_intervened().alert_id());
    case WriteKind::kCloseAlert:
      return event.alert_closed().alert_id() == write.target_id
                 ? ""
                 : absl::StrCat("closed ", event.alert_closed().alert_id());
    case WriteKind::kCompleteTask:
      return event.task_completed().task_id() == write.target_id
                 ? ""
                 : absl::StrCat("completed ", event.task_completed().task_id());
  }
  return "";
}

// The alerts the writes moved, and tasks they completed, as the state shows them.
void CheckAlertsAndTasks(const std::string& patient_id,
                         const std::vector<const WriteRecord*>& writes,
                         const v1::PatientState& state, const std::string& when,
                         Problems& problems) {
  struct Expected {
    v1::AlertStatus acknowledged = v1::ALERT_STATUS_RAISED;
    v1::AlertStatus pending = v1::ALERT_STATUS_UNSPECIFIED;
  };
  std::map<std::string, Expected> alerts;
  for (const WriteRecord* write : writes) {
    const v1::AlertStatus after = StatusAfter(write->kind);
    if (after != v1::ALERT_STATUS_UNSPECIFIED) {
      Expected& expected = alerts[write->target_id];
      if (write->acknowledged) {
        expected.acknowledged = std::max(expected.acknowledged, after);
      } else {
        expected.pending = after;
      }
    }
    if (write->kind == WriteKind::kCompleteTask && write->acknowledged) {
      const v1::Task* found = nullptr;
      for (const v1::Task& task : state.tasks()) {
        if (task.id() == write->target_id) found = &task;
      }
      if (found == nullptr || found->status() != v1::TASK_STATUS_COMPLETED) {
        problems.Add(absl::StrCat(when, ": patient ", patient_id, ": task ", write->target_id,
                                  " completed by ", write->request_id, " is ",
                                  found == nullptr ? "missing"
                                                   : v1::TaskStatus_Name(found->status())));
      }
    }
  }
  for (const auto& [alert_id, expected] : alerts) {
    const v1::Alert* found = nullptr;
    for (const v1::Alert& alert : state.alerts()) {
      if (alert.id() == alert_id) found = &alert;
    }
    if (found == nullptr) {
      problems.Add(absl::StrCat(when, ": patient ", patient_id, ": alert ", alert_id,
                                " is missing from the state"));
    } else if (found->status() != expected.acknowledged && found->status() != expected.pending) {
      problems.Add(absl::StrCat(when, ": patient ", patient_id, ": alert ", alert_id, " is ",
                                v1::AlertStatus_Name(found->status()),
                                "; the acknowledged steps left it ",
                                v1::AlertStatus_Name(expected.acknowledged)));
    }
  }
}

void CheckPatient(const std::string& patient_id, const std::vector<const WriteRecord*>& writes,
                  const v1::PatientView& view, const std::string& when, Problems& problems,
                  CheckCounts& counts) {
  const std::string where = absl::StrCat(when, ": patient ", patient_id);
  // The timeline is the stream 1..version without gaps.
  for (int i = 0; i < view.timeline_size(); ++i) {
    if (view.timeline(i).seq() != static_cast<uint64_t>(i + 1)) {
      problems.Add(absl::StrCat(where, ": timeline position ", i + 1, " holds event seq ",
                                view.timeline(i).seq()));
      break;
    }
  }
  if (view.state().version() != static_cast<uint64_t>(view.timeline_size())) {
    problems.Add(absl::StrCat(where, ": state version ", view.state().version(), " but ",
                              view.timeline_size(), " events"));
  }

  // Primary events by the request that caused them.
  std::map<std::string, std::vector<const v1::Event*>> primaries;
  for (const v1::Event& event : view.timeline()) {
    if (event.caused_by_seq() == 0) primaries[event.request_id()].push_back(&event);
  }
  std::set<std::string> sent;
  for (const WriteRecord* write : writes) sent.insert(write->request_id);
  for (const auto& [request_id, events] : primaries) {
    if (sent.contains(request_id) || events.front()->actor().principal_id() == kSchedulerPrincipal) {
      continue;
    }
    problems.Add(absl::StrCat(where, ": event seq ", events.front()->seq(), " comes from request '",
                              request_id, "', which no client sent"));
  }

  int labs_acknowledged = 0;
  int labs_pending = 0;
  for (const WriteRecord* write : writes) {
    if (write->kind == WriteKind::kRecordLabResult) {
      ++(write->acknowledged ? labs_acknowledged : labs_pending);
    }
    auto found = primaries.find(write->request_id);
    const size_t times = found == primaries.end() ? 0 : found->second.size();
    if (times > 1 || (write->acknowledged && times == 0)) {
      std::vector<uint64_t> seqs;
      if (times > 0) {
        for (const v1::Event* event : found->second) seqs.push_back(event->seq());
      }
      problems.Add(absl::StrCat(where, ": ", Describe(*write), " is in the timeline ", times,
                                " times", times > 0 ? absl::StrCat(" (event seqs ", absl::StrJoin(seqs, ", "), ")") : "",
                                "; expected ", write->acknowledged ? "exactly once" : "at most once"));
      continue;
    }
    if (times == 0) continue;
    const v1::Event& event = *found->second.front();
    if (event.body_case() != ExpectedBody(write->kind)) {
      problems.Add(absl::StrCat(where, ": ", Describe(*write), " produced event seq ",
                                event.seq(), " of the wrong kind (body field ",
                                static_cast<int>(event.body_case()), ")"));
      continue;
    }
    if (!write->acknowledged) continue;
    if (std::string disagreement = Disagreement(*write, event, view); !disagreement.empty()) {
      problems.Add(absl::StrCat(where, ": ", Describe(*write), " event seq ", event.seq(), " ",
                                disagreement));
      continue;
    }
    ++counts.writes_checked;
    if (write->unknown_outcomes > 0 && ToTime(event.recorded_at()) < write->last_sent) {
      ++counts.answered_from_earlier_attempt;
    }
  }

  // The same promise counted per patient, as an operator would check it.
  int labs_recorded = 0;
  for (const v1::Event& event : view.timeline()) {
    if (event.caused_by_seq() == 0 && event.has_lab_result_recorded()) ++labs_recorded;
  }
  if (labs_recorded < labs_acknowledged || labs_recorded > labs_acknowledged + labs_pending) {
    problems.Add(absl::StrCat(where, ": ", labs_recorded, " lab results recorded, but ",
                              labs_acknowledged, " distinct lab requests were acknowledged (and ",
                              labs_pending, " not yet answered)"));
  }
  CheckAlertsAndTasks(patient_id, writes, view.state(), when, problems);
}

// Patients of `site` that no acknowledged registration returned: a
// registration applied twice leaves one.
absl::Status CheckSitePatients(const Caller& caller, const std::string& site,
                               const std::vector<WriteRecord>& writes, const CheckScope& scope,
                               Problems& problems) {
  std::map<std::string, const WriteRecord*> by_name;
  std::set<std::string> registered;
  for (const WriteRecord& write : writes) {
    if (write.kind != WriteKind::kRegisterPatient) continue;
    by_name[write.patient_name] = &write;
    if (write.acknowledged) registered.insert(write.patient_id);
  }
  const std::string ours = absl::StrCat("Crashloop ", scope.run_tag, " ");
  v1::ListPatientsRequest request;
  request.set_site_id(site);
  request.set_page_size(500);
  for (;;) {
    absl::StatusOr<v1::ListPatientsResponse> page = CallUntilAnswered(
        caller, &v1::PatientService::Stub::ListPatients, request);
    if (!page.ok()) return page.status();
    for (const v1::Patient& patient : page->patients()) {
      if (registered.contains(patient.id()) || !absl::StartsWith(patient.name(), ours)) continue;
      auto registration = by_name.find(patient.name());
      if (registration == by_name.end()) {
        problems.Add(absl::StrCat(scope.when, ": site ", site, " lists patient ", patient.id(),
                                  " ('", patient.name(), "'), registered by no request"));
      } else if (registration->second->acknowledged) {
        problems.Add(absl::StrCat(scope.when, ": registration ", registration->second->request_id,
                                  " ('", patient.name(), "') was applied twice: it was answered with patient ",
                                  registration->second->patient_id, ", and patient ", patient.id(),
                                  " exists too"));
      }
      // Otherwise its registration is still unanswered: the retry will
      // name it, and the final check holds it to that.
    }
    if (page->next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(page->next_page_token());
  }
}

}  // namespace

absl::Status CheckLedger(const std::map<std::string, Caller>& callers,
                         const std::vector<WriteRecord>& writes, const CheckScope& scope,
                         Problems& problems, CheckCounts& counts) {
  std::map<std::string, std::vector<const WriteRecord*>> by_patient;
  std::map<std::string, std::string> site_of;
  for (const WriteRecord& write : writes) {
    if (write.patient_id.empty()) continue;  // a registration not answered yet
    if (scope.patients != nullptr && !scope.patients->contains(write.patient_id)) continue;
    by_patient[write.patient_id].push_back(&write);
    if (write.kind == WriteKind::kRegisterPatient) site_of[write.patient_id] = write.site;
  }
  for (const auto& [patient_id, patient_writes] : by_patient) {
    auto caller = callers.find(site_of[patient_id]);
    if (caller == callers.end()) {
      return absl::InternalError(absl::StrCat("no checker for the site of patient ", patient_id));
    }
    v1::GetPatientRequest request;
    request.set_patient_id(patient_id);
    request.set_include_timeline(true);
    absl::StatusOr<v1::PatientView> view = CallUntilAnswered(
        caller->second, &v1::PatientService::Stub::GetPatient, request);
    ++counts.patients_checked;
    if (absl::IsNotFound(view.status())) {
      const WriteRecord* registration = patient_writes.front();
      for (const WriteRecord* write : patient_writes) {
        if (write->kind == WriteKind::kRegisterPatient) registration = write;
      }
      problems.Add(absl::StrCat(scope.when, ": patient ", patient_id, " is not found, but ",
                                Describe(*registration), " named it (",
                                patient_writes.size(), " writes for it)"));
      continue;
    }
    if (!view.ok()) return view.status();
    CheckPatient(patient_id, patient_writes, *view, scope.when, problems, counts);
  }
  for (const std::string& site : scope.sites) {
    absl::Status listed = CheckSitePatients(callers.at(site), site, writes, scope, problems);
    if (!listed.ok()) return listed;
  }
  return absl::OkStatus();
}

absl::Status CheckAuditTrail(const std::map<std::string, Caller>& auditors,
                             const std::vector<WriteRecord>& writes, const std::string& when,
                             Problems& problems, CheckCounts& counts) {
  std::set<std::string> allowed_requests;
  for (const auto& [site, auditor] : auditors) {
    v1::QueryAuditRequest request;
    request.set_site_id(site);
    request.set_principal_id(absl::StrCat("crashloop.", site));
    request.set_page_size(500);
    for (;;) {
      absl::StatusOr<v1::QueryAuditResponse> page =
          CallUntilAnswered(auditor, &v1::AuditService::Stub::QueryAudit, request);
      if (!page.ok()) return page.status();
      for (const v1::AuditRecord& record : page->records()) {
        if (record.outcome() == v1::AUDIT_OUTCOME_ALLOWED && !record.request_id().empty()) {
          allowed_requests.insert(record.request_id());
        }
      }
      if (page->next_page_token().empty()) break;
      request.set_page_token(page->next_page_token());
    }
  }
  for (const WriteRecord& write : writes) {
    if (!write.acknowledged) continue;
    if (allowed_requests.contains(write.request_id)) {
      ++counts.writes_audited;
    } else {
      problems.Add(absl::StrCat(when, ": no allowed audit record names ", Describe(write)));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckVerify(const Caller& caller, const std::string& when, Problems& problems) {
  absl::StatusOr<v1::VerifyResponse> verified = CallUntilAnswered(
      caller, &v1::AdminService::Stub::Verify, v1::VerifyRequest());
  if (!verified.ok()) return verified.status();
  for (const std::string& problem : verified->problems()) {
    problems.Add(absl::StrCat(when, ": AdminService.Verify: ", problem));
  }
  return absl::OkStatus();
}

}  // namespace casehub::crashloop
