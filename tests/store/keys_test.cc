#include "services/store/keys.h"

#include <algorithm>
#include <vector>

#include "gtest/gtest.h"

namespace casehub::store {
namespace {

TEST(KeysTest, EventKeysSortBySeqNumerically) {
  // Big-endian seqs: 2 < 10 < 256 in byte order too (a decimal encoding
  // would put "10" before "2").
  std::vector<std::string> keys = {EventKey("p1", 256), EventKey("p1", 2), EventKey("p1", 10)};
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{EventKey("p1", 2), EventKey("p1", 10),
                                            EventKey("p1", 256)}));
  EXPECT_EQ(EventKeySeq(EventKey("p1", 256)), 256u);
}

TEST(KeysTest, EventPrefixDoesNotMatchALongerPatientId) {
  // "p1" must not be a prefix of "p12"'s events: the separator prevents it.
  std::string key_of_p12 = EventKey("p12", 1);
  EXPECT_FALSE(key_of_p12.rfind(EventPrefix("p1"), 0) == 0);
  EXPECT_TRUE(EventKey("p1", 1).rfind(EventPrefix("p1"), 0) == 0);
}

TEST(KeysTest, EventKeySeqRejectsOtherKeys) {
  EXPECT_FALSE(EventKeySeq("short").has_value());
  EXPECT_FALSE(EventKeySeq(StateKey("p1")).has_value());
}

TEST(KeysTest, WorklistOrdersByDueTimeWithinSiteAndRole) {
  absl::Time t0 = absl::FromUnixSeconds(1'700'000'000);
  std::string early = WorklistKey("hub", 1, t0, "z-task");
  std::string late = WorklistKey("hub", 1, t0 + absl::Hours(1), "a-task");
  EXPECT_LT(early, late);  // due time beats task id
  EXPECT_TRUE(early.rfind(WorklistPrefix("hub", 1), 0) == 0);
  EXPECT_FALSE(early.rfind(WorklistPrefix("hub", 2), 0) == 0);
  EXPECT_FALSE(early.rfind(WorklistPrefix("hu", 1), 0) == 0);
}

TEST(KeysTest, CasesPrefixWithAndWithoutTumorType) {
  std::string key = CasesBySiteKey("hub", "lung", "p1-c2");
  EXPECT_TRUE(key.rfind(CasesBySitePrefix("hub", ""), 0) == 0);
  EXPECT_TRUE(key.rfind(CasesBySitePrefix("hub", "lung"), 0) == 0);
  EXPECT_FALSE(key.rfind(CasesBySitePrefix("hub", "lun"), 0) == 0);
}

TEST(KeysTest, DueTaskKeyRoundTrips) {
  absl::Time due = absl::FromUnixMicros(1'700'000'000'123'456);
  std::optional<DueTask> parsed = ParseDueTaskKey(DueTaskKey(due, "p1-t3"));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->due, due);
  EXPECT_EQ(parsed->task_id, "p1-t3");
  EXPECT_FALSE(ParseDueTaskKey("W123").has_value());
}

TEST(KeysTest, TimesBeforeTheEpochClampToZero) {
  EXPECT_EQ(TimeToKeyMicros(absl::FromUnixSeconds(-5)), 0u);
}

TEST(KeysTest, IdAlphabet) {
  EXPECT_TRUE(IsValidId("pabc-c12"));
  EXPECT_TRUE(IsValidId("overdue:p1-t3"));
  EXPECT_FALSE(IsValidId(""));
  EXPECT_FALSE(IsValidId(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidId("has space"));
  EXPECT_FALSE(IsValidId(std::string(129, 'a')));
  EXPECT_TRUE(IsValidId(std::string(128, 'a')));
}

TEST(KeysTest, AuditKeysOrderByTimeThenSeqWithinEachOrder) {
  absl::Time t0 = absl::FromUnixSeconds(1'700'000'000);
  const std::string patient = AuditByPatientPrefix("p1");
  std::string later = AuditKey(patient, t0 + absl::Microseconds(1), 1);
  std::string same_time_second = AuditKey(patient, t0, 7);
  std::string first = AuditKey(patient, t0, 2);
  EXPECT_LT(first, same_time_second);
  EXPECT_LT(same_time_second, later);
  // "from t0" starts before t0's records and after earlier ones.
  EXPECT_LT(AuditTimeBound(patient, t0), first);
  EXPECT_GT(AuditTimeBound(patient, t0), AuditKey(patient, t0 - absl::Microseconds(1), 99));
  EXPECT_FALSE(later.rfind(AuditByPatientPrefix("p"), 0) == 0);

  std::optional<AuditKeyPosition> parsed = ParseAuditKey(patient, same_time_second);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->time, t0);
  EXPECT_EQ(parsed->seq, 7u);
  EXPECT_FALSE(ParseAuditKey(AuditByPrincipalPrefix("p1"), same_time_second).has_value());
  EXPECT_FALSE(ParseAuditKey(kAuditByTimePrefix, "T123").has_value());
}

}  // namespace
}  // namespace casehub::store
