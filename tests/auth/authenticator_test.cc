// Authentication against a real store: principals are checked when created,
// tokens from Login work until they expire, are revoked, or their principal
// is disabled or changed; guessing passwords locks a principal out for a
// while; a client certificate names its principal. Revocations outlive a
// restart.
#include "services/auth/authenticator.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "services/auth/principal_directory.h"
#include "services/auth/token_signer.h"
#include "services/engine/site_directory.h"
#include "tests/support/temp_dir.h"

namespace casehub::auth {
namespace {

using ::testing::HasSubstr;

constexpr char kPassword[] = "correct-horse";

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest() {
    store_ = *store::Store::Open({.path = dir_.Sub("data")});
    sites_ = *engine::SiteDirectory::Load(store_.get());
    v1::Site site;
    site.set_id("jc-hub");
    site.set_name("Jiangcheng");
    site.set_kind(v1::SITE_KIND_HUB_HOSPITAL);
    EXPECT_TRUE(sites_->Upsert(site).ok());
    Reopen();
    EXPECT_TRUE(principals_->Create(Person("nurse.li"), kPassword, "test").ok());
  }

  // A restart: the directory and authenticator read everything again.
  void Reopen() {
    principals_ = *PrincipalDirectory::Load(store_.get(), sites_.get(), &clock_, 1000);
    authenticator_ = std::make_unique<Authenticator>(&signer_, principals_.get(), &clock_,
                                                     absl::Hours(8));
  }

  static v1::Principal Person(const std::string& id) {
    v1::Principal principal;
    principal.set_id(id);
    principal.set_display_name(id);
    principal.set_site_id("jc-hub");
    principal.add_roles(v1::ROLE_NURSE);
    return principal;
  }

  std::string Token(const std::string& id = "nurse.li") {
    absl::StatusOr<v1::LoginResponse> login = authenticator_->Login(id, kPassword);
    EXPECT_TRUE(login.ok()) << login.status();
    return login.ok() ? login->token() : "";
  }

  absl::Status Use(const std::string& token) {
    return authenticator_->FromToken(token).status();
  }

