// The master patient index through the real hub: one person registered at
// the hub and at an unrelated county with the same national id is found from
// either site — in full where the site reaches the record, masked where it
// does not; the number itself is stored nowhere; two duplicate records are
// merged and the merge undone, on the record.
#include <string>

#include "absl/strings/match.h"
#include "casehub/v1/audit.grpc.pb.h"
#include "gmock/gmock.h"
#include "services/api/patient_index.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

// GB 11643-1999 numbers with valid check characters.
constexpr char kNationalId[] = "33060219620418004X";

class PatientIndexTest : public HubFixture {
 protected:
  PatientIndexTest() : HubFixture(AddUnrelatedSite) {}

  grpc::Status RegisterWithId(const std::string& site, const std::string& request_id,
                              const std::string& national_id, v1::PatientView* view,
                              const std::string& birth_date = "1962-04-18") {
    v1::RegisterPatientRequest request;
    request.mutable_meta()->set_request_id(request_id);
    request.mutable_patient()->set_name("周芳");
    request.mutable_patient()->set_sex(v1::SEX_FEMALE);
    request.mutable_patient()->set_birth_date(birth_date);
    request.mutable_patient()->set_phone("138 0000 1234");
    request.set_national_id(national_id);
    return patients_->RegisterPatient(As(site).get(), request, view);
  }

