#include "tools/bench/casehub_caller.h"

#include <algorithm>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"
#include "casehub/v1/alert.grpc.pb.h"
#include "casehub/v1/case.grpc.pb.h"
#include "casehub/v1/chemo.grpc.pb.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "casehub/v1/report.grpc.pb.h"
#include "casehub/v1/task.grpc.pb.h"
#include "tools/bench/alert_loop.h"
#include "tools/bench/cycle_start.h"
#include "tools/bench/lab_result_request.h"

namespace casehub::bench {
namespace {

class CasehubCaller : public Caller {
 public:
  CasehubCaller(const CasehubTarget& target, const Mix& mix)
      : target_(target),
        mix_(mix),
        patients_(target.channel),
        cases_(target.channel),
        chemo_(target.channel),
        clinical_(target.channel),
        tasks_(target.channel),
        reports_(target.channel),
        alerts_(target.channel) {}

  absl::Status SetUp() {
    for (int i = 0; i < target_.patients_per_caller; ++i) RETURN_IF_ERROR(AddCourse());
    return ListExistingPatients();
  }

  int ChooseOperation() override { return mix_.Next(); }

  absl::Status Perform(int operation) override {
    switch (mix_.operations()[operation]) {
      case CasehubOperation::kRegisterPatient: return RegisterPatient();
      case CasehubOperation::kRecordLabResult: return RecordLabResult();
      case CasehubOperation::kRecordLabResults: return RecordLabResults();
      case CasehubOperation::kListWorklist: return ListWorklist();
      case CasehubOperation::kListAlerts: return ListAlerts();
      case CasehubOperation::kCompleteTask: return CompleteTask();
      case CasehubOperation::kGetTimeline: return GetTimeline();
      case CasehubOperation::kMyeloReport: return GetMyeloReport();
      case CasehubOperation::kStartCycle: return StartCycle();
      case CasehubOperation::kAlertLoop: return AlertLoop();
    }
    return absl::InternalError("unknown operation");
  }

 private:
  const std::string& SomeOf(const std::vector<std::string>& ids) {
    return ids[absl::Uniform<size_t>(random_, 0, ids.size())];
  }

  absl::Status ListExistingPatients() {
    v1::ListPatientsRequest request;
    request.set_page_size(std::min(target_.existing_patients, 500));
    while (static_cast<int>(existing_ids_.size()) < target_.existing_patients) {
      v1::ListPatientsResponse page;
      RETURN_IF_ERROR(CallHub(target_, patients_, &v1::PatientService::Stub::ListPatients, request, page));
      for (const v1::Patient& patient : page.patients()) existing_ids_.push_back(patient.id());
      if (page.next_page_token().empty()) break;
      request.set_page_token(page.next_page_token());
    }
    if (target_.existing_patients > 0 && existing_ids_.empty()) {
      return absl::FailedPreconditionError("--existing_patients: the caller's site has no patients");
    }
    return absl::OkStatus();
  }

  // A new patient with an open lung case, whose cycles start_cycle starts.
  absl::Status AddCourse() {
    RETURN_IF_ERROR(RegisterPatient());
    ASSIGN_OR_RETURN(std::string case_id,
                     OpenLungCase(target_, cases_, random_, patient_ids_.back()));
    courses_.push_back(
        Course{.patient_id = patient_ids_.back(), .case_id = std::move(case_id), .next_cycle = 1});
    return absl::OkStatus();
  }

  // A course that has started all its cycles is replaced by a new
  // patient's, within the call (so states stay the size of a real course).
  absl::Status StartCycle() {
    size_t chosen = absl::Uniform<size_t>(random_, 0, courses_.size());
    if (courses_[chosen].next_cycle > kCyclesPerCourse) {
      RETURN_IF_ERROR(AddCourse());
      std::swap(courses_[chosen], courses_.back());
      courses_.pop_back();
    }
    Course& course = courses_[chosen];
    const absl::Status started =
        StartLungCycle(target_, chemo_, random_, course.case_id, course.next_cycle);
    // A cycle that failed part-way may have its consent recorded, which a
    // second try would repeat: the course is done, the next call replaces it.
    course.next_cycle = started.ok() ? course.next_cycle + 1 : kCyclesPerCourse + 1;
    return started;
  }

  // On a course's patient: its lung case makes the module raise the alert.
  absl::Status AlertLoop() {
    const Course& course = courses_[absl::Uniform<size_t>(random_, 0, courses_.size())];
    return RunCriticalValueLoop(target_, {clinical_, patients_, alerts_}, random_,
                                course.patient_id);
  }

  absl::Status RegisterPatient() {
    ASSIGN_OR_RETURN(std::string id, RegisterBenchPatient(target_, patients_, random_,
                                                          static_cast<int>(patient_ids_.size())));
    patient_ids_.push_back(std::move(id));
    return absl::OkStatus();
  }

