// Indicator day counters: deltas from many batches add up through the merge
// operator, also across a reopen; the counter key of an indicator item is its
// index key without the item id, and only numerator and denominator items
// are counted; each day counter has a month and a year counter beside it.
#include "services/store/counter_merge.h"

#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "services/store/keys.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

std::optional<int64_t> Count(const Store& store, const std::string& key) {
  absl::StatusOr<std::optional<std::string>> value = store.Get(Family::kCounters, key);
  if (!value.ok() || !value->has_value()) return std::nullopt;
  return DecodeCount(**value);
}

TEST(CounterTest, DeltasFromSeparateBatchesAddUpAndSurviveAReopen) {
  testing::TempDir dir;
  {
    auto store = Store::Open({.path = dir.Sub("data")});
    ASSERT_TRUE(store.ok()) << store.status();
    for (int delta : {+1, +1, +1, -1}) {
      WriteBatch batch = (*store)->NewBatch();
      batch.AddToCounter("k", delta);
      ASSERT_TRUE((*store)->Commit(batch).ok());
    }
    WriteBatch both = (*store)->NewBatch();
    both.AddToCounter("k", +5);
    both.AddToCounter("k", -2);
    ASSERT_TRUE((*store)->Commit(both).ok());
    EXPECT_EQ(Count(**store, "k"), 5);
  }
  auto reopened = Store::Open({.path = dir.Sub("data")});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(Count(**reopened, "k"), 5);
}

TEST(CounterTest, CountsAreSignedEightByteValues) {
  EXPECT_EQ(DecodeCount(EncodeCount(-3)), -3);
  EXPECT_EQ(DecodeCount(EncodeCount(0)), 0);
  EXPECT_EQ(DecodeCount(EncodeCount(1LL << 40)), 1LL << 40);
  EXPECT_EQ(DecodeCount("short"), std::nullopt);
}

TEST(CounterTest, AnItemsCounterIsItsKeyWithoutTheItemId) {
  const std::string denominator =
      IndicatorKey("fn_incidence", "jc-hub", "2026-11-02", "lung", 'D', "p1-y5");
  std::optional<std::string> counter = IndicatorCounterKey(denominator, "");
  ASSERT_TRUE(counter.has_value());
  EXPECT_EQ(*counter + "p1-y5", denominator);
  EXPECT_EQ(IndicatorItemPart(denominator), 'D');
  EXPECT_EQ(IndicatorItemPatientId(denominator), "p1");
  EXPECT_EQ(IndicatorItemPatientId(PatientsBySiteKey("jc-hub", "p1")), std::nullopt);
  // Two items of the same day, tumor type and part share their counter.
  EXPECT_EQ(counter,
            IndicatorCounterKey(
                IndicatorKey("fn_incidence", "jc-hub", "2026-11-02", "lung", 'D', "p2-y9"), ""));
  EXPECT_NE(counter,
            IndicatorCounterKey(
                IndicatorKey("fn_incidence", "jc-hub", "2026-11-02", "lung", 'N', "p1-y5"), ""));
  // Other index entries are not counted.
  EXPECT_EQ(IndicatorCounterKey(PatientsBySiteKey("jc-hub", "p1"), ""), std::nullopt);
  EXPECT_EQ(IndicatorItemPart(PatientsBySiteKey("jc-hub", "p1")), std::nullopt);
  EXPECT_EQ(IndicatorCounterKey("I", ""), std::nullopt);
}

TEST(CounterTest, AValueItemsCounterIsItsKeyWithTheValueForTheItemId) {
  const std::string item = IndicatorKey("median_rdi", "jc-hub", "2026-11-02", "", 'V', "p1-c1");
  EXPECT_EQ(IndicatorItemPart(item), 'V');
  std::optional<std::string> counter = IndicatorCounterKey(item, "88.73");
  ASSERT_TRUE(counter.has_value());
  EXPECT_EQ(*counter, IndicatorKey("median_rdi", "jc-hub", "2026-11-02", "", 'V', "88.73"));
  // Items of one day with the same value share a counter; another value
  // has its own.
  EXPECT_EQ(counter,
            IndicatorCounterKey(
                IndicatorKey("median_rdi", "jc-hub", "2026-11-02", "", 'V', "p2-c4"), "88.73"));
  EXPECT_NE(counter, IndicatorCounterKey(item, "90"));
}

TEST(CounterTest, AnItemAlsoCountsInItsMonthsAndItsYearsCounters) {
  const std::string item =
      IndicatorKey("fn_incidence", "jc-hub", "2026-11-02", "lung", 'D', "p1-y5");
  const std::string day = *IndicatorCounterKey(item, "");
  const std::optional<std::string> month = IndicatorRollupCounterKey(day, Rollup::kMonth);
  const std::optional<std::string> year = IndicatorRollupCounterKey(day, Rollup::kYear);
  ASSERT_TRUE(month.has_value());
  ASSERT_TRUE(year.has_value());
  EXPECT_EQ(IndicatorCounterKeys(item, ""), (std::vector<std::string>{day, *month, *year}));
  // What follows a rollup's prefix parses as a day counter's rest does, with
  // the month or the year for its date.
  for (const auto& [rollup, key, period] :
       {std::tuple{Rollup::kMonth, *month, "2026-11"}, std::tuple{Rollup::kYear, *year, "2026"}}) {
    const std::string prefix = IndicatorRollupPrefix(rollup, "fn_incidence", "jc-hub");
    const std::string of_period = IndicatorRollupPrefix(rollup, "fn_incidence", "jc-hub", period);
    ASSERT_EQ(key.substr(0, of_period.size()), of_period);
    std::optional<IndicatorKeyParts> parts = ParseIndicatorKeyRest(key.substr(prefix.size()));
    ASSERT_TRUE(parts.has_value());
    EXPECT_EQ(parts->date, period);
    EXPECT_EQ(parts->tumor_type, "lung");
    EXPECT_EQ(parts->part, 'D');
    EXPECT_EQ(parts->item_id, "");
  }
  // Every day of the month shares its counter; the next month has its own,
  // in the same year's.
  auto rollup_of = [](absl::string_view date, Rollup rollup) {
    return IndicatorRollupCounterKey(
        *IndicatorCounterKey(IndicatorKey("fn_incidence", "jc-hub", date, "lung", 'D', "p2"), ""),
        rollup);
  };
  EXPECT_EQ(month, rollup_of("2026-11-30", Rollup::kMonth));
  EXPECT_NE(month, rollup_of("2026-12-01", Rollup::kMonth));
  EXPECT_EQ(year, rollup_of("2026-12-31", Rollup::kYear));
  EXPECT_NE(year, rollup_of("2027-01-01", Rollup::kYear));
  // A value's rollups keep the value.
  const std::string value_item =
      IndicatorKey("median_rdi", "jc-hub", "2026-11-02", "", 'V', "p1-c1");
  EXPECT_EQ(IndicatorCounterKeys(value_item, "88.73")[1],
            IndicatorRollupPrefix(Rollup::kMonth, "median_rdi", "jc-hub", "2026-11") +
                std::string("\0V88.73", 7));
  // Not a day counter: no rollup, and no counters for other entries.
  EXPECT_EQ(IndicatorRollupCounterKey(*month, Rollup::kYear), std::nullopt);
  EXPECT_EQ(IndicatorRollupCounterKey("Ifn_incidence", Rollup::kMonth), std::nullopt);
  EXPECT_TRUE(IndicatorCounterKeys(PatientsBySiteKey("jc-hub", "p1"), "").empty());
}

}  // namespace
}  // namespace casehub::store
