// RecordLabResults through the real hub: a laboratory's batch, each result
// answered on its own, the recorded ones written together; what a
// laboratory system sees when it retries or sends too much.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

class LabBatchTest : public HubFixture {
 protected:
  LabBatchTest() : HubFixture(AddUnrelatedSite) {}

  grpc::Status Send(const v1::RecordLabResultsRequest& request,
                    v1::RecordLabResultsResponse* response) {
    return clinical_->RecordLabResults(As().get(), request, response);
  }

  uint64_t VersionOf(const std::string& patient, const std::string& site = "jc-hub") {
    v1::GetPatientRequest get;
    get.set_patient_id(patient);
    v1::PatientView view;
    EXPECT_TRUE(patients_->GetPatient(As(site).get(), get, &view).ok());
    return view.state().version();
  }
};

TEST_F(LabBatchTest, EachResultIsAnsweredOnItsOwnAndOnlyTheGoodOnesAreWritten) {
  const std::string patient = Register("reg-1");
  const std::string elsewhere = Register("reg-2", "ls-county");
  v1::RecordLabResultsRequest request;
  *request.add_results() = Anc(patient, 2.0, "batch-1");
  *request.add_results() = Anc(patient, -1, "batch-2");
  *request.add_results() = Anc(elsewhere, 2.0, "batch-3");
  *request.add_results() = Anc(patient, 0.5, "batch-4");
  v1::RecordLabResultsResponse response;
  grpc::Status status = Send(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.entries_size(), 4);

  EXPECT_EQ(response.entries(0).code(), grpc::StatusCode::OK);
  EXPECT_EQ(response.entries(0).recorded().event_seq(), 2u);
  EXPECT_EQ(response.entries(1).code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(response.entries(1).message(), HasSubstr("result.value: must be a finite number"));
  EXPECT_FALSE(response.entries(1).has_recorded());
  // A patient the laboratory's site does not reach is refused, not written.
  EXPECT_EQ(response.entries(2).code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VersionOf(elsewhere, "ls-county"), 1u);
  EXPECT_EQ(response.entries(3).code(), grpc::StatusCode::OK);
  EXPECT_EQ(response.entries(3).recorded().event_seq(),
            response.entries(0).recorded().version() + 1);
  EXPECT_EQ(VersionOf(patient), response.entries(3).recorded().version());

  // The critical value of the batch raised its alert, as a single result would.
  v1::GetPatientRequest get;
  get.set_patient_id(patient);
  v1::PatientView view;
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  EXPECT_EQ(view.state().alerts_size(), 1);
}

TEST_F(LabBatchTest, ARetriedBatchGetsTheSameAnswersAndWritesNothingTwice) {
  const std::string patient = Register("reg-1");
  v1::RecordLabResultsRequest request;
  *request.add_results() = Anc(patient, 2.0, "batch-1");
  *request.add_results() = Anc(patient, 2.5, "batch-2");
  v1::RecordLabResultsResponse first;
  ASSERT_TRUE(Send(request, &first).ok());
  const uint64_t version = VersionOf(patient);

  clock_.Advance(absl::Minutes(2));
  v1::RecordLabResultsResponse again;
  ASSERT_TRUE(Send(request, &again).ok());
  ASSERT_EQ(again.entries_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(again.entries(i).code(), grpc::StatusCode::OK);
    EXPECT_EQ(again.entries(i).recorded().event_seq(), first.entries(i).recorded().event_seq());
  }
  EXPECT_EQ(VersionOf(patient), version);
}

TEST_F(LabBatchTest, AnEmptyOrOversizedBatchIsRefusedAsAWhole) {
  const std::string patient = Register("reg-1");
  v1::RecordLabResultsResponse response;
  grpc::Status empty = Send({}, &response);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(empty.error_message(), HasSubstr("results: must hold 1 to 500 results, got 0"));

  v1::RecordLabResultsRequest oversized;
  for (int i = 0; i < 501; ++i) {
    *oversized.add_results() = Anc(patient, 2.0, absl::StrCat("batch-", i));
  }
  grpc::Status refused = Send(oversized, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("got 501"));
  EXPECT_EQ(VersionOf(patient), 1u) << "nothing of a refused batch is written";
}

TEST_F(LabBatchTest, ACallerWithoutTheRoleIsRefusedAsAWhole) {
  const std::string patient = Register("reg-1");
  v1::RecordLabResultsRequest request;
  *request.add_results() = Anc(patient, 2.0, "batch-1");
  v1::RecordLabResultsResponse response;
  grpc::Status refused = clinical_->RecordLabResults(
      AsPrincipal("pharmacist.jc", "jc-hub", {v1::ROLE_PHARMACIST}).get(), request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(VersionOf(patient), 1u);
}

}  // namespace
}  // namespace casehub::hub
