#include "tools/bench/casehub_caller.h"

#include <vector>

#include "absl/random/random.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"
#include "casehub/v1/case.grpc.pb.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "casehub/v1/report.grpc.pb.h"
#include "casehub/v1/task.grpc.pb.h"
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
        clinical_(target.channel),
        tasks_(target.channel),
        reports_(target.channel) {}

  absl::Status RegisterPatientsWithCases() {
    for (int i = 0; i < target_.patients_per_caller; ++i) {
      RETURN_IF_ERROR(RegisterPatient());
      RETURN_IF_ERROR(OpenLungCase(target_, cases_, random_, patient_ids_.back()));
    }
    return absl::OkStatus();
  }

  int ChooseOperation() override { return mix_.Choose(random_); }

  absl::Status Perform(int operation) override {
    switch (mix_.operations()[operation]) {
      case CasehubOperation::kRegisterPatient: return RegisterPatient();
      case CasehubOperation::kRecordLabResult: return RecordLabResult();
      case CasehubOperation::kListWorklist: return ListWorklist();
      case CasehubOperation::kGetTimeline: return GetTimeline();
      case CasehubOperation::kMyeloReport: return GetMyeloReport();
    }
    return absl::InternalError("unknown operation");
  }

 private:
  const std::string& SomePatient() {
    return patient_ids_[absl::Uniform<size_t>(random_, 0, patient_ids_.size())];
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
                NewAncResult(SomePatient(), random_), response);
  }

  absl::Status ListWorklist() {
    v1::ListWorklistRequest request;
    v1::ListWorklistResponse response;
    return CallHub(target_, tasks_, &v1::TaskService::Stub::ListWorklist, request, response);
  }

  absl::Status GetTimeline() {
    v1::GetPatientRequest request;
    request.set_patient_id(SomePatient());
    request.set_include_timeline(true);
    v1::PatientView view;
    return CallHub(target_, patients_, &v1::PatientService::Stub::GetPatient, request, view);
  }

  absl::Status GetMyeloReport() {
    // The last 30 days, which hold every result the run wrote.
    absl::Time now = absl::Now();
    v1::MyeloReportRequest request;
    request.set_from_date(absl::FormatTime("%Y-%m-%d", now - absl::Hours(24 * 30), absl::UTCTimeZone()));
    request.set_to_date(absl::FormatTime("%Y-%m-%d", now, absl::UTCTimeZone()));
    v1::MyeloReport report;
    return CallHub(target_, reports_, &v1::ReportService::Stub::GetMyeloReport, request, report);
  }

  const CasehubTarget& target_;
  Mix mix_;
  absl::BitGen random_;
  std::vector<std::string> patient_ids_;
  v1::PatientService::Stub patients_;
  v1::CaseService::Stub cases_;
  v1::ClinicalService::Stub clinical_;
  v1::TaskService::Stub tasks_;
  v1::ReportService::Stub reports_;
};

}  // namespace

Phase CasehubPhase(const std::string& name, const CasehubTarget& target, const Mix& mix) {
  return Phase{
      .name = name,
      .operation_names = mix.OperationNames(),
      .make_caller = [&target, mix](int) -> absl::StatusOr<std::unique_ptr<Caller>> {
        auto caller = std::make_unique<CasehubCaller>(target, mix);
        RETURN_IF_ERROR(caller->RegisterPatientsWithCases());
        return caller;
      },
  };
}

}  // namespace casehub::bench