  v1::FindPatientsResponse Find(const std::string& site, v1::FindPatientsRequest request) {
    v1::FindPatientsResponse response;
    grpc::Status status = patients_->FindPatients(As(site).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }
};

TEST_F(PatientIndexTest, OnePersonIsFoundAtEverySiteInFullOnlyWhereReached) {
  v1::PatientView hub_record, county_record;
  ASSERT_TRUE(RegisterWithId("jc-hub", "reg-hub", kNationalId, &hub_record).ok());
  ASSERT_TRUE(RegisterWithId("ls-county", "reg-county", "33060219620418004x", &county_record).ok());
  EXPECT_FALSE(hub_record.state().patient().national_id_hash().empty());
  EXPECT_EQ(hub_record.state().patient().national_id_hash(),
            county_record.state().patient().national_id_hash());

  v1::FindPatientsRequest by_id;
  by_id.set_national_id(kNationalId);
  v1::FindPatientsResponse found = Find("ls-county", by_id);
  ASSERT_EQ(found.matches_size(), 2);
  for (const v1::PatientMatch& match : found.matches()) {
    EXPECT_EQ(match.basis(), v1::MATCH_BASIS_NATIONAL_ID);
    EXPECT_TRUE(match.patient().national_id_hash().empty());
    if (match.patient_id() == county_record.state().patient().id()) {
      EXPECT_TRUE(match.reachable());
      EXPECT_EQ(match.patient().name(), "周芳");
      EXPECT_EQ(match.patient().phone(), "138 0000 1234");
    } else {
      // The hub's record: enough to ask for a referral or a link, no more.
      EXPECT_FALSE(match.reachable());
      EXPECT_EQ(match.registering_site_id(), "jc-hub");
      EXPECT_EQ(match.patient().name(), "周*");
      EXPECT_EQ(match.patient().birth_date(), "1962");
      EXPECT_EQ(match.patient().phone(), "");
    }
  }

  // Without the number: name or phone with the birth date, weaker matches.
  v1::FindPatientsRequest by_phone;
  by_phone.set_birth_date("1962-04-18");
  by_phone.set_phone("13800001234");
  found = Find("jc-hub", by_phone);
  ASSERT_EQ(found.matches_size(), 2);
  EXPECT_EQ(found.matches(0).basis(), v1::MATCH_BASIS_PHONE_AND_BIRTH_DATE);
  v1::FindPatientsRequest too_little;
  too_little.set_name("周芳");
  v1::FindPatientsResponse none;
  EXPECT_EQ(patients_->FindPatients(As().get(), too_little, &none).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PatientIndexTest, TheNumberIsCheckedAndStoredNowhere) {
  v1::PatientView view;
  grpc::Status typo = RegisterWithId("jc-hub", "reg-typo", "330602196204180041", &view);
  EXPECT_EQ(typo.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(typo.error_message(), HasSubstr("check character"));
  grpc::Status other_birthday =
      RegisterWithId("jc-hub", "reg-born", kNationalId, &view, "1962-04-19");
  EXPECT_THAT(other_birthday.error_message(), HasSubstr("1962-04-18"));
  ASSERT_TRUE(RegisterWithId("jc-hub", "reg", kNationalId, &view).ok());

  hub_->Shutdown();
  hub_.reset();
  auto store = store::Store::Open({.path = hub_config_.data_dir()});
  ASSERT_TRUE(store.ok()) << store.status();
  int rows = 0;
  for (store::Family family : {store::Family::kEvents, store::Family::kState,
                               store::Family::kIndex, store::Family::kRequests,
                               store::Family::kAudit, store::Family::kMeta}) {
    ASSERT_TRUE((*store)
                    ->Scan(family, "", "",
                           [&](absl::string_view key, absl::string_view value) {
                             ++rows;
                             EXPECT_FALSE(absl::StrContains(key, "33060219620418004"));
                             EXPECT_FALSE(absl::StrContains(value, "33060219620418004"));
                             return true;
                           })
                    .ok());
  }
  EXPECT_GT(rows, 10);
}

TEST_F(PatientIndexTest, ADuplicateIsMergedAndTheMergeUndoneOnTheRecord) {
  const std::string kept = Register("reg-1");
  const std::string duplicate = Register("reg-2");
  auto merge = [&](const std::string& request_id) {
    v1::LinkPatientsRequest request;
    request.mutable_meta()->set_request_id(request_id);
    request.set_patient_id(duplicate);
    request.set_other_patient_id(kept);
    request.set_mode(v1::LINK_MODE_MERGE);
    request.set_reason("registered twice at the front desk");
    v1::PatientView view;
    return patients_->LinkPatients(As().get(), request, &view);
  };
  ASSERT_TRUE(merge("merge").ok());
  v1::GetPatientRequest get;
  get.set_patient_id(kept);
  v1::PatientView view;
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  ASSERT_EQ(view.linked_from_size(), 1);
  EXPECT_EQ(view.linked_from(0).patient_id(), duplicate);
  EXPECT_EQ(view.linked_from(0).mode(), v1::LINK_MODE_MERGE);
  // Finding the person finds the record that stays.
  v1::FindPatientsRequest by_name;
  by_name.set_name("李秀英");
  by_name.set_birth_date("1966-07-21");
  v1::FindPatientsResponse found = Find("jc-hub", by_name);
  ASSERT_EQ(found.matches_size(), 1);
  EXPECT_EQ(found.matches(0).patient_id(), kept);
  // Nothing merges into a merged record, nor on it.
  v1::LinkPatientsRequest chain;
  chain.mutable_meta()->set_request_id("chain");
  chain.set_patient_id(Register("reg-3"));
  chain.set_other_patient_id(duplicate);
  chain.set_mode(v1::LINK_MODE_MERGE);
  chain.set_reason("registered a third time");
  EXPECT_EQ(patients_->LinkPatients(As().get(), chain, &view).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Undone from the side of the record that stays: the hub finds the link.
  v1::UnlinkPatientsRequest unmerge;
  unmerge.mutable_meta()->set_request_id("unmerge");
  unmerge.set_patient_id(kept);
  unmerge.set_other_patient_id(duplicate);
  unmerge.set_reason("different people: twins");
  ASSERT_TRUE(patients_->UnlinkPatients(As().get(), unmerge, &view).ok());
  EXPECT_EQ(view.state().patient().id(), duplicate);
  EXPECT_EQ(view.state().patient().merged_into(), "");

  // Both steps are in the audit trail of the patient that was merged.
  auto audit = v1::AuditService::NewStub(channel_);
  v1::QueryAuditRequest of_duplicate;
  of_duplicate.set_patient_id(duplicate);
  v1::QueryAuditResponse records;
  ASSERT_TRUE(audit
                  ->QueryAudit(AsPrincipal("auditor.jc", "jc-hub", {v1::ROLE_AUDITOR}).get(),
                               of_duplicate, &records)
                  .ok());
  std::vector<std::string> methods;
  for (const v1::AuditRecord& record : records.records()) methods.push_back(record.method());
  EXPECT_THAT(methods, ::testing::Contains("/casehub.v1.PatientService/LinkPatients"));
  EXPECT_THAT(methods, ::testing::Contains("/casehub.v1.PatientService/UnlinkPatients"));
}

TEST(MaskNameTest, KeepsTheFirstAndLastCharacter) {
  EXPECT_EQ(api::MaskName("李秀英"), "李*英");
  EXPECT_EQ(api::MaskName("欧阳建国"), "欧**国");
  EXPECT_EQ(api::MaskName("王芳"), "王*");
  EXPECT_EQ(api::MaskName("李"), "李");
  EXPECT_EQ(api::MaskName("Ann Lee"), "A*****e");
  EXPECT_EQ(api::MaskName(""), "");
}

}  // namespace
}  // namespace casehub::hub
