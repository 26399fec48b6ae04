// Who reaches a patient (engine/patient_access.h): each basis of
// v1::AccessBasis, agreements by their dates (both ends inclusive) and
// tumor types, and emergency access by person, site and expiry.
#include "services/engine/patient_access.h"

#include "gmock/gmock.h"
#include "services/engine/field_rules.h"
#include "services/engine/stored_fields.h"
#include "tests/support/temp_dir.h"

namespace casehub::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::Time Day(int year, int month, int day) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, 12, 0, 0), absl::UTCTimeZone());
}

class PatientAccessTest : public ::testing::Test {
 protected:
  PatientAccessTest() {
    store_ = *store::Store::Open({.path = dir_.Sub("data")});
    network_ = *SiteDirectory::Load(store_.get());
    AddSite("hub", v1::SITE_KIND_HUB_HOSPITAL);
    AddSite("county-a", v1::SITE_KIND_COUNTY_HOSPITAL);
    AddSite("county-b", v1::SITE_KIND_COUNTY_HOSPITAL);
    v1::CollaborationAgreement agreement;
    agreement.set_id("hub-a");
    agreement.set_hub_site_id("hub");
    agreement.set_collaborator_site_id("county-a");
    agreement.set_start_date("2026-01-01");
    agreement.set_end_date("2026-12-31");
    agreement.add_tumor_types("lung");
    EXPECT_TRUE(network_->UpsertAgreement(agreement).ok());
  }

  void AddSite(const std::string& id, v1::SiteKind kind) {
    v1::Site site;
    site.set_id(id);
    site.set_name(id);
    site.set_kind(kind);
    EXPECT_TRUE(network_->Upsert(site).ok());
  }

  static v1::Actor At(const std::string& site, const std::string& principal = "someone") {
    v1::Actor actor;
    actor.set_principal_id(principal);
    actor.set_site_id(site);
    return actor;
  }

  // A patient registered at county-a with one case of `tumor_type` owned by
  // `owner`.
  static v1::PatientState Patient(const std::string& owner, const std::string& tumor_type) {
    v1::PatientState state;
    state.mutable_patient()->set_id("p1");
    state.mutable_patient()->set_registering_site_id("county-a");
    v1::Case* c = state.add_cases();
    c->set_id("p1-c2");
    c->set_owning_site_id(owner);
    c->set_tumor_type(tumor_type);
    return state;
  }

  v1::AccessBasis Access(const v1::Actor& actor, const v1::PatientState& state,
                         absl::Time now = Day(2026, 6, 1)) {
    return PatientAccessOf(actor, state, *network_, now);
  }

  casehub::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SiteDirectory> network_;
};

TEST_F(PatientAccessTest, TheOwningAndSharingSitesReachThePatient) {
  v1::PatientState state = Patient("county-a", "lung");
  state.mutable_cases(0)->add_shared_site_ids("county-b");
  EXPECT_EQ(Access(At("county-a"), state), v1::ACCESS_BASIS_OWNING_SITE);
  EXPECT_EQ(Access(At("county-b"), state), v1::ACCESS_BASIS_SHARING_SITE);
  EXPECT_THAT(PatientSites(state), ElementsAre("county-a", "county-b"));
}

TEST_F(PatientAccessTest, TheRegisteringSiteReachesAPatientOnlyUntilACaseExists) {
  v1::PatientState state;
  state.mutable_patient()->set_id("p1");
  state.mutable_patient()->set_registering_site_id("county-b");
  EXPECT_EQ(Access(At("county-b"), state), v1::ACCESS_BASIS_REGISTERING_SITE);
  EXPECT_THAT(PatientSites(state), ElementsAre("county-b"));
  v1::Case* c = state.add_cases();
  c->set_owning_site_id("county-a");
  c->set_tumor_type("breast");
  EXPECT_EQ(Access(At("county-b"), state), v1::ACCESS_BASIS_UNSPECIFIED);
}

TEST_F(PatientAccessTest, AHubReachesWhatItsAgreementCoversWhileInForce) {
  const v1::PatientState lung = Patient("county-a", "lung");
  EXPECT_EQ(Access(At("hub"), lung), v1::ACCESS_BASIS_SUPERVISING_HUB);
  // Both ends of the agreement are days it is in force.
  EXPECT_EQ(Access(At("hub"), lung, Day(2026, 1, 1)), v1::ACCESS_BASIS_SUPERVISING_HUB);
  EXPECT_EQ(Access(At("hub"), lung, Day(2026, 12, 31)), v1::ACCESS_BASIS_SUPERVISING_HUB);
  EXPECT_EQ(Access(At("hub"), lung, Day(2025, 12, 31)), v1::ACCESS_BASIS_UNSPECIFIED);
  EXPECT_EQ(Access(At("hub"), lung, Day(2027, 1, 1)), v1::ACCESS_BASIS_UNSPECIFIED);
  // A tumor type the agreement does not list; a site with no agreement.
  EXPECT_EQ(Access(At("hub"), Patient("county-a", "breast")), v1::ACCESS_BASIS_UNSPECIFIED);
  EXPECT_EQ(Access(At("hub"), Patient("county-b", "lung")), v1::ACCESS_BASIS_UNSPECIFIED);
  // Supervision runs from hub to collaborator, not back.
  EXPECT_EQ(Access(At("county-a"), Patient("hub", "lung")), v1::ACCESS_BASIS_UNSPECIFIED);
}

