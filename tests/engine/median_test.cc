// The median of a report read from value counters (value -> how many items
// had it), as the day counters of a median indicator hold them.
#include <map>

#include "gtest/gtest.h"
#include "services/engine/indicator_scan.h"
#include "services/engine/myelo_indicators.h"

namespace casehub::engine {
namespace {

TEST(MedianTest, NoValuesHaveNoMedian) {
  EXPECT_EQ(Median({}), std::nullopt);
  EXPECT_EQ(Median({{5.0, 0}}), std::nullopt);
}

TEST(MedianTest, AnOddNumberOfValuesHasItsMiddleOne) {
  EXPECT_EQ(Median({{7.5, 1}}), 7.5);
  // 84 84 85 88.73 90: the third.
  EXPECT_EQ(Median({{84, 2}, {85, 1}, {88.73, 1}, {90, 1}}), 85);
  // 1 1 1 2 9: a repeated value holds the middle rank.
  EXPECT_EQ(Median({{1, 3}, {2, 1}, {9, 1}}), 1);
}

TEST(MedianTest, AnEvenNumberOfValuesHasTheMeanOfItsMiddleTwo) {
  EXPECT_EQ(Median({{6, 1}, {10, 1}}), 8);
  // 1 1 3 3: the middle two lie in different values' counts.
  EXPECT_EQ(Median({{1, 2}, {3, 2}}), 2);
  // 2 4 4 9: both middle ranks in one value's count.
  EXPECT_EQ(Median({{2, 1}, {4, 2}, {9, 1}}), 4);
  EXPECT_EQ(Median({{-3, 1}, {0, 1}, {5, 1}, {8, 1}}), 2.5);
}

// A median's value is recorded to one decimal, rounding half away from zero.
TEST(MedianTest, ValuesAreRecordedToOneDecimal) {
  EXPECT_EQ(MedianValueText(78.6517), "78.7");
  EXPECT_EQ(MedianValueText(88.73), "88.7");
  EXPECT_EQ(MedianValueText(85), "85");
  // An RDI of exactly 85 % computed a hair below is recorded as 85.
  EXPECT_EQ(MedianValueText(84.9999999999), "85");
  EXPECT_EQ(MedianValueText(84.94), "84.9");
  EXPECT_EQ(MedianValueText(7.25), "7.3");  // 7 min 15 s
  EXPECT_EQ(MedianValueText(0.04), "0");
  EXPECT_EQ(MedianValueText(100), "100");
}

}  // namespace
}  // namespace casehub::engine
