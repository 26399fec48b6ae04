// The resident identity card number against GB 11643-1999: its own example
// (11010519491231002X), the check character of each position's weight, the
// embedded birth date, and the ways a number is mistyped.
#include "services/engine/national_id.h"

#include "gmock/gmock.h"

namespace casehub::engine {
namespace {

using ::testing::HasSubstr;

TEST(NationalIdTest, TheStandardsExampleIsValidAndNormalizedToUpperCase) {
  absl::StatusOr<std::string> id = NormalizeNationalId("national_id", "11010519491231002x");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "11010519491231002X");
  EXPECT_EQ(NationalIdBirthDate(*id), "1949-12-31");
}

TEST(NationalIdTest, ADigitCheckCharacterIsValidToo) {
  // Weighted sums giving remainders 0 (check '1') and 1 (check '0').
  EXPECT_TRUE(NormalizeNationalId("id", "440305196612070016").ok());
  EXPECT_TRUE(NormalizeNationalId("id", "510107197502270089").ok());
}

TEST(NationalIdTest, AnyMistypedCharacterIsCaughtByTheCheckCharacter) {
  const std::string valid = "11010519491231002X";
  for (size_t i = 0; i < 17; ++i) {
    if (i >= 6 && i < 14) continue;  // the birth date: caught as a date or by the check
    std::string typo = valid;
    typo[i] = typo[i] == '9' ? '8' : static_cast<char>(typo[i] + 1);
    absl::Status refused = NormalizeNationalId("national_id", typo).status();
    EXPECT_THAT(refused.message(), HasSubstr("check character")) << typo;
  }
  EXPECT_THAT(NormalizeNationalId("national_id", "110105194912310021").status().message(),
              HasSubstr("check character"));
}

TEST(NationalIdTest, LengthCharactersAndTheBirthDateAreChecked) {
  EXPECT_THAT(NormalizeNationalId("national_id", "1101051949123100").status().message(),
              HasSubstr("18 characters"));
  EXPECT_THAT(NormalizeNationalId("national_id", "110105194912310A2X").status().message(),
              HasSubstr("17 digits"));
  // 30 February, and month 13.
  EXPECT_THAT(NormalizeNationalId("national_id", "110105194902300021").status().message(),
              HasSubstr("birth date"));
  EXPECT_THAT(NormalizeNationalId("national_id", "110105194913010021").status().message(),
              HasSubstr("birth date"));
  EXPECT_THAT(NormalizeNationalId("patient.national_id", "x").status().message(),
              HasSubstr("patient.national_id"));
}

}  // namespace
}  // namespace casehub::engine
