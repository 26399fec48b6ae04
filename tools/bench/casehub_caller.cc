#include "tools/client_login/client_login.h"
#include "tools/bench/casehub_caller.h"

#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
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

absl::Status ToStatus(const grpc::Status& status) {
  // gRPC and absl share the canonical status codes.
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

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
      RETURN_IF_ERROR(OpenLungCase(patient_ids_.back()));
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
  // Calls one unary method with the caller's token and deadline.
  template <typename Stub, typename Request, typename Response>
  absl::Status Call(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response& response) {
    grpc::ClientContext context;
    tools::PrepareCall(context, target_.token, target_.timeout);
    return ToStatus((stub.*method)(&context, request, &response));
  }

  const std::string& SomePatient() {
    return patient_ids_[absl::Uniform<size_t>(random_, 0, patient_ids_.size())];
  }

  absl::Status RegisterPatient() {
    v1::RegisterPatientRequest request;
    request.mutable_meta()->set_request_id(NewRequestId(random_));
    v1::Patient& patient = *request.mutable_patient();
    patient.set_name(absl::StrCat("Bench Patient ", patient_ids_.size()));
    patient.set_sex(absl::Bernoulli(random_, 0.5) ? v1::SEX_FEMALE : v1::SEX_MALE);
    patient.set_birth_date("1962-04-18");
    v1::PatientView view;
    RETURN_IF_ERROR(Call(patients_, &v1::PatientService::Stub::RegisterPatient, request, view));
    patient_ids_.push_back(view.state().patient().id());
    return absl::OkStatus();
  }

  absl::Status OpenLungCase(const std::string& patient_id) {
    v1::OpenCaseRequest request;
    request.mutable_meta()->set_request_id(NewRequestId(random_));
    request.set_patient_id(patient_id);
    request.mutable_diagnosis()->set_system("http://hl7.org/fhir/sid/icd-10");
    request.mutable_diagnosis()->set_code("C34.1");
    v1::Case opened;
    return Call(cases_, &v1::CaseService::Stub::OpenCase, request, opened);
  }

  absl::Status RecordLabResult() {
    v1::RecordLabResultResponse response;
    return Call(clinical_, &v1::ClinicalService::Stub::RecordLabResult,
                NewAncResult(SomePatient(), random_), response);
  }

  absl::Status ListWorklist() {
    v1::ListWorklistRequest request;
    v1::ListWorklistResponse response;
    return Call(tasks_, &v1::TaskService::Stub::ListWorklist, request, response);
  }

  absl::Status GetTimeline() {
    v1::GetPatientRequest request;
    request.set_patient_id(SomePatient());
    request.set_include_timeline(true);
    v1::PatientView view;
    return Call(patients_, &v1::PatientService::Stub::GetPatient, request, view);
  }

  absl::Status GetMyeloReport() {
    // The last 30 days, which hold every result the run wrote.
    absl::Time now = absl::Now();
    v1::MyeloReportRequest request;
    request.set_from_date(absl::FormatTime("%Y-%m-%d", now - absl::Hours(24 * 30), absl::UTCTimeZone()));
    request.set_to_date(absl::FormatTime("%Y-%m-%d", now, absl::UTCTimeZone()));
    v1::MyeloReport report;
    return Call(reports_, &v1::ReportService::Stub::GetMyeloReport, request, report);
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
