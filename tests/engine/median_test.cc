// The median of a report read from value counters (value -> how many items
// had it), as the day counters of a median indicator hold them.
#include <map>

#include "gtest/gtest.h"
#include "services/engine/indicator_scan.h"

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

}  // namespace
}  // namespace casehub::engine
