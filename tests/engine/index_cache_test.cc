// IndexCache remembers a patient's index entries for one version only, and
// the engine's use of it never lets the index drift from the states, even
// when another engine writes the same patient in between.
#include "services/engine/index_cache.h"

#include "gtest/gtest.h"
#include "services/engine/verify.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

std::shared_ptr<const IndexMap> Entries(const std::string& key) {
  return std::make_shared<const IndexMap>(IndexMap{{key, "value"}});
}

TEST(IndexCacheTest, FindsEntriesForTheVersionRememberedOnly) {
  IndexCache cache(4);
  EXPECT_EQ(cache.Find("p1", 3), nullptr);
  const auto entries = Entries("a");
  cache.Remember("p1", 3, entries);
  EXPECT_EQ(cache.Find("p1", 3), entries);
  EXPECT_EQ(cache.Find("p1", 2), nullptr);
  EXPECT_EQ(cache.Find("p1", 4), nullptr);
  EXPECT_EQ(cache.Find("p2", 3), nullptr);
}

TEST(IndexCacheTest, ALaterVersionReplacesTheEarlier) {
  IndexCache cache(4);
  cache.Remember("p1", 3, Entries("a"));
  const auto later = Entries("b");
  cache.Remember("p1", 5, later);
  EXPECT_EQ(cache.Find("p1", 3), nullptr);
  EXPECT_EQ(cache.Find("p1", 5), later);
}

TEST(IndexCacheTest, ForgetsThePatientUsedLeastRecentlyWhenFull) {
  IndexCache cache(2);
  cache.Remember("p1", 1, Entries("a"));
  cache.Remember("p2", 1, Entries("b"));
  ASSERT_NE(cache.Find("p1", 1), nullptr);  // p1 is now the most recent
  cache.Remember("p3", 1, Entries("c"));
  EXPECT_NE(cache.Find("p1", 1), nullptr);
  EXPECT_EQ(cache.Find("p2", 1), nullptr);
  EXPECT_NE(cache.Find("p3", 1), nullptr);
}

TEST(IndexCacheTest, CapacityZeroRemembersNothing) {
  IndexCache cache(0);
  cache.Remember("p1", 1, Entries("a"));
  EXPECT_EQ(cache.Find("p1", 1), nullptr);
}

// Two engines on one store (as casehub-populate runs one per thread): each
// remembers the entries of its own last write, and the other's writes in
// between must not be diffed against them.
class IndexCacheEngineTest : public EngineFixture {
 protected:
  IndexCacheEngineTest()
      : EngineFixture({"libcasehub_lung.so", "libcasehub_myelosuppression.so"}) {}
};

TEST_F(IndexCacheEngineTest, WritesOfAnotherEngineInBetweenLeaveTheIndexExact) {
  Engine other(store_.get(), plugins_.get(), sites_.get(), alert_feed_.get(), &clock_);
  const std::string patient = NewPatient("r1");
  absl::StatusOr<v1::CommandOutcome> opened = engine_->Execute(OpenCase("r2", patient));
  ASSERT_TRUE(opened.ok()) << opened.status();
  // The other engine raises an alert (an open-alert entry and an escalation
  // entry), then this engine writes again: its remembered entries are of an
  // older version.
  ASSERT_TRUE(other.Execute(RecordAnc("r3", patient, 0.4)).ok());
  ASSERT_TRUE(engine_->Execute(RecordAnc("r4", patient, 2.5)).ok());
  ASSERT_TRUE(other.Execute(RecordAnc("r5", patient, 0.3)).ok());
  ASSERT_TRUE(engine_->Execute(RecordAnc("r6", patient, 0.2)).ok());

  absl::StatusOr<v1::VerifyResponse> verified = Verify(*store_, *plugins_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->problems_size(), 0) << verified->DebugString();
}

}  // namespace
}  // namespace casehub::engine
