// Numbers in rules and alerts: at least the analyte's decimals, never
// rounded away.
#include "plugins/myelosuppression/number_format.h"

#include "gtest/gtest.h"

namespace casehub::myelosuppression {
namespace {

// analytes.textproto display_decimals: counts in 10*9/L show one decimal
// ("1.0", as clinical-rules.md §1 writes the ANC bounds).
TEST(NumberFormatTest, ShowsAtLeastTheMinimumDecimals) {
  EXPECT_EQ(FormatNumber(1.0, 1), "1.0");
  EXPECT_EQ(FormatNumber(0.4, 1), "0.4");
  EXPECT_EQ(FormatNumber(75, 0), "75");
  EXPECT_EQ(FormatNumber(1500, 0), "1500");
}

// §1 bounds are exact: a value between shown decimals must not read as one.
TEST(NumberFormatTest, AddsDecimalsRatherThanRound) {
  EXPECT_EQ(FormatNumber(0.45, 1), "0.45");
  EXPECT_EQ(FormatNumber(1.79, 1), "1.79");
  EXPECT_EQ(FormatNumber(55.5, 0), "55.5");
  EXPECT_EQ(FormatNumber(0.1 + 0.2, 1), "0.3");
  EXPECT_EQ(FormatNumber(1.0 / 3, 1), "0.333333");
}

}  // namespace
}  // namespace casehub::myelosuppression