  casehub::testing::TempDir dir_;
  ManualClock clock_{absl::FromUnixSeconds(1793600000)};
  TokenSigner signer_{std::string(32, 's')};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<engine::SiteDirectory> sites_;
  std::unique_ptr<PrincipalDirectory> principals_;
  std::unique_ptr<Authenticator> authenticator_;
};

TEST_F(AuthenticatorTest, ATokenWorksUntilItExpires) {
  const std::string token = Token();
  absl::StatusOr<Authenticated> who = authenticator_->FromToken(token);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->principal.id(), "nurse.li");
  clock_.Advance(absl::Hours(8) - absl::Seconds(1));
  EXPECT_TRUE(Use(token).ok());
  clock_.Advance(absl::Seconds(1));
  absl::Status expired = Use(token);
  EXPECT_EQ(expired.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(expired.message(), HasSubstr("expired"));
}

TEST_F(AuthenticatorTest, AWrongPasswordAndAnUnknownPrincipalLookAlike) {
  absl::Status wrong = authenticator_->Login("nurse.li", "not-it-at-all").status();
  absl::Status unknown = authenticator_->Login("nobody", kPassword).status();
  EXPECT_EQ(wrong.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong, unknown);
}

TEST_F(AuthenticatorTest, FiveWrongPasswordsLockThePrincipalOutForFifteenMinutes) {
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(authenticator_->Login("nurse.li", "guess-guess").ok());
  absl::Status locked = authenticator_->Login("nurse.li", kPassword).status();
  EXPECT_THAT(locked.message(), HasSubstr("too many failed logins"));
  clock_.Advance(absl::Minutes(15) + absl::Seconds(1));
  EXPECT_TRUE(authenticator_->Login("nurse.li", kPassword).ok());
}

TEST_F(AuthenticatorTest, LogoutRevokesTheTokenAlsoAfterARestart) {
  const std::string token = Token();
  absl::StatusOr<Authenticated> who = authenticator_->FromToken(token);
  ASSERT_TRUE(who.ok());
  ASSERT_TRUE(authenticator_->Logout(*who).ok());
  EXPECT_THAT(Use(token).message(), HasSubstr("revoked"));
  Reopen();
  EXPECT_THAT(Use(token).message(), HasSubstr("revoked"));
  // Other tokens of the same principal are unaffected.
  clock_.Advance(absl::Seconds(1));
  EXPECT_TRUE(Use(Token()).ok());
}

TEST_F(AuthenticatorTest, RevokingAPasswordChangeARoleChangeAndDisablingRefuseEarlierTokens) {
  const std::string before_revoke = Token();
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(principals_->RevokeTokens("nurse.li", "admin").ok());
  EXPECT_EQ(Use(before_revoke).code(), absl::StatusCode::kUnauthenticated);

  clock_.Advance(absl::Seconds(1));
  const std::string before_password = Token();
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(principals_->SetPassword("nurse.li", "a-new-password", "admin").ok());
  EXPECT_EQ(Use(before_password).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(authenticator_->Login("nurse.li", kPassword).ok());
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(principals_->SetPassword("nurse.li", kPassword, "admin").ok());

  clock_.Advance(absl::Seconds(1));
  const std::string before_roles = Token();
  clock_.Advance(absl::Seconds(1));
  v1::UpdatePrincipalRequest roles;
  roles.set_principal_id("nurse.li");
  roles.add_roles(v1::ROLE_PHARMACIST);
  ASSERT_TRUE(principals_->Update(roles, "admin").ok());
  EXPECT_EQ(Use(before_roles).code(), absl::StatusCode::kUnauthenticated);

  clock_.Advance(absl::Seconds(1));
  const std::string before_disable = Token();
  v1::UpdatePrincipalRequest disable;
  disable.set_principal_id("nurse.li");
  disable.set_disabled(true);
  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(principals_->Update(disable, "admin").ok());
  EXPECT_EQ(Use(before_disable).code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(authenticator_->Login("nurse.li", kPassword).status().message(),
              HasSubstr("disabled"));
}

TEST_F(AuthenticatorTest, AClientCertificateNamesItsPrincipal) {
  v1::Principal lis = Person("lis.integration");
  lis.clear_roles();
  lis.add_roles(v1::ROLE_INTEGRATION);
  lis.set_certificate_subject("lis.jc-hub.example");
  ASSERT_TRUE(principals_->Create(lis, "", "test").ok());
  absl::StatusOr<Authenticated> who = authenticator_->FromCertificate("lis.jc-hub.example");
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->principal.id(), "lis.integration");
  EXPECT_EQ(authenticator_->FromCertificate("someone.else").status().code(),
            absl::StatusCode::kUnauthenticated);
  // Certificate-only: no password logs it in.
  EXPECT_FALSE(authenticator_->Login("lis.integration", "").ok());
}

TEST_F(AuthenticatorTest, NewPrincipalsAreCheckedFieldByField) {
  auto create = [&](v1::Principal principal, const std::string& password = kPassword) {
    return principals_->Create(principal, password, "test").status();
  };
  EXPECT_EQ(create(Person("nurse.li")).code(), absl::StatusCode::kAlreadyExists);
  v1::Principal bad = Person("a b");
  EXPECT_THAT(create(bad).message(), HasSubstr("principal.id"));
  bad = Person("x1");
  bad.set_site_id("atlantis");
  EXPECT_EQ(create(bad).code(), absl::StatusCode::kNotFound);
  bad = Person("x2");
  bad.clear_roles();
  EXPECT_THAT(create(bad).message(), HasSubstr("roles"));
  bad = Person("x3");
  bad.add_roles(v1::ROLE_NURSE);
  EXPECT_THAT(create(bad).message(), HasSubstr("listed twice"));
  EXPECT_THAT(create(Person("x4"), "short").message(), HasSubstr("10 to 128"));
  EXPECT_THAT(create(Person("x5"), "").message(), HasSubstr("initial_password"));
}

}  // namespace
}  // namespace casehub::auth