TEST_F(PatientAccessTest, EmergencyAccessIsThePersonsAndEndsWhenItExpires) {
  v1::PatientState state = Patient("county-a", "breast");
  v1::EmergencyAccess* access = state.add_emergency_access();
  access->set_principal_id("dr.wu");
  access->set_site_id("county-b");
  *access->mutable_expires_at() = ToProtoTime(Day(2026, 6, 1) + absl::Hours(4));
  EXPECT_EQ(Access(At("county-b", "dr.wu"), state), v1::ACCESS_BASIS_EMERGENCY);
  EXPECT_EQ(Access(At("county-b", "nurse.ma"), state), v1::ACCESS_BASIS_UNSPECIFIED);
  EXPECT_EQ(Access(At("county-b", "dr.wu"), state, Day(2026, 6, 1) + absl::Hours(4)),
            v1::ACCESS_BASIS_UNSPECIFIED);
}

TEST_F(PatientAccessTest, ARefusalSaysWhyAndWhatToDo) {
  absl::StatusOr<v1::AccessBasis> refused =
      RequirePatientAccess(At("county-b"), Patient("county-a", "lung"), *network_, Day(2026, 6, 1));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(refused.status().message(), HasSubstr("county-b"));
  EXPECT_THAT(refused.status().message(), HasSubstr("referral"));
  EXPECT_THAT(refused.status().message(), HasSubstr("break the glass"));
}

TEST_F(PatientAccessTest, TheAccessFieldsAloneGiveEveryAnswerTheWholeStateGives) {
  // One basis for each caller below, and parts the check does not read.
  v1::PatientState state = Patient("county-a", "lung");
  state.mutable_cases(0)->add_shared_site_ids("county-b");
  v1::Referral* referral = state.add_referrals();
  referral->set_to_site_id("county-c");
  referral->set_status(v1::REFERRAL_STATUS_REQUESTED);
  v1::EmergencyAccess* access = state.add_emergency_access();
  access->set_principal_id("dr.wu");
  access->set_site_id("county-d");
  *access->mutable_expires_at() = ToProtoTime(Day(2026, 6, 1) + absl::Hours(4));
  state.add_tasks()->set_title("Nadir blood count");
  state.add_alerts()->set_id("a-1");
  state.set_version(9);

  v1::PatientState parsed;
  ASSERT_TRUE(
      ParseStoredFields(state.SerializeAsString(), kAccessStateFields, "state", parsed).ok());
  EXPECT_EQ(parsed.tasks_size(), 0) << "only the access fields were parsed";
  for (const v1::Actor& actor : {At("county-a"), At("county-b"), At("hub"), At("county-c"),
                                 At("county-d", "dr.wu"), At("county-d", "nurse.ma")}) {
    EXPECT_EQ(Access(actor, parsed), Access(actor, state)) << actor.ShortDebugString();
    EXPECT_EQ(RequirePatientAccess(actor, parsed, *network_, Day(2026, 6, 1)).status(),
              RequirePatientAccess(actor, state, *network_, Day(2026, 6, 1)).status());
  }
  EXPECT_EQ(PatientSites(parsed), PatientSites(state));
  EXPECT_EQ(Access(At("county-d", "dr.wu"), parsed), v1::ACCESS_BASIS_EMERGENCY);
  EXPECT_EQ(Access(At("county-c"), parsed), v1::ACCESS_BASIS_REFERRAL_RECEIVER);
}

TEST_F(PatientAccessTest, AgreementsAreCheckedWhenStored) {
  v1::CollaborationAgreement bad;
  bad.set_id("x");
  EXPECT_THAT(network_->UpsertAgreement(bad).message(), HasSubstr("id must match"));
  bad.set_id("county-hub");
  bad.set_hub_site_id("county-a");
  bad.set_collaborator_site_id("county-b");
  EXPECT_THAT(network_->UpsertAgreement(bad).message(), HasSubstr("hub_site_id"));
  bad.set_hub_site_id("hub");
  bad.set_collaborator_site_id("hub");
  EXPECT_THAT(network_->UpsertAgreement(bad).message(), HasSubstr("collaborator_site_id"));
  bad.set_collaborator_site_id("county-b");
  bad.set_start_date("2026-05-01");
  bad.set_end_date("2026-04-30");
  EXPECT_THAT(network_->UpsertAgreement(bad).message(), HasSubstr("end_date"));
  EXPECT_THAT(network_->Agreements("county-b"), ::testing::IsEmpty());
  EXPECT_EQ(network_->Agreements("county-a").size(), 1u);
}

}  // namespace
}  // namespace casehub::engine
