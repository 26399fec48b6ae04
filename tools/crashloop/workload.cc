#include "tools/crashloop/workload.h"

#include "absl/random/distributions.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "casehub/v1/alert.grpc.pb.h"
#include "casehub/v1/case.grpc.pb.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "casehub/v1/task.grpc.pb.h"

namespace casehub::crashloop {
namespace {

google::protobuf::Timestamp ProtoTime(absl::Time time) {
  google::protobuf::Timestamp proto;
  proto.set_seconds(absl::ToUnixSeconds(time));
  return proto;
}

std::string Day(absl::Time time) { return absl::FormatTime("%Y-%m-%d", time, absl::UTCTimeZone()); }

v1::CaseFact Fact(const std::string& key, const std::string& value) {
  v1::CaseFact fact;
  fact.set_key(key);
  fact.set_value(value);
  return fact;
}

}  // namespace

Client::Client(Caller caller, Ledger* ledger, Problems* problems, WorkloadOptions options)
    : caller_(std::move(caller)),
      ledger_(ledger),
      problems_(problems),
      options_(std::move(options)),
      random_(options_.seed * 1000003 + static_cast<uint64_t>(options_.client_index)) {}

void Client::Run(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    if (absl::IsCancelled(Step())) return;
  }
}

std::string Client::NextRequestId() {
  return absl::StrFormat("crashloop-%s-c%d-w%d", options_.run_tag, options_.client_index,
                         next_request_++);
}

absl::Status Client::Refused(const WriteRecord& write, const absl::Status& status) {
  // The link closing is the harness stopping, not an answer.
  if (!absl::IsCancelled(status)) {
    problems_->Add(absl::StrCat("request ", write.request_id, " (", KindName(write.kind),
                                write.patient_id.empty() ? "" : " for patient ",
                                write.patient_id, ") got no acknowledgement: ",
                                status.ToString()));
  }
  return status;
}

