// The gRPC services driven over a real loopback connection: what a client
// sees, status codes included.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

class ApiTest : public HubFixture {};

TEST_F(ApiTest, ListsTheConfiguredSites) {
  v1::ListSitesResponse response;
  ASSERT_TRUE(sites_->ListSites(As().get(), {}, &response).ok());
  ASSERT_EQ(response.sites_size(), 2);
  EXPECT_EQ(response.sites(0).id(), "jc-hub");
  EXPECT_EQ(response.sites(1).parent_site_id(), "jc-hub");

  v1::GetSiteRequest missing;
  missing.set_site_id("nowhere");
  v1::Site site;
  EXPECT_EQ(sites_->GetSite(As().get(), missing, &site).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ApiTest, PatientCaseLabAndTimelineRoundTrip) {
  std::string patient = Register("reg-1");
  v1::Case opened = OpenLungCase(patient, "case-1");
  EXPECT_EQ(opened.tumor_type(), "lung");
  EXPECT_EQ(opened.plugin_id(), "lung");
  EXPECT_EQ(opened.stage(), "diagnosis");

  v1::RecordLabResultResponse recorded;
  ASSERT_TRUE(clinical_->RecordLabResult(As().get(), Anc(patient, 0.8, "lab-1"), &recorded).ok());
  EXPECT_EQ(recorded.event_seq(), 4u);  // registered, case, staging task, lab
  // + the grade, the critical-value alert and the management level it sets
  EXPECT_EQ(recorded.version(), 7u);

  v1::GetPatientRequest get;
  get.set_patient_id(patient);
  get.set_include_timeline(true);
  v1::PatientView view;
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  EXPECT_EQ(view.state().version(), 7u);
  ASSERT_EQ(view.timeline_size(), 7);
  EXPECT_TRUE(view.timeline(3).has_lab_result_recorded());
  EXPECT_DOUBLE_EQ(view.timeline(3).lab_result_recorded().result().value(), 0.8);
  EXPECT_EQ(view.timeline(3).actor().principal_id(), "clinician.jc-hub");
  EXPECT_EQ(view.timeline(3).actor().site_id(), "jc-hub");

  v1::GetCaseRequest get_case;
  get_case.set_case_id(opened.id());
  v1::Case fetched;
  ASSERT_TRUE(cases_->GetCase(As().get(), get_case, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), opened.SerializeAsString());
}

TEST_F(ApiTest, WorklistShowsThePluginTaskAndCompletingRemovesIt) {
  std::string patient = Register("reg-1");
  OpenLungCase(patient, "case-1");

  v1::ListWorklistResponse worklist;
  ASSERT_TRUE(tasks_->ListWorklist(As().get(), {}, &worklist).ok());
  ASSERT_EQ(worklist.tasks_size(), 1);
  EXPECT_EQ(worklist.tasks(0).title(), "Complete staging");

  v1::ListWorklistRequest nurses;
  nurses.set_role(v1::ROLE_NURSE);
  v1::ListWorklistResponse nurse_list;
  ASSERT_TRUE(tasks_->ListWorklist(As().get(), nurses, &nurse_list).ok());
  EXPECT_EQ(nurse_list.tasks_size(), 0);

  v1::ListWorklistResponse county;
  ASSERT_TRUE(tasks_->ListWorklist(As("qs-county").get(), {}, &county).ok());
  EXPECT_EQ(county.tasks_size(), 0) << "another site's worklist is its own";

  v1::CompleteTaskRequest complete;
  complete.mutable_meta()->set_request_id("done-1");
  complete.set_task_id(worklist.tasks(0).id());
  complete.set_note("cT2aN0M0");
  v1::Task done;
  ASSERT_TRUE(tasks_->CompleteTask(As().get(), complete, &done).ok());
  EXPECT_EQ(done.status(), v1::TASK_STATUS_COMPLETED);
  EXPECT_EQ(done.completion_note(), "cT2aN0M0");
  ASSERT_TRUE(tasks_->ListWorklist(As().get(), {}, &worklist).ok());
  EXPECT_EQ(worklist.tasks_size(), 0);
}

TEST_F(ApiTest, WorklistMarksOverdueTasksAfterTheClockMoves) {
  std::string patient = Register("reg-1");
  OpenLungCase(patient, "case-1");
  clock_.Advance(absl::Hours(24 * 8));
  ASSERT_EQ(*hub_->scheduler().RunOnce(), 1);
  v1::ListWorklistResponse worklist;
  ASSERT_TRUE(tasks_->ListWorklist(As().get(), {}, &worklist).ok());
  ASSERT_EQ(worklist.tasks_size(), 1);
  EXPECT_TRUE(worklist.tasks(0).overdue());
}

TEST_F(ApiTest, PagesThroughPatientsOfASite) {
  for (int i = 0; i < 5; ++i) Register(absl::StrCat("reg-", i));
  Register("reg-county", "qs-county");
  v1::ListPatientsRequest request;
  request.set_page_size(2);
  std::set<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    v1::ListPatientsResponse response;
    ASSERT_TRUE(patients_->ListPatients(As().get(), request, &response).ok());
    for (const v1::Patient& patient : response.patients()) seen.insert(patient.id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(seen.size(), 5u);

  request.set_page_token("bm90IGEgdG9rZW4");
  v1::ListPatientsResponse response;
  grpc::Status bad = patients_->ListPatients(As().get(), request, &response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("page_token"));
}

TEST_F(ApiTest, ListsCasesBySiteAndTumorType) {
  OpenLungCase(Register("reg-1"), "case-1");
  v1::ListCasesRequest request;
  request.set_tumor_type("lung");
  v1::ListCasesResponse response;
  ASSERT_TRUE(cases_->ListCases(As().get(), request, &response).ok());
  EXPECT_EQ(response.cases_size(), 1);
  request.set_tumor_type("breast");
  ASSERT_TRUE(cases_->ListCases(As().get(), request, &response).ok());
  EXPECT_EQ(response.cases_size(), 0);
}

TEST_F(ApiTest, ListsPluginDescriptors) {
  v1::ListPluginsResponse response;
  ASSERT_TRUE(plugins_->ListPlugins(As().get(), {}, &response).ok());
  ASSERT_EQ(response.plugins_size(), 2);
  EXPECT_EQ(response.plugins(0).tumor_type(), "lung");
  EXPECT_EQ(response.plugins(0).abi_version(), 1u);
  EXPECT_EQ(response.plugins(1).id(), "myelosuppression");
  EXPECT_EQ(response.plugins(1).kind(), v1::PLUGIN_KIND_MODULE);
}

TEST_F(ApiTest, StatusCodesNameTheFieldAndTheRule) {
  std::string patient = Register("reg-1");

  v1::RecordLabResultRequest negative = Anc(patient, -1, "lab-bad");
  v1::RecordLabResultResponse recorded;
  grpc::Status invalid = clinical_->RecordLabResult(As().get(), negative, &recorded);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(invalid.error_message(), HasSubstr("result.value"));

  v1::RecordLabResultRequest unknown = Anc("p0000000000zz", 1.0, "lab-x");
  EXPECT_EQ(clinical_->RecordLabResult(As().get(), unknown, &recorded).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::OpenCaseRequest colorectal;
  colorectal.mutable_meta()->set_request_id("case-crc");
  colorectal.set_patient_id(patient);
  colorectal.mutable_diagnosis()->set_code("C18.7");
  v1::Case opened;
  grpc::Status unclaimed = cases_->OpenCase(As().get(), colorectal, &opened);
  EXPECT_EQ(unclaimed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(unclaimed.error_message(), HasSubstr("no installed plugin claims ICD-10 C18.7"));

  v1::RecordLabResultRequest stale = Anc(patient, 1.0, "lab-stale");
  stale.mutable_meta()->set_expected_version(7);
  EXPECT_EQ(clinical_->RecordLabResult(As().get(), stale, &recorded).error_code(),
            grpc::StatusCode::ABORTED);

  grpc::Status anonymous = clinical_->RecordLabResult(Anonymous().get(), Anc(patient, 1, "l"), &recorded);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  v1::ListWorklistResponse worklist;
  auto not_bearer = Anonymous();
  not_bearer->AddMetadata("authorization", "Basic c29tZW9uZTpwYXNz");
  grpc::Status scheme = tasks_->ListWorklist(not_bearer.get(), {}, &worklist);
  EXPECT_EQ(scheme.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(scheme.error_message(), HasSubstr("Bearer"));

  v1::GetPatientRequest malformed;
  malformed.set_patient_id("../etc");
  v1::PatientView view;
  EXPECT_EQ(patients_->GetPatient(As().get(), malformed, &view).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::GetPatientRequest part;
  part.set_patient_id(patient);
  part.set_timeline_after_seq(1);
  grpc::Status no_timeline = patients_->GetPatient(As().get(), part, &view);
  EXPECT_EQ(no_timeline.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_timeline.error_message(), HasSubstr("timeline_after_seq"));
  EXPECT_THAT(no_timeline.error_message(), HasSubstr("include_timeline"));
  part.set_include_timeline(true);
  for (int limit : {-1, 1001}) {
    part.set_timeline_limit(limit);
    grpc::Status too_many = patients_->GetPatient(As().get(), part, &view);
    EXPECT_EQ(too_many.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << limit;
    EXPECT_THAT(too_many.error_message(), HasSubstr("timeline_limit: must be 1..1000"));
  }

  // Nothing refused above was written.
  v1::GetPatientRequest get;
  get.set_patient_id(patient);
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  EXPECT_EQ(view.state().version(), 1u);
}

TEST_F(ApiTest, RetriedRegistrationReturnsTheSamePatient) {
  std::string first = Register("reg-same");
  std::string again = Register("reg-same");
  EXPECT_EQ(first, again);
  v1::ListPatientsResponse response;
  ASSERT_TRUE(patients_->ListPatients(As().get(), {}, &response).ok());
  EXPECT_EQ(response.patients_size(), 1);
}

TEST_F(ApiTest, VerifyOverTheApiIsClean) {
  OpenLungCase(Register("reg-1"), "case-1");
  v1::VerifyResponse verified;
  ASSERT_TRUE(admin_->Verify(AsNetworkAdmin().get(), {}, &verified).ok());
  EXPECT_EQ(verified.patients_checked(), 1u);
  EXPECT_EQ(verified.problems_size(), 0);
}

}  // namespace
}  // namespace casehub::hub
