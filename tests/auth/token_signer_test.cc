// Tokens: what the signer makes verifies; anything changed, signed with
// another key or not a token at all is refused; the key file is created
// private and refused when others could read it.
#include "services/auth/token_signer.h"

#include <sys/stat.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "tests/support/temp_dir.h"

namespace casehub::auth {
namespace {

using ::testing::HasSubstr;

v1::TokenClaims Claims() {
  v1::TokenClaims claims;
  claims.set_token_id("t1");
  claims.set_principal_id("nurse.li");
  claims.mutable_expires_at()->set_seconds(2000000000);
  return claims;
}

TEST(TokenSignerTest, ASignedTokenVerifiesToItsClaims) {
  TokenSigner signer(std::string(32, 'k'));
  absl::StatusOr<v1::TokenClaims> claims = signer.Verify(signer.Sign(Claims()));
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->principal_id(), "nurse.li");
  EXPECT_EQ(claims->expires_at().seconds(), 2000000000);
}

TEST(TokenSignerTest, ForgedTokensAreRefused) {
  TokenSigner signer(std::string(32, 'k'));
  const std::string token = signer.Sign(Claims());
  // Another key.
  EXPECT_EQ(TokenSigner(std::string(32, 'x')).Verify(token).status().code(),
            absl::StatusCode::kUnauthenticated);
  // Claims swapped for others (say, another principal) under the old signature.
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  v1::TokenClaims other = Claims();
  other.set_principal_id("netadmin");
  std::vector<std::string> forged_parts = absl::StrSplit(signer.Sign(other), '.');
  const std::string forged = absl::StrCat(parts[0], ".", forged_parts[1], ".", parts[2]);
  absl::Status refused = signer.Verify(forged).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(refused.message(), HasSubstr("signature"));
  // Not a token at all.
  for (const std::string bad : {"", "chv1", "chv1..", "jwt.a.b", "chv1.!!!.@@@"}) {
    EXPECT_EQ(signer.Verify(bad).status().code(), absl::StatusCode::kUnauthenticated) << bad;
  }
}

TEST(TokenSignerTest, TheKeyFileIsCreatedPrivateAndReusedAfterwards) {
  testing::TempDir dir;
  const std::string path = dir.Sub("token.key");
  auto first = TokenSigner::FromKeyFile(path, /*create=*/true);
  ASSERT_TRUE(first.ok()) << first.status();
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto second = TokenSigner::FromKeyFile(path, /*create=*/false);
  ASSERT_TRUE(second.ok()) << second.status();
  // The same key: a token from before a restart still verifies.
  EXPECT_TRUE((*second)->Verify((*first)->Sign(Claims())).ok());
}

TEST(TokenSignerTest, AKeyOthersCanReadOrTooShortIsRefused) {
  testing::TempDir dir;
  const std::string open = dir.Sub("open.key");
  std::ofstream(open) << std::string(40, 'k');
  chmod(open.c_str(), 0644);
  absl::Status readable = TokenSigner::FromKeyFile(open, false).status();
  EXPECT_EQ(readable.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(readable.message(), HasSubstr("chmod 600"));

  const std::string short_key = dir.Sub("short.key");
  std::ofstream(short_key) << "tiny";
  chmod(short_key.c_str(), 0600);
  EXPECT_THAT(TokenSigner::FromKeyFile(short_key, false).status().message(),
              HasSubstr("at least 32"));
  EXPECT_EQ(TokenSigner::FromKeyFile(dir.Sub("missing.key"), false).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace casehub::auth
