// Referrals through the real hub, as the two sites see them: the receiving
// site may read the patient (and nothing more) while it decides; on
// acceptance of a transfer it owns the case and works it from its own
// worklist; when the referral completes, the referring site's share ends.
// Both sides list the referral throughout.
#include <string>

#include "casehub/v1/referral.grpc.pb.h"
#include "gmock/gmock.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

class ReferralAccessTest : public HubFixture {
 protected:
  ReferralAccessTest()
      : HubFixture(AddUnrelatedSite), referrals_(v1::ReferralService::NewStub(channel_)) {}

  grpc::Status Read(const std::string& site, const std::string& patient) {
    v1::GetPatientRequest request;
    request.set_patient_id(patient);
    v1::PatientView view;
    return patients_->GetPatient(As(site).get(), request, &view);
  }

  grpc::Status Lab(const std::string& site, const std::string& patient) {
    v1::RecordLabResultResponse recorded;
    return clinical_->RecordLabResult(
        As(site).get(), Anc(patient, 3.2, absl::StrCat("lab-", ++writes_)), &recorded);
  }

  std::vector<std::string> Listed(const std::string& site) {
    v1::ListReferralsRequest request;
    request.set_open_only(true);
    v1::ListReferralsResponse response;
    EXPECT_TRUE(referrals_->ListReferrals(As(site).get(), request, &response).ok());
    std::vector<std::string> ids;
    for (const v1::Referral& referral : response.referrals()) ids.push_back(referral.id());
    return ids;
  }

  std::unique_ptr<v1::ReferralService::Stub> referrals_;
};

TEST_F(ReferralAccessTest, ATransferAsBothSitesSeeIt) {
  const std::string patient = Register("reg", "qs-county");
  const v1::Case opened = OpenLungCase(patient, "case", "qs-county");
  ASSERT_EQ(Read("ls-county", patient).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  v1::RequestReferralRequest request;
  request.mutable_meta()->set_request_id("refer");
  request.set_case_id(opened.id());
  request.set_to_site_id("ls-county");
  request.set_kind(v1::REFERRAL_KIND_TRANSFER);
  request.set_reason("closer to the patient's home for radiotherapy");
  v1::Referral referral;
  ASSERT_TRUE(referrals_->RequestReferral(As("qs-county").get(), request, &referral).ok());
  EXPECT_EQ(referral.status(), v1::REFERRAL_STATUS_REQUESTED);
  EXPECT_THAT(Listed("qs-county"), ::testing::ElementsAre(referral.id()));
  EXPECT_THAT(Listed("ls-county"), ::testing::ElementsAre(referral.id()));

  // Deciding: the receiver reads, but acts only once it has accepted.
  EXPECT_TRUE(Read("ls-county", patient).ok());
  grpc::Status early = Lab("ls-county", patient);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(early.error_message(), HasSubstr("accept it"));

  v1::AnswerReferralRequest accept;
  accept.mutable_meta()->set_request_id("accept");
  accept.set_referral_id(referral.id());
  ASSERT_TRUE(referrals_->AcceptReferral(As("ls-county").get(), accept, &referral).ok());
  EXPECT_TRUE(Lab("ls-county", patient).ok());
  // The case's open task is on the new owner's worklist, not the old one's.
  v1::ListWorklistResponse worklist;
  ASSERT_TRUE(tasks_->ListWorklist(As("ls-county").get(), {}, &worklist).ok());
  EXPECT_EQ(worklist.tasks_size(), 1);
  ASSERT_TRUE(tasks_->ListWorklist(As("qs-county").get(), {}, &worklist).ok());
  EXPECT_EQ(worklist.tasks_size(), 0);
  // The referrer follows its patient until the referral completes.
  EXPECT_TRUE(Read("qs-county", patient).ok());

  v1::CompleteReferralRequest complete;
  complete.mutable_meta()->set_request_id("complete");
  complete.set_referral_id(referral.id());
  complete.set_summary("radiotherapy given; follow-up continues here");
  ASSERT_TRUE(referrals_->CompleteReferral(As("ls-county").get(), complete, &referral).ok());
  EXPECT_EQ(Read("qs-county", patient).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Read("ls-county", patient).ok());
  EXPECT_THAT(Listed("qs-county"), ::testing::IsEmpty());
}

}  // namespace
}  // namespace casehub::hub