void Client::Mismatch(const WriteRecord& write, const std::string& what) {
  problems_->Add(absl::StrCat("request ", write.request_id, " (", KindName(write.kind),
                              " for patient ", write.patient_id, ") was answered with ", what));
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Client::Write(
    WriteRecord& write,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    Request& request) {
  write.request_id = NextRequestId();
  request.mutable_meta()->set_request_id(write.request_id);
  // Entered before the first attempt: from here on the write may be applied.
  ledger_->Issue(write);
  absl::StatusOr<Response> answer =
      CallUntilAnswered(caller_, method, request, ledger_, write.request_id);
  if (!answer.ok()) return Refused(write, answer.status());
  return answer;
}

absl::Status Client::Step() {
  if (static_cast<int>(patients_.size()) < options_.patients_in_hand) return RegisterPatient();
  const size_t index = absl::Uniform<size_t>(random_, 0, patients_.size());
  PatientInHand& patient = patients_[index];
  absl::Status status;
  if (patient.case_id.empty()) {
    status = OpenCase(patient);
  } else if (!patient.diagnosis_recorded) {
    status = RecordCaseData(patient, /*diagnosis=*/true);
  } else if (!patient.staged) {
    status = MoveToStaging(patient);
  } else if (!patient.alert_id.empty()) {
    status = AdvanceAlert(patient);
  } else {
    const double choice = absl::Uniform(random_, 0.0, 1.0);
    if (choice < 0.1) {
      absl::StatusOr<bool> completed = CompleteSomeTask(patient);
      status = completed.status();
      if (completed.ok() && !*completed) status = RecordLabResult(patient);
    } else if (choice < 0.2) {
      status = RecordCaseData(patient, /*diagnosis=*/false);
    } else {
      status = RecordLabResult(patient);
    }
  }
  if (absl::IsCancelled(status)) return status;
  // A patient whose write was refused is in an unknown state: leave it.
  if (!status.ok() ||
      (patient.writes >= options_.writes_per_patient && patient.alert_id.empty())) {
    patients_.erase(patients_.begin() + static_cast<std::ptrdiff_t>(index));
  }
  return absl::OkStatus();
}

absl::Status Client::RegisterPatient() {
  const int n = next_patient_++;
  WriteRecord write{.kind = WriteKind::kRegisterPatient,
                    .patient_name = absl::StrFormat("Crashloop %s c%d n%d", options_.run_tag,
                                                    options_.client_index, n),
                    .site = caller_.site};
  v1::RegisterPatientRequest request;
  v1::Patient& patient = *request.mutable_patient();
  patient.set_name(write.patient_name);
  patient.set_sex(n % 2 == 0 ? v1::SEX_FEMALE : v1::SEX_MALE);
  patient.set_birth_date(absl::StrFormat("19%02d-0%d-1%d", 40 + n % 50, 1 + n % 9, n % 10));
  patient.set_medical_record_number(absl::StrFormat("MRN-%d-%06d", options_.client_index, n));
  absl::StatusOr<v1::PatientView> answer =
      Write(write, &v1::PatientService::Stub::RegisterPatient, request);
  if (!answer.ok()) return answer.status();
  const std::string& id = answer->state().patient().id();
  ledger_->Acknowledge(write.request_id, id, 0);
  write.patient_id = id;
  if (answer->state().patient().name() != write.patient_name) {
    Mismatch(write, absl::StrCat("patient ", id, " named '", answer->state().patient().name(),
                                 "', not '", write.patient_name, "'"));
  }
  patients_.push_back({.id = id});
  return absl::OkStatus();
}

absl::Status Client::OpenCase(PatientInHand& patient) {
  WriteRecord write{.kind = WriteKind::kOpenCase, .patient_id = patient.id};
  v1::OpenCaseRequest request;
  request.set_patient_id(patient.id);
  request.mutable_diagnosis()->set_system("http://hl7.org/fhir/sid/icd-10");
  request.mutable_diagnosis()->set_code("C34.1");
  absl::StatusOr<v1::Case> answer = Write(write, &v1::CaseService::Stub::OpenCase, request);
  if (!answer.ok()) return answer.status();
  ledger_->Acknowledge(write.request_id, answer->id(), 0);
  if (answer->patient_id() != patient.id || answer->tumor_type() != "lung") {
    Mismatch(write, absl::StrCat("case ", answer->id(), " of patient ", answer->patient_id(),
                                 ", tumor type '", answer->tumor_type(), "'"));
  }
  patient.case_id = answer->id();
  ++patient.writes;
  return absl::OkStatus();
}

absl::Status Client::RecordCaseData(PatientInHand& patient, bool diagnosis) {
  WriteRecord write{.kind = WriteKind::kRecordCaseData,
                    .patient_id = patient.id,
                    .target_id = patient.case_id};
  v1::RecordCaseDataRequest request;
  request.set_case_id(patient.case_id);
  if (diagnosis) {
    static const char* const kHistologies[] = {"adenocarcinoma", "squamous", "large_cell"};
    *request.add_facts() = Fact("diagnosis_date", Day(absl::Now() - absl::Hours(24 * 10)));
    *request.add_facts() = Fact("histology", kHistologies[absl::Uniform(random_, 0, 3)]);
  } else {
    *request.add_facts() = Fact("ecog", absl::StrCat(absl::Uniform(random_, 0, 3)));
  }
  absl::StatusOr<v1::Case> answer = Write(write, &v1::CaseService::Stub::RecordCaseData, request);
  if (!answer.ok()) return answer.status();
  ledger_->Acknowledge(write.request_id, answer->id(), 0);
  if (answer->id() != patient.case_id) Mismatch(write, absl::StrCat("case ", answer->id()));
  patient.diagnosis_recorded = true;
  ++patient.writes;
  return absl::OkStatus();
}

absl::Status Client::MoveToStaging(PatientInHand& patient) {
  WriteRecord write{.kind = WriteKind::kChangeCaseStage,
                    .patient_id = patient.id,
                    .target_id = patient.case_id};
  v1::ChangeCaseStageRequest request;
  request.set_case_id(patient.case_id);
  request.set_to_stage("staging");
  request.set_reason("pathology confirmed");
  absl::StatusOr<v1::Case> answer =
      Write(write, &v1::CaseService::Stub::ChangeCaseStage, request);
  if (!answer.ok()) return answer.status();
  ledger_->Acknowledge(write.request_id, answer->id(), 0);
  if (answer->id() != patient.case_id || answer->stage() != "staging") {
    Mismatch(write, absl::StrCat("case ", answer->id(), " in stage '", answer->stage(), "'"));
  }
  patient.staged = true;
  ++patient.writes;
  return absl::OkStatus();
}

absl::Status Client::RecordLabResult(PatientInHand& patient) {
  // Blood counts as a ward sends them: mostly ANC, some platelets; about a
  // third below the critical limits (ANC < 1.0, PLT < 20 x10^9/L).
  const bool anc = absl::Bernoulli(random_, 0.8);
  const bool critical = absl::Bernoulli(random_, 0.35);
  double value = anc ? (critical ? absl::Uniform(random_, 0.1, 0.99) : absl::Uniform(random_, 1.0, 6.0))
                     : (critical ? absl::Uniform(random_, 5.0, 19.0) : absl::Uniform(random_, 40.0, 300.0));
  // Two decimals, so the value sent and the one stored compare exactly.
  value = static_cast<double>(static_cast<int>(value * 100)) / 100;
  WriteRecord write{.kind = WriteKind::kRecordLabResult, .patient_id = patient.id,
                    .target_id = patient.case_id, .value = value};
  v1::RecordLabResultRequest request;
  request.set_patient_id(patient.id);
  v1::LabResult& result = *request.mutable_result();
  result.mutable_code()->set_system("http://loinc.org");
  result.mutable_code()->set_code(anc ? "751-8" : "777-3");
  result.set_value(value);
  result.set_unit("10*9/L");
  // A minute ago: a result may not be observed in the future. Set once, so
  // every retry sends the same body.
  *result.mutable_observed_at() = ProtoTime(absl::Now() - absl::Minutes(1));
  result.set_case_id(patient.case_id);
  result.set_accession(absl::StrFormat("LIS-%d-%d", options_.client_index, next_request_));
  absl::StatusOr<v1::RecordLabResultResponse> answer =
      Write(write, &v1::ClinicalService::Stub::RecordLabResult, request);
  if (!answer.ok()) return answer.status();
  ledger_->Acknowledge(write.request_id, patient.id, answer->event_seq());
  ++patient.writes;
  if (!critical) return absl::OkStatus();

  // The nurse's view of the patient shows the alert the value raised.
  v1::GetPatientRequest read;
  read.set_patient_id(patient.id);
  absl::StatusOr<v1::PatientView> view =
      CallUntilAnswered(caller_, &v1::PatientService::Stub::GetPatient, read);
  if (!view.ok()) {
    if (!absl::IsCancelled(view.status())) {
      problems_->Add(absl::StrCat("reading patient ", patient.id, " after request ",
                                  write.request_id, ": ", view.status().ToString()));
    }
    return view.status();
  }
  for (const v1::Alert& alert : view->state().alerts()) {
    if (alert.raised_by_seq() == answer->event_seq() && alert.status() == v1::ALERT_STATUS_RAISED) {
      patient.alert_id = alert.id();
      patient.alert_step = 1;
    }
  }
  return absl::OkStatus();
}

absl::Status Client::AdvanceAlert(PatientInHand& patient) {
  WriteRecord write{.patient_id = patient.id, .target_id = patient.alert_id};
  absl::StatusOr<v1::Alert> answer;
  v1::AlertStatus expected = v1::ALERT_STATUS_UNSPECIFIED;
  if (patient.alert_step == 1) {
    write.kind = WriteKind::kAcknowledgeAlert;
    expected = v1::ALERT_STATUS_ACKNOWLEDGED;
    v1::AcknowledgeAlertRequest request;
    request.set_alert_id(patient.alert_id);
    request.set_note("value read back to the ward");
    answer = Write(write, &v1::AlertService::Stub::AcknowledgeAlert, request);
  } else if (patient.alert_step == 2) {
    write.kind = WriteKind::kRecordAlertIntervention;
    expected = v1::ALERT_STATUS_INTERVENED;
    v1::RecordAlertInterventionRequest request;
    request.set_alert_id(patient.alert_id);
    request.set_intervention("PEG-rhG-CSF ordered");
    answer = Write(write, &v1::AlertService::Stub::RecordAlertIntervention, request);
  } else {
    write.kind = WriteKind::kCloseAlert;
    expected = v1::ALERT_STATUS_CLOSED;
    v1::CloseAlertRequest request;
    request.set_alert_id(patient.alert_id);
    request.set_closing_note("progress note written");
    answer = Write(write, &v1::AlertService::Stub::CloseAlert, request);
  }
  if (!answer.ok()) return answer.status();
  ledger_->Acknowledge(write.request_id, answer->id(), 0);
  if (answer->id() != patient.alert_id || answer->status() != expected) {
    Mismatch(write, absl::StrCat("alert ", answer->id(), " in status ",
                                 v1::AlertStatus_Name(answer->status()), ", not ",
                                 v1::AlertStatus_Name(expected)));
  }
  ++patient.writes;
  if (++patient.alert_step > 3) {
    patient.alert_id.clear();
    patient.alert_step = 0;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> Client::CompleteSomeTask(PatientInHand& patient) {
  v1::GetPatientRequest read;
  read.set_patient_id(patient.id);
  absl::StatusOr<v1::PatientView> view =
      CallUntilAnswered(caller_, &v1::PatientService::Stub::GetPatient, read);
  if (!view.ok()) return view.status();
  const v1::Task* open = nullptr;
  for (const v1::Task& task : view->state().tasks()) {
    // Escalation tasks are the alert's to complete.
    if (task.status() == v1::TASK_STATUS_OPEN && task.alert_id().empty()) open = &task;
  }
  if (open == nullptr) return false;
  WriteRecord write{.kind = WriteKind::kCompleteTask, .patient_id = patient.id,
                    .target_id = open->id()};
  v1::CompleteTaskRequest request;
  request.set_task_id(open->id());
  request.set_note("done");
  absl::StatusOr<v1::Task> answer = Write(write, &v1::TaskService::Stub::CompleteTask, request);
  if (!answer.ok()) return answer.status();
  ledger_->Acknowledge(write.request_id, answer->id(), 0);
  if (answer->id() != write.target_id || answer->status() != v1::TASK_STATUS_COMPLETED) {
    Mismatch(write, absl::StrCat("task ", answer->id(), " in status ",
                                 v1::TaskStatus_Name(answer->status())));
  }
  ++patient.writes;
  return true;
}

}  // namespace casehub::crashloop
