// The audit trail through the real hub: each call on patient data leaves
// one record, refusals included, and auditors page through it by patient,
// principal and time.
#include <string>
#include <vector>

#include "casehub/v1/audit.grpc.pb.h"
#include "casehub/v1/auth.grpc.pb.h"
#include "gmock/gmock.h"
#include "services/engine/field_rules.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::ElementsAre;

class AuditTest : public HubFixture {
 protected:
  AuditTest() : audit_(v1::AuditService::NewStub(channel_)) {}

  // A physician of jc-hub; "auditor-1" is its auditor.
  std::unique_ptr<grpc::ClientContext> AsUser(const std::string& principal) const {
    return AsPrincipal(principal, "jc-hub",
                       {principal == "auditor-1" ? v1::ROLE_AUDITOR : v1::ROLE_PHYSICIAN});
  }

  std::string RegisterAs(const std::string& principal, const std::string& request_id) {
    v1::RegisterPatientRequest request;
    request.mutable_meta()->set_request_id(request_id);
    request.mutable_patient()->set_name("Test Patient");
    request.mutable_patient()->set_sex(v1::SEX_FEMALE);
    request.mutable_patient()->set_birth_date("1970-01-01");
    v1::PatientView view;
    grpc::Status status = patients_->RegisterPatient(AsUser(principal).get(), request, &view);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return view.state().patient().id();
  }

  grpc::Status ReadAs(const std::string& principal, const std::string& patient) {
    v1::GetPatientRequest request;
    request.set_patient_id(patient);
    v1::PatientView view;
    return patients_->GetPatient(AsUser(principal).get(), request, &view);
  }

