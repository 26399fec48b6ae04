// Access through the real hub beyond the matrix: tokens that are expired,
// forged or revoked are refused on the wire; administrators manage only the
// people they may; breaking the glass opens one patient to one person for a
// while, on the record; a case is opened for one's own site.
#include <string>

#include "absl/strings/str_cat.h"
#include "casehub/v1/audit.grpc.pb.h"
#include "casehub/v1/auth.grpc.pb.h"
#include "casehub/v1/principal.grpc.pb.h"
#include "gmock/gmock.h"
#include "services/engine/field_rules.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using enum v1::Role;
using ::testing::HasSubstr;

class AccessTest : public HubFixture {
 protected:
  AccessTest()
      : HubFixture(AddUnrelatedSite),
        auth_(v1::AuthService::NewStub(channel_)),
        principals_(v1::PrincipalService::NewStub(channel_)),
        audit_(v1::AuditService::NewStub(channel_)) {}

  grpc::Status WhoAmI(std::unique_ptr<grpc::ClientContext> context) {
    v1::WhoAmIResponse me;
    return auth_->WhoAmI(context.get(), {}, &me);
  }

  grpc::Status Read(std::unique_ptr<grpc::ClientContext> context, const std::string& patient) {
    v1::GetPatientRequest request;
    request.set_patient_id(patient);
    request.set_include_timeline(true);
    return patients_->GetPatient(context.get(), request, &last_view_);
  }

  grpc::Status Create(std::unique_ptr<grpc::ClientContext> context, const std::string& id,
                      const std::string& site, v1::Role role) {
    v1::CreatePrincipalRequest request;
    request.mutable_principal()->set_id(id);
    request.mutable_principal()->set_display_name(id);
    request.mutable_principal()->set_site_id(site);
    request.mutable_principal()->add_roles(role);
    request.set_initial_password("a-long-password");
    v1::Principal created;
    return principals_->CreatePrincipal(context.get(), request, &created);
  }

  std::unique_ptr<grpc::ClientContext> SiteAdmin() const {
    return AsPrincipal("admin.jc", "jc-hub", {ROLE_SITE_ADMIN});
  }

  std::unique_ptr<grpc::ClientContext> DoctorElsewhere() const {
    return AsPrincipal("dr.wu", "ls-county", {ROLE_PHYSICIAN});
  }

  grpc::Status BreakGlass(const std::string& patient, const std::string& reason,
                          v1::EmergencyAccess* granted) {
    v1::BreakGlassRequest request;
    request.mutable_meta()->set_request_id(absl::StrCat("glass-", ++writes_));
    request.set_patient_id(patient);
    request.set_reason(reason);
    return patients_->BreakGlass(DoctorElsewhere().get(), request, granted);
  }

  std::unique_ptr<v1::AuthService::Stub> auth_;
  std::unique_ptr<v1::PrincipalService::Stub> principals_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  v1::PatientView last_view_;
};

TEST_F(AccessTest, ExpiredForgedAndRevokedTokensAreRefusedOnTheWire) {
  const std::string token = TokenOf("nurse.li", "jc-hub", {ROLE_NURSE});
  ASSERT_TRUE(WhoAmI(WithToken(token)).ok());

  std::string forged = token;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  grpc::Status refused = WhoAmI(WithToken(forged));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  v1::LogoutResponse out;
  ASSERT_TRUE(auth_->Logout(WithToken(token).get(), {}, &out).ok());
  refused = WhoAmI(WithToken(token));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(refused.error_message(), HasSubstr("revoked"));

  ForgetToken("nurse.li");
  clock_.Advance(absl::Seconds(1));
  const std::string shift = TokenOf("nurse.li", "jc-hub", {ROLE_NURSE});
  clock_.Advance(absl::Hours(8));
  refused = WhoAmI(WithToken(shift));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(refused.error_message(), HasSubstr("expired"));

  // And a call with no credentials at all says how to get them.
  refused = WhoAmI(Anonymous());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(refused.error_message(), HasSubstr("casectl login"));
}

