// How a report period is split into year, month and day counter ranges
// (counter_ranges.h): whole years and months read their own counters; a
// partial one reads its smaller units, or the whole less the part left out
// when that is smaller. Each case's ranges must add up to exactly the
// period's days.
#include "services/engine/counter_ranges.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <vector>

#include "gtest/gtest.h"

namespace casehub::engine {

void PrintTo(const CounterRange& range, std::ostream* out) {
  *out << (range.unit == CounterRange::Unit::kYear    ? "year "
           : range.unit == CounterRange::Unit::kMonth ? "month "
                                                      : "days ")
       << (range.sign > 0 ? "+" : "-") << range.first << ".." << range.last;
}

namespace {

using Unit = CounterRange::Unit;
using absl::CivilDay;

// How many times each day is counted by the signed ranges.
std::map<CivilDay, int> DayWeights(const std::vector<CounterRange>& ranges) {
  std::map<CivilDay, int> weights;
  for (const CounterRange& range : ranges) {
    for (CivilDay day = range.first; day <= range.last; ++day) weights[day] += range.sign;
  }
  std::erase_if(weights, [](const auto& weight) { return weight.second == 0; });
  return weights;
}

void ExpectCoversExactly(CivilDay from, CivilDay to) {
  std::map<CivilDay, int> weights = DayWeights(CounterRangesOf(from, to));
  ASSERT_EQ(weights.size(), static_cast<size_t>(to - from + 1));
  for (CivilDay day = from; day <= to; ++day) EXPECT_EQ(weights[day], 1) << day;
}

TEST(CounterRangesTest, AWholeMonthIsItsMonthCounters) {
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 9, 1), CivilDay(2026, 9, 30)),
            (std::vector<CounterRange>{
                {Unit::kMonth, +1, CivilDay(2026, 9, 1), CivilDay(2026, 9, 30)}}));
  // February of a leap year has 29 days.
  EXPECT_EQ(CounterRangesOf(CivilDay(2028, 2, 1), CivilDay(2028, 2, 29)),
            (std::vector<CounterRange>{
                {Unit::kMonth, +1, CivilDay(2028, 2, 1), CivilDay(2028, 2, 29)}}));
}

TEST(CounterRangesTest, AFewDaysAreReadAsDays) {
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 9, 5), CivilDay(2026, 9, 14)),
            (std::vector<CounterRange>{
                {Unit::kDays, +1, CivilDay(2026, 9, 5), CivilDay(2026, 9, 14)}}));
  // Half of a 30-day month: the days, not the month less as many.
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 9, 1), CivilDay(2026, 9, 15)),
            (std::vector<CounterRange>{
                {Unit::kDays, +1, CivilDay(2026, 9, 1), CivilDay(2026, 9, 15)}}));
}

TEST(CounterRangesTest, MostOfAMonthIsTheMonthLessTheDaysLeftOut) {
  // 16 of 30 days: the month less the 14 before.
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 9, 15), CivilDay(2026, 9, 30)),
            (std::vector<CounterRange>{
                {Unit::kMonth, +1, CivilDay(2026, 9, 1), CivilDay(2026, 9, 30)},
                {Unit::kDays, -1, CivilDay(2026, 9, 1), CivilDay(2026, 9, 14)}}));
  // Days left out on both sides.
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 9, 3), CivilDay(2026, 9, 29)),
            (std::vector<CounterRange>{
                {Unit::kMonth, +1, CivilDay(2026, 9, 1), CivilDay(2026, 9, 30)},
                {Unit::kDays, -1, CivilDay(2026, 9, 1), CivilDay(2026, 9, 2)},
                {Unit::kDays, -1, CivilDay(2026, 9, 30), CivilDay(2026, 9, 30)}}));
}