  absl::Status RecordLabResult() {
    v1::RecordLabResultResponse response;
    return CallHub(target_, clinical_, &v1::ClinicalService::Stub::RecordLabResult,
                NewAncResult(SomeOf(patient_ids_), random_), response);
  }

  // A laboratory's batch over the caller's patients; a refused result
  // counts as the call's error.
  absl::Status RecordLabResults() {
    v1::RecordLabResultsRequest request;
    for (int i = 0; i < target_.batch_size; ++i) {
      *request.add_results() = NewAncResult(SomeOf(patient_ids_), random_);
    }
    v1::RecordLabResultsResponse response;
    RETURN_IF_ERROR(CallHub(target_, clinical_, &v1::ClinicalService::Stub::RecordLabResults,
                            request, response));
    for (const v1::RecordLabResultsResponse::Entry& entry : response.entries()) {
      if (entry.code() != 0) {
        return absl::Status(static_cast<absl::StatusCode>(entry.code()), entry.message());
      }
    }
    return absl::OkStatus();
  }

  absl::Status ListWorklist() {
    v1::ListWorklistRequest request;
    v1::ListWorklistResponse response;
    return CallHub(target_, tasks_, &v1::TaskService::Stub::ListWorklist, request, response);
  }

  absl::Status ListAlerts() {
    v1::ListAlertsRequest request;
    v1::ListAlertsResponse response;
    return CallHub(target_, alerts_, &v1::AlertService::Stub::ListAlerts, request, response);
  }

  // A random task of the first page, so that concurrent callers seldom
  // complete the same one (the second would be refused).
  absl::Status CompleteTask() {
    v1::ListWorklistRequest list;
    v1::ListWorklistResponse worklist;
    RETURN_IF_ERROR(CallHub(target_, tasks_, &v1::TaskService::Stub::ListWorklist, list, worklist));
    if (worklist.tasks().empty()) {
      return absl::FailedPreconditionError("complete_task: the caller's worklist is empty");
    }
    v1::CompleteTaskRequest request;
    request.mutable_meta()->set_request_id(NewRequestId(random_));
    request.set_task_id(worklist.tasks(absl::Uniform<int>(random_, 0, worklist.tasks_size())).id());
    v1::Task completed;
    return CallHub(target_, tasks_, &v1::TaskService::Stub::CompleteTask, request, completed);
  }

  absl::Status GetTimeline() {
    v1::GetPatientRequest request;
    request.set_patient_id(SomeOf(existing_ids_.empty() ? patient_ids_ : existing_ids_));
    request.set_include_timeline(true);
    request.set_timeline_limit(target_.timeline_limit);
    v1::PatientView view;
    return CallHub(target_, patients_, &v1::PatientService::Stub::GetPatient, request, view);
  }

  absl::Status GetMyeloReport() {
    absl::CivilDay end = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
    if (!target_.report_end.empty() && !absl::ParseCivilTime(target_.report_end, &end)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--report_end: '", target_.report_end, "' is not YYYY-MM-DD"));
    }
    v1::MyeloReportRequest request;
    request.set_from_date(absl::FormatCivilTime(end - (target_.report_days - 1)));
    request.set_to_date(absl::FormatCivilTime(end));
    v1::MyeloReport report;
    return CallHub(target_, reports_, &v1::ReportService::Stub::GetMyeloReport, request, report);
  }

  const CasehubTarget& target_;
  Mix mix_;
  absl::BitGen random_;
  std::vector<std::string> patient_ids_;
  struct Course {
    std::string patient_id;
    std::string case_id;
    uint32_t next_cycle;
  };
  // One per patient registered with a lung case.
  std::vector<Course> courses_;
  // The site's patients already in the hub (CasehubTarget::existing_patients).
  std::vector<std::string> existing_ids_;
  v1::PatientService::Stub patients_;
  v1::CaseService::Stub cases_;
  v1::ChemoService::Stub chemo_;
  v1::ClinicalService::Stub clinical_;
  v1::TaskService::Stub tasks_;
  v1::ReportService::Stub reports_;
  v1::AlertService::Stub alerts_;
};

}  // namespace

Phase CasehubPhase(const std::string& name, const CasehubTarget& target, const Mix& mix) {
  return Phase{
      .name = name,
      .operation_names = mix.OperationNames(),
      .make_caller = [&target, mix](int) -> absl::StatusOr<std::unique_ptr<Caller>> {
        auto caller = std::make_unique<CasehubCaller>(target, mix);
        RETURN_IF_ERROR(caller->SetUp());
        return caller;
      },
  };
}

}  // namespace casehub::bench
