// The primitives against their published test vectors: HMAC-SHA256 from
// RFC 4231 and PBKDF2-HMAC-SHA256 from RFC 7914 section 11.
#include "services/auth/crypto.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace casehub::auth {
namespace {

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(absl::BytesToHexString(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase1) {
  EXPECT_EQ(absl::BytesToHexString(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(CryptoTest, Pbkdf2Sha256MatchesRfc7914) {
  absl::StatusOr<std::string> key = Pbkdf2Sha256("passwd", "salt", 1);
  ASSERT_TRUE(key.ok()) << key.status();
  // The first 32 bytes of the 64 the RFC lists.
  EXPECT_EQ(absl::BytesToHexString(*key),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
  EXPECT_FALSE(Pbkdf2Sha256("passwd", "salt", 0).ok());
}

TEST(CryptoTest, RandomBytesDiffer) {
  absl::StatusOr<std::string> first = RandomBytes(16);
  absl::StatusOr<std::string> second = RandomBytes(16);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->size(), 16u);
  EXPECT_NE(*first, *second);
}

TEST(CryptoTest, ConstantTimeEqualsComparesContentsAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace casehub::auth