TEST(CounterRangesTest, MostOfAYearIsTheYearLessTheMonthsAndDaysLeftOut) {
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 1, 1), CivilDay(2026, 12, 31)),
            (std::vector<CounterRange>{
                {Unit::kYear, +1, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31)}}));
  // Jan 15 to Dec 20: the year less Jan 1-14 (fewer than half of January)
  // and less Dec 21-31.
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 1, 15), CivilDay(2026, 12, 20)),
            (std::vector<CounterRange>{
                {Unit::kYear, +1, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31)},
                {Unit::kDays, -1, CivilDay(2026, 1, 1), CivilDay(2026, 1, 14)},
                {Unit::kDays, -1, CivilDay(2026, 12, 21), CivilDay(2026, 12, 31)}}));
  // Mar 10 to Dec 31: the year less January, February and Mar 1-9.
  EXPECT_EQ(CounterRangesOf(CivilDay(2026, 3, 10), CivilDay(2026, 12, 31)),
            (std::vector<CounterRange>{
                {Unit::kYear, +1, CivilDay(2026, 1, 1), CivilDay(2026, 12, 31)},
                {Unit::kMonth, -1, CivilDay(2026, 1, 1), CivilDay(2026, 1, 31)},
                {Unit::kMonth, -1, CivilDay(2026, 2, 1), CivilDay(2026, 2, 28)},
                {Unit::kDays, -1, CivilDay(2026, 3, 1), CivilDay(2026, 3, 9)}}));
}

TEST(CounterRangesTest, LessThanHalfAYearIsItsMonthsAndDays) {
  // Sep 26 to Dec 31: the last days of September, then three months.
  EXPECT_EQ(CounterRangesOf(CivilDay(2025, 9, 26), CivilDay(2025, 12, 31)),
            (std::vector<CounterRange>{
                {Unit::kDays, +1, CivilDay(2025, 9, 26), CivilDay(2025, 9, 30)},
                {Unit::kMonth, +1, CivilDay(2025, 10, 1), CivilDay(2025, 10, 31)},
                {Unit::kMonth, +1, CivilDay(2025, 11, 1), CivilDay(2025, 11, 30)},
                {Unit::kMonth, +1, CivilDay(2025, 12, 1), CivilDay(2025, 12, 31)}}));
}

TEST(CounterRangesTest, AnyPeriodOfAFewYearsReadsFewKeySets) {
  // However it falls, a period reads at most a year's set per year, and
  // within each year at most seven months' and two half-months of days:
  // Jan 16 to Jul 16 covers just under half the year, so its months are
  // read, January and July each as the month less 15 days.
  const std::vector<CounterRange> half =
      CounterRangesOf(CivilDay(2026, 1, 16), CivilDay(2026, 7, 16));
  EXPECT_EQ(std::count_if(half.begin(), half.end(),
                          [](const CounterRange& range) { return range.unit == Unit::kMonth; }),
            7);
  for (int start = 0; start < 800; start += 11) {
    for (int length = 1; length < 1200; length += 17) {
      const CivilDay from = CivilDay(2025, 1, 1) + start;
      const std::vector<CounterRange> ranges = CounterRangesOf(from, from + (length - 1));
      int months = 0;
      int days = 0;
      for (const CounterRange& range : ranges) {
        if (range.unit == Unit::kMonth) ++months;
        if (range.unit == Unit::kDays) days += static_cast<int>(range.last - range.first + 1);
      }
      const int years = static_cast<int>(absl::CivilYear(from + (length - 1)) -
                                         absl::CivilYear(from)) + 1;
      EXPECT_LE(months, 7 * years) << from << " + " << length;
      EXPECT_LE(days, 31 * years) << from << " + " << length;
    }
  }
}

TEST(CounterRangesTest, EveryPeriodCoversItsDaysExactlyOnce) {
  ExpectCoversExactly(CivilDay(2026, 9, 30), CivilDay(2026, 9, 30));
  ExpectCoversExactly(CivilDay(2026, 12, 31), CivilDay(2027, 1, 1));
  ExpectCoversExactly(CivilDay(2028, 2, 14), CivilDay(2028, 3, 1));
  for (int start = 0; start < 400; start += 13) {
    for (int length = 1; length < 800; length += 29) {
      const CivilDay from = CivilDay(2026, 1, 1) + start;
      ExpectCoversExactly(from, from + (length - 1));
    }
  }
}

}  // namespace
}  // namespace casehub::engine
