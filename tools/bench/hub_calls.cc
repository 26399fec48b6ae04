#include "tools/bench/hub_calls.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "tools/bench/lab_result_request.h"

namespace casehub::bench {

absl::StatusOr<std::string> RegisterBenchPatient(const CasehubTarget& target,
                                                 v1::PatientService::Stub& patients,
                                                 absl::BitGen& random, int number) {
  v1::RegisterPatientRequest request;
  request.mutable_meta()->set_request_id(NewRequestId(random));
  v1::Patient& patient = *request.mutable_patient();
  patient.set_name(absl::StrCat("Bench Patient ", number));
  patient.set_sex(absl::Bernoulli(random, 0.5) ? v1::SEX_FEMALE : v1::SEX_MALE);
  patient.set_birth_date("1962-04-18");
  v1::PatientView view;
  RETURN_IF_ERROR(CallHub(target, patients, &v1::PatientService::Stub::RegisterPatient, request, view));
  return view.state().patient().id();
}

absl::StatusOr<std::string> OpenLungCase(const CasehubTarget& target, v1::CaseService::Stub& cases,
                                         absl::BitGen& random, const std::string& patient_id) {
  v1::OpenCaseRequest request;
  request.mutable_meta()->set_request_id(NewRequestId(random));
  request.set_patient_id(patient_id);
  request.mutable_diagnosis()->set_system("http://hl7.org/fhir/sid/icd-10");
  request.mutable_diagnosis()->set_code("C34.1");
  v1::Case opened;
  RETURN_IF_ERROR(CallHub(target, cases, &v1::CaseService::Stub::OpenCase, request, opened));
  return opened.id();
}

}  // namespace casehub::bench
