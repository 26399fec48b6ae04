// The primitives against their published test vectors: HMAC-SHA256 from
// RFC 4231 and PBKDF2-HMAC-SHA256 from RFC 7914 section 11.
#include "services/auth/crypto.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace casehub::auth {
namespace {

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(absl::BytesToHexString(HmacSha256("Jefe").Mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase1) {
  EXPECT_EQ(absl::BytesToHexString(HmacSha256(std::string(20, '\x0b')).Mac("Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase6AKeyLongerThanABlock) {
  EXPECT_EQ(
      absl::BytesToHexString(HmacSha256(std::string(131, '\xaa'))
                                 .Mac("Test Using Larger Than Block-Size Key - Hash Key First")),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(CryptoTest, OneKeyedHmacServesManyMessagesFromManyThreads) {
  const HmacSha256 jefe("Jefe");
  const std::string expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  // Another message first: the keyed state is copied, never consumed.
  EXPECT_NE(absl::BytesToHexString(jefe.Mac("another message")), expected);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (absl::BytesToHexString(jefe.Mac("what do ya want for nothing?")) != expected) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
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