TEST_F(AccessTest, LoginOverTheWireGivesATokenThatNamesThePrincipal) {
  TokenOf("nurse.li", "jc-hub", {ROLE_NURSE});  // creates the principal
  v1::LoginRequest login;
  login.set_principal_id("nurse.li");
  login.set_password(kPassword);
  v1::LoginResponse response;
  ASSERT_TRUE(auth_->Login(Anonymous().get(), login, &response).ok());
  EXPECT_EQ(response.principal().site_id(), "jc-hub");
  EXPECT_EQ(engine::ToAbslTime(response.expires_at()), clock_.Now() + absl::Hours(8));
  v1::WhoAmIResponse me;
  ASSERT_TRUE(auth_->WhoAmI(WithToken(response.token()).get(), {}, &me).ok());
  EXPECT_EQ(me.principal().id(), "nurse.li");
}

TEST_F(AccessTest, ASiteAdministratorManagesTheirOwnSitesPeopleOnly) {
  EXPECT_TRUE(Create(SiteAdmin(), "nurse.new", "jc-hub", ROLE_NURSE).ok());
  EXPECT_EQ(Create(SiteAdmin(), "nurse.county", "qs-county", ROLE_NURSE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // No raising anyone to network administrator.
  grpc::Status raise = Create(SiteAdmin(), "boss", "jc-hub", ROLE_NETWORK_ADMIN);
  EXPECT_EQ(raise.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(raise.error_message(), HasSubstr("ROLE_NETWORK_ADMIN"));
  v1::UpdatePrincipalRequest promote;
  promote.set_principal_id("admin.jc");
  promote.add_roles(ROLE_NETWORK_ADMIN);
  v1::Principal updated;
  EXPECT_EQ(principals_->UpdatePrincipal(SiteAdmin().get(), promote, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A network administrator may do both.
  EXPECT_TRUE(Create(AsNetworkAdmin(), "nurse.county", "qs-county", ROLE_NURSE).ok());
  v1::ListPrincipalsRequest county;
  county.set_site_id("qs-county");
  v1::ListPrincipalsResponse listed;
  EXPECT_EQ(principals_->ListPrincipals(SiteAdmin().get(), county, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(principals_->ListPrincipals(AsNetworkAdmin().get(), county, &listed).ok());
  ASSERT_EQ(listed.principals_size(), 1);
  EXPECT_EQ(listed.principals(0).id(), "nurse.county");
}

TEST_F(AccessTest, ChangingOnesOwnPasswordNeedsTheCurrentOne) {
  auto self = [&] { return AsPrincipal("nurse.li", "jc-hub", {ROLE_NURSE}); };
  v1::SetPasswordRequest change;
  change.set_principal_id("nurse.li");
  change.set_current_password("not-the-password");
  change.set_new_password("the-new-password");
  v1::Principal changed;
  EXPECT_EQ(principals_->SetPassword(self().get(), change, &changed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  change.set_current_password(kPassword);
  ASSERT_TRUE(principals_->SetPassword(self().get(), change, &changed).ok());
  // Every token from before the change is refused, this one included.
  EXPECT_EQ(WhoAmI(self()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  clock_.Advance(absl::Seconds(1));
  v1::LoginRequest login;
  login.set_principal_id("nurse.li");
  login.set_password("the-new-password");
  v1::LoginResponse response;
  EXPECT_TRUE(auth_->Login(Anonymous().get(), login, &response).ok());
}

TEST_F(AccessTest, BreakingTheGlassOpensOnePatientToOnePersonForAWhileOnTheRecord) {
  const std::string patient = Register("reg-hub");
  OpenLungCase(patient, "case-hub");
  EXPECT_EQ(Read(DoctorElsewhere(), patient).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  v1::EmergencyAccess granted;
  grpc::Status short_reason = BreakGlass(patient, "urgent", &granted);
  EXPECT_EQ(short_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(short_reason.error_message(), HasSubstr("reason"));
  ASSERT_TRUE(BreakGlass(patient, "unconscious in our emergency room", &granted).ok());
  EXPECT_EQ(engine::ToAbslTime(granted.expires_at()), clock_.Now() + absl::Hours(4));

  ASSERT_TRUE(Read(DoctorElsewhere(), patient).ok());
  const v1::Event& last = last_view_.timeline(last_view_.timeline_size() - 1);
  ASSERT_TRUE(last.has_emergency_access_granted());
  EXPECT_EQ(last.emergency_access_granted().access().principal_id(), "dr.wu");
  // A colleague at the same site has not broken any glass.
  EXPECT_EQ(Read(AsPrincipal("nurse.ma", "ls-county", {ROLE_NURSE}), patient).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The owning site reaches the patient anyway: no glass to break there.
  v1::BreakGlassRequest pointless;
  pointless.mutable_meta()->set_request_id("glass-own");
  pointless.set_patient_id(patient);
  pointless.set_reason("just looking around here");
  EXPECT_EQ(patients_->BreakGlass(As().get(), pointless, &granted).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // The owning site's auditor reviews the emergency calls: the grant and the read.
  v1::QueryAuditRequest review;
  review.set_emergency_only(true);
  v1::QueryAuditResponse records;
  ASSERT_TRUE(
      audit_->QueryAudit(AsPrincipal("auditor.jc", "jc-hub", {ROLE_AUDITOR}).get(), review, &records)
          .ok());
  ASSERT_EQ(records.records_size(), 2);
  EXPECT_EQ(records.records(0).method(), "/casehub.v1.PatientService/BreakGlass");
  EXPECT_EQ(records.records(1).method(), "/casehub.v1.PatientService/GetPatient");
  for (const v1::AuditRecord& record : records.records()) {
    EXPECT_EQ(record.principal_id(), "dr.wu");
    EXPECT_EQ(record.access_basis(), v1::ACCESS_BASIS_EMERGENCY);
  }

  clock_.Advance(absl::Hours(4));
  EXPECT_EQ(Read(DoctorElsewhere(), patient).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessTest, ACaseIsOpenedForOnesOwnSite) {
  const std::string patient = Register("reg-hub");
  v1::OpenCaseRequest request;
  request.mutable_meta()->set_request_id("case-elsewhere");
  request.set_patient_id(patient);
  request.mutable_diagnosis()->set_code("C34.1");
  request.set_owning_site_id("qs-county");
  v1::Case opened;
  grpc::Status refused = cases_->OpenCase(As().get(), request, &opened);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(refused.error_message(), HasSubstr("refer"));
}

TEST_F(AccessTest, AHubListsTheCollaboratorsPatientsItSupervisesAndNobodyElses) {
  const std::string county_patient = Register("reg-county", "qs-county");
  OpenLungCase(county_patient, "case-county", "qs-county");
  const std::string other_patient = Register("reg-other", "ls-county");
  OpenLungCase(other_patient, "case-other", "ls-county");

  v1::ListPatientsRequest county;
  county.set_site_id("qs-county");
  v1::ListPatientsResponse listed;
  ASSERT_TRUE(patients_->ListPatients(As().get(), county, &listed).ok());
  ASSERT_EQ(listed.patients_size(), 1);
  EXPECT_EQ(listed.patients(0).id(), county_patient);
  v1::ListPatientsRequest other;
  other.set_site_id("ls-county");
  EXPECT_EQ(patients_->ListPatients(As().get(), other, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The county does not supervise its hub.
  v1::ListPatientsRequest hub;
  hub.set_site_id("jc-hub");
  EXPECT_EQ(patients_->ListPatients(As("qs-county").get(), hub, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace casehub::hub
