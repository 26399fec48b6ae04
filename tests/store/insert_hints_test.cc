// The prefixes a family's memtable inserts are remembered under
// (insert_hints.h), cut from keys made the way the store makes them
// (keys.h), and the store opening its families with them.
#include "services/store/insert_hints.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/store/keys.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

std::string PrefixOf(Family family, const std::string& key) {
  const auto prefixes = InsertHintPrefixes(family);
  EXPECT_NE(prefixes, nullptr);
  EXPECT_TRUE(prefixes->InDomain(key));
  return prefixes->Transform(key).ToString();
}

TEST(InsertHintsTest, AnEventIsRememberedUnderItsPatient) {
  EXPECT_EQ(PrefixOf(Family::kEvents, EventKey("p-1", 7)), EventPrefix("p-1"));
  EXPECT_EQ(PrefixOf(Family::kEvents, EventKey("p-1", 8)), EventPrefix("p-1"));
  EXPECT_NE(PrefixOf(Family::kEvents, EventKey("p-10", 7)), EventPrefix("p-1"));
}

TEST(InsertHintsTest, AStateAndACounterAreRememberedUnderTheirWholeKey) {
  EXPECT_EQ(PrefixOf(Family::kState, StateKey("p-1")), StateKey("p-1"));
  const std::optional<std::string> counter = IndicatorCounterKey(
      IndicatorKey("fn_risk_assessed", "jc-hub", "2026-09-01", "lung", 'N', "p-1:item-1"), "");
  ASSERT_TRUE(counter.has_value());
  EXPECT_EQ(PrefixOf(Family::kCounters, *counter), *counter);
}

TEST(InsertHintsTest, AnAuditRecordIsRememberedUnderEachOfItsOrders) {
  const absl::Time time = absl::FromUnixSeconds(1'790'000'000);
  EXPECT_EQ(PrefixOf(Family::kAudit, AuditKey(kAuditByTimePrefix, time, 1)), kAuditByTimePrefix);
  EXPECT_EQ(PrefixOf(Family::kAudit, AuditKey(kAuditByTimePrefix, time + absl::Seconds(1), 2)),
            kAuditByTimePrefix);
  for (const std::string& order :
       {AuditByPatientPrefix("p-1"), AuditByPrincipalPrefix("nurse-1"), AuditBySitePrefix("jc-hub"),
        AuditEmergencyBySitePrefix("jc-hub")}) {
    EXPECT_EQ(PrefixOf(Family::kAudit, AuditKey(order, time, 3)), order);
  }
  // A time order key whose time holds a 0x00 byte is still the time order's.
  EXPECT_EQ(PrefixOf(Family::kAudit, AuditKey(kAuditByTimePrefix, absl::UnixEpoch(), 0)),
            kAuditByTimePrefix);
}

TEST(InsertHintsTest, AnAlertUpdateIsRememberedUnderItsSite) {
  EXPECT_EQ(PrefixOf(Family::kAlertFeed, AlertFeedKey("jc-hub", 5)),
            PrefixOf(Family::kAlertFeed, AlertFeedKey("jc-hub", 6)));
  EXPECT_TRUE(absl::StartsWith(AlertFeedKey("jc-hub", 5),
                               PrefixOf(Family::kAlertFeed, AlertFeedKey("jc-hub", 5))));
  EXPECT_NE(PrefixOf(Family::kAlertFeed, AlertFeedKey("jc-hub", 5)),
            PrefixOf(Family::kAlertFeed, AlertFeedKey("jc-hubx", 5)));
}

TEST(InsertHintsTest, AKeyWithoutItsSeparatorIsInsertedWithoutAHint) {
  EXPECT_FALSE(InsertHintPrefixes(Family::kEvents)->InDomain("no-separator"));
  EXPECT_FALSE(InsertHintPrefixes(Family::kAudit)->InDomain("Pno-separator"));
  EXPECT_FALSE(InsertHintPrefixes(Family::kState)->InDomain(""));
}

TEST(InsertHintsTest, FamiliesWrittenAllOverHaveNone) {
  EXPECT_EQ(InsertHintPrefixes(Family::kIndex), nullptr);
  EXPECT_EQ(InsertHintPrefixes(Family::kRequests), nullptr);
  EXPECT_EQ(InsertHintPrefixes(Family::kMeta), nullptr);
}

// RocksDB writes each family's options into the directory's OPTIONS file.
TEST(InsertHintsTest, TheStoreOpensItsFamiliesWithThem) {
  testing::TempDir dir;
  ASSERT_TRUE(Store::Open({.path = dir.path()}).ok());
  std::string options;
  for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
    if (!absl::StartsWith(file.path().filename().string(), "OPTIONS-")) continue;
    std::stringstream text;
    text << std::ifstream(file.path()).rdbuf();
    options = text.str();
  }
  ASSERT_FALSE(options.empty());
  for (const char* name : {"casehub.events.patient", "casehub.state.key", "casehub.counters.key",
                           "casehub.audit.order", "casehub.alert_feed.site"}) {
    EXPECT_TRUE(absl::StrContains(options, name)) << name;
  }
}

}  // namespace
}  // namespace casehub::store