  // Every record the query selects, page by page; `pages` counts them.
  std::vector<v1::AuditRecord> QueryAll(v1::QueryAuditRequest request, int* pages = nullptr) {
    std::vector<v1::AuditRecord> records;
    int count = 0;
    do {
      v1::QueryAuditResponse response;
      grpc::Status status = audit_->QueryAudit(AsUser("auditor-1").get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      ++count;
      records.insert(records.end(), response.records().begin(), response.records().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    if (pages != nullptr) *pages = count;
    return records;
  }

  std::vector<v1::AuditRecord> OfPatient(const std::string& patient) {
    v1::QueryAuditRequest request;
    request.set_patient_id(patient);
    return QueryAll(request);
  }

  static std::vector<std::string> Methods(const std::vector<v1::AuditRecord>& records) {
    std::vector<std::string> methods;
    for (const v1::AuditRecord& record : records) methods.push_back(record.method());
    return methods;
  }

  std::unique_ptr<v1::AuditService::Stub> audit_;
};

TEST_F(AuditTest, AWriteAndAReadEachLeaveOneRecord) {
  std::string patient = RegisterAs("user-a", "reg-a");
  clock_.Advance(absl::Minutes(1));
  v1::GetPatientRequest get;
  get.set_patient_id(patient);
  v1::PatientView view;
  std::unique_ptr<grpc::ClientContext> reader = AsUser("user-b");
  ASSERT_TRUE(patients_->GetPatient(reader.get(), get, &view).ok());
  // The handler's note for the interceptor never reaches the client.
  for (const auto& [key, value] : reader->GetServerTrailingMetadata()) {
    EXPECT_FALSE(key.starts_with("x-casehub-audit")) << key;
  }

  std::vector<v1::AuditRecord> records = OfPatient(patient);
  ASSERT_EQ(records.size(), 2u);
  const v1::AuditRecord& write = records[0];
  EXPECT_EQ(write.method(), "/casehub.v1.PatientService/RegisterPatient");
  EXPECT_EQ(write.principal_id(), "user-a");
  EXPECT_EQ(write.site_id(), "jc-hub");
  EXPECT_EQ(write.role(), v1::ROLE_PHYSICIAN);
  EXPECT_EQ(write.patient_id(), patient);
  EXPECT_EQ(write.outcome(), v1::AUDIT_OUTCOME_ALLOWED);
  EXPECT_EQ(write.request_id(), "reg-a");
  const v1::AuditRecord& read = records[1];
  EXPECT_EQ(read.method(), "/casehub.v1.PatientService/GetPatient");
  EXPECT_EQ(read.principal_id(), "user-b");
  EXPECT_EQ(read.patient_id(), patient);
  EXPECT_EQ(read.outcome(), v1::AUDIT_OUTCOME_ALLOWED);
  EXPECT_EQ(read.request_id(), "");
  EXPECT_EQ(engine::ToAbslTime(read.time()) - engine::ToAbslTime(write.time()), absl::Minutes(1));
}

// A write files its record in its own commit; a retry commits nothing, and
// the call guard records it instead, alike.
TEST_F(AuditTest, ARetryAnsweredFromTheStoredOutcomeIsRecordedLikeTheWrite) {
  const std::string patient = RegisterAs("user-a", "reg-a");
  const v1::RecordLabResultRequest result = Anc(patient, 2.0, "lab-1");
  for (int attempt = 0; attempt < 2; ++attempt) {
    clock_.Advance(absl::Minutes(1));
    v1::RecordLabResultResponse answered;
    std::unique_ptr<grpc::ClientContext> writer = AsUser("user-a");
    grpc::Status status = clinical_->RecordLabResult(writer.get(), result, &answered);
    ASSERT_TRUE(status.ok()) << status.error_message();
    // The handler's notes for the interceptor never reach the client.
    for (const auto& [key, value] : writer->GetServerTrailingMetadata()) {
      EXPECT_FALSE(key.starts_with("x-casehub-")) << key;
    }
  }

  std::vector<v1::AuditRecord> records = OfPatient(patient);
  ASSERT_EQ(records.size(), 3u);
  v1::AuditRecord write = records[1];
  v1::AuditRecord retry = records[2];
  EXPECT_EQ(engine::ToAbslTime(retry.time()) - engine::ToAbslTime(write.time()), absl::Minutes(1));
  EXPECT_EQ(write.request_id(), "lab-1");
  EXPECT_EQ(write.outcome(), v1::AUDIT_OUTCOME_ALLOWED);
  EXPECT_EQ(write.access_basis(), v1::ACCESS_BASIS_REGISTERING_SITE);
  write.clear_time();
  retry.clear_time();
  EXPECT_EQ(write.SerializeAsString(), retry.SerializeAsString())
      << write.DebugString() << retry.DebugString();
}

TEST_F(AuditTest, EachResultOfABatchLeavesARecordOnItsPatientsTrail) {
  const std::string patient = RegisterAs("user-a", "reg-a");
  v1::RecordLabResultsRequest batch;
  *batch.add_results() = Anc(patient, 2.0, "lab-1");
  *batch.add_results() = Anc(patient, -1, "lab-bad");
  v1::RecordLabResultsResponse answered;
  ASSERT_TRUE(clinical_->RecordLabResults(AsUser("user-a").get(), batch, &answered).ok());

  std::vector<v1::AuditRecord> records = OfPatient(patient);
  ASSERT_EQ(records.size(), 3u);
  for (const v1::AuditRecord& entry : {records[1], records[2]}) {
    EXPECT_EQ(entry.method(), "/casehub.v1.ClinicalService/RecordLabResults");
    EXPECT_EQ(entry.principal_id(), "user-a");
    EXPECT_EQ(entry.site_id(), "jc-hub");
    EXPECT_EQ(entry.role(), v1::ROLE_PHYSICIAN);
    EXPECT_EQ(entry.access_basis(), v1::ACCESS_BASIS_REGISTERING_SITE);
  }
  EXPECT_EQ(records[1].request_id(), "lab-1");
  EXPECT_EQ(records[1].outcome(), v1::AUDIT_OUTCOME_ALLOWED);
  EXPECT_EQ(records[2].request_id(), "lab-bad");
  EXPECT_EQ(records[2].outcome(), v1::AUDIT_OUTCOME_FAILED);
  EXPECT_EQ(records[2].status_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // The call itself is on the caller's trail too, about no one patient.
  v1::QueryAuditRequest by_principal;
  by_principal.set_principal_id("user-a");
  std::vector<v1::AuditRecord> calls = QueryAll(by_principal);
  ASSERT_FALSE(calls.empty());
  int call_records = 0;
  for (const v1::AuditRecord& record : calls) {
    if (record.method().ends_with("/RecordLabResults") && record.patient_id().empty()) {
      ++call_records;
      EXPECT_EQ(record.outcome(), v1::AUDIT_OUTCOME_ALLOWED);
    }
  }
  EXPECT_EQ(call_records, 1);
}

TEST_F(AuditTest, RefusedCallsAreRecordedWithTheirStatus) {
  std::string patient = RegisterAs("user-a", "reg-a");
  v1::RecordLabResultRequest negative = Anc(patient, -1, "lab-bad");
  v1::RecordLabResultResponse recorded;
  ASSERT_EQ(clinical_->RecordLabResult(AsUser("user-a").get(), negative, &recorded).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  std::vector<v1::AuditRecord> records = OfPatient(patient);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].method(), "/casehub.v1.ClinicalService/RecordLabResult");
  EXPECT_EQ(records[1].outcome(), v1::AUDIT_OUTCOME_FAILED);
  EXPECT_EQ(records[1].status_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(records[1].request_id(), "lab-bad");

  // A listing by a role that may not list patients is denied, and on record.
  clock_.Advance(absl::Minutes(1));
  v1::ListPatientsResponse listed;
  ASSERT_EQ(patients_->ListPatients(AsUser("auditor-1").get(), {}, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::QueryAuditRequest since;
  *since.mutable_from() = engine::ToProtoTime(clock_.Now());
  std::vector<v1::AuditRecord> denied = QueryAll(since);
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].method(), "/casehub.v1.PatientService/ListPatients");
  EXPECT_EQ(denied[0].outcome(), v1::AUDIT_OUTCOME_DENIED);
  EXPECT_EQ(denied[0].principal_id(), "auditor-1");
  EXPECT_EQ(denied[0].patient_id(), "");
}

TEST_F(AuditTest, FailedLoginsShowInTheSiteTrailOfTheNamedPrincipal) {
  AsUser("user-a");  // creates user-a at jc-hub
  clock_.Advance(absl::Minutes(1));
  auto auth = v1::AuthService::NewStub(channel_);
  v1::LoginRequest wrong;
  wrong.set_principal_id("user-a");
  wrong.set_password("not-the-password");
  v1::LoginResponse response;
  ASSERT_EQ(auth->Login(Anonymous().get(), wrong, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::QueryAuditRequest by_principal;
  by_principal.set_principal_id("user-a");
  std::vector<v1::AuditRecord> records = QueryAll(by_principal);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().method(), "/casehub.v1.AuthService/Login");
  EXPECT_EQ(records.back().site_id(), "jc-hub");
  EXPECT_EQ(records.back().outcome(), v1::AUDIT_OUTCOME_DENIED);
}

TEST_F(AuditTest, AnAuditorSeesOnlyTheTrailOfTheirOwnSite) {
  std::string hub_patient = RegisterAs("user-a", "reg-hub");
  v1::QueryAuditRequest county_trail;
  county_trail.set_site_id("qs-county");
  v1::QueryAuditResponse page;
  EXPECT_EQ(audit_->QueryAudit(AsUser("auditor-1").get(), county_trail, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The county's auditor, asking about the hub's patient, sees nothing of it.
  v1::QueryAuditRequest of_patient;
  of_patient.set_patient_id(hub_patient);
  ASSERT_TRUE(audit_
                  ->QueryAudit(AsPrincipal("auditor.qs", "qs-county", {v1::ROLE_AUDITOR}).get(),
                               of_patient, &page)
                  .ok());
  EXPECT_EQ(page.records_size(), 0);
  // ... while the hub's auditor does, and sees the county auditor's look.
  std::vector<v1::AuditRecord> records = OfPatient(hub_patient);
  EXPECT_THAT(Methods(records), ElementsAre("/casehub.v1.PatientService/RegisterPatient",
                                            "/casehub.v1.AuditService/QueryAudit"));
  EXPECT_EQ(records[1].principal_id(), "auditor.qs");
}

TEST_F(AuditTest, QueriesByPrincipalAndTimePageOldestFirst) {
  std::string first = RegisterAs("user-a", "reg-1");
  clock_.Advance(absl::Minutes(1));
  const absl::Time window_start = clock_.Now();
  std::string second = RegisterAs("user-b", "reg-2");
  ASSERT_TRUE(ReadAs("user-a", second).ok());
  clock_.Advance(absl::Minutes(1));
  const absl::Time window_end = clock_.Now();
  ASSERT_TRUE(ReadAs("user-a", first).ok());

  v1::QueryAuditRequest by_principal;
  by_principal.set_principal_id("user-a");
  by_principal.set_page_size(1);
  int pages = 0;
  std::vector<v1::AuditRecord> of_a = QueryAll(by_principal, &pages);
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(Methods(of_a), ElementsAre("/casehub.v1.PatientService/RegisterPatient",
                                         "/casehub.v1.PatientService/GetPatient",
                                         "/casehub.v1.PatientService/GetPatient"));
  EXPECT_EQ(of_a[1].patient_id(), second);
  EXPECT_EQ(of_a[2].patient_id(), first);

  v1::QueryAuditRequest window;
  *window.mutable_from() = engine::ToProtoTime(window_start);
  *window.mutable_to() = engine::ToProtoTime(window_end);
  window.set_page_size(1);
  std::vector<v1::AuditRecord> in_window = QueryAll(window);
  ASSERT_EQ(in_window.size(), 2u);
  EXPECT_EQ(in_window[0].principal_id(), "user-b");
  EXPECT_EQ(in_window[1].principal_id(), "user-a");

  // A token only continues the query it came from.
  v1::QueryAuditResponse page;
  ASSERT_TRUE(audit_->QueryAudit(AsUser("auditor-1").get(), by_principal, &page).ok());
  v1::QueryAuditRequest other;
  other.set_patient_id(first);
  other.set_page_token(page.next_page_token());
  EXPECT_EQ(audit_->QueryAudit(AsUser("auditor-1").get(), other, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AuditTest, TheServiceOffersNoWayToChangeTheTrail) {
  const google::protobuf::ServiceDescriptor* service =
      v1::QueryAuditRequest::descriptor()->file()->FindServiceByName("AuditService");
  ASSERT_NE(service, nullptr);
  ASSERT_EQ(service->method_count(), 1);
  EXPECT_EQ(service->method(0)->name(), "QueryAudit");
}

}  // namespace
}  // namespace casehub::hub
