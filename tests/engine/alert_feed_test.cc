// The alert feed: cursors in commit order, durable, per site, delivered live.
#include "services/engine/alert_feed.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::engine {
namespace {

v1::AlertUpdate UpdateFor(const std::string& site, const std::string& alert_id) {
  v1::AlertUpdate update;
  update.mutable_alert()->set_site_id(site);
  update.mutable_alert()->set_id(alert_id);
  return update;
}

class AlertFeedTest : public ::testing::Test {
 protected:
  void Open() {
    feed_.reset();
    store_.reset();
    store_ = *store::Store::Open({.path = dir_.Sub("data")});
    feed_ = *AlertFeed::Open(store_.get());
  }
  void SetUp() override { Open(); }

  void Commit(std::vector<v1::AlertUpdate> updates) {
    store::WriteBatch batch = store_->NewBatch();
    ASSERT_TRUE(feed_->CommitWith(batch, std::move(updates)).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AlertFeed> feed_;
};

TEST_F(AlertFeedTest, CursorsFollowCommitOrderAndSurviveReopen) {
  Commit({UpdateFor("hub", "a1"), UpdateFor("county", "a2")});
  Commit({UpdateFor("hub", "a3")});
  Open();
  Commit({UpdateFor("hub", "a4")});

  auto hub = feed_->ReadAfter("hub", 0, 100, 100);
  ASSERT_TRUE(hub.ok());
  ASSERT_EQ(hub->size(), 3u);
  EXPECT_EQ((*hub)[0].cursor(), "1");
  EXPECT_EQ((*hub)[1].cursor(), "3");
  EXPECT_EQ((*hub)[2].cursor(), "4") << "numbering continues after a reopen";
  EXPECT_EQ((*hub)[2].alert().id(), "a4");

  auto after_first = feed_->ReadAfter("hub", 1, 100, 100);
  ASSERT_EQ(after_first->size(), 2u);
  EXPECT_EQ((*after_first)[0].alert().id(), "a3");
  auto bounded = feed_->ReadAfter("hub", 0, 3, 100);
  EXPECT_EQ(bounded->size(), 2u) << "up_to_cursor is inclusive and bounds the read";
  EXPECT_EQ(feed_->ReadAfter("county", 0, 100, 100)->size(), 1u);
  EXPECT_EQ(feed_->ReadAfter("hub", 0, 100, 1)->size(), 1u) << "limit";
}

TEST_F(AlertFeedTest, SubscribersSeeEveryCommittedUpdateInOrderUntilUnsubscribed) {
  Commit({UpdateFor("hub", "before")});
  std::vector<std::string> seen;
  AlertFeed::Subscription subscription =
      feed_->Subscribe([&](const v1::AlertUpdate& update) { seen.push_back(update.cursor()); });
  EXPECT_EQ(subscription.last_cursor, 1u);
  Commit({UpdateFor("hub", "a"), UpdateFor("county", "b")});
  Commit({UpdateFor("hub", "c")});
  feed_->Unsubscribe(subscription.handle);
  Commit({UpdateFor("hub", "after")});
  EXPECT_EQ(seen, (std::vector<std::string>{"2", "3", "4"}));
}

// Commits on several threads share fsyncs; subscribers still get every
// cursor once, in order, and numbering resumes above all of them.
TEST_F(AlertFeedTest, ConcurrentCommitsAreHandedOverInCursorOrder) {
  constexpr int kThreads = 4;
  constexpr int kCommitsEach = 40;
  std::vector<uint64_t> seen;
  AlertFeed::Subscription subscription = feed_->Subscribe([&](const v1::AlertUpdate& update) {
    seen.push_back(*ParseCursor(update.cursor()));
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCommitsEach; ++i) {
        // One or two updates per commit, at two sites.
        std::vector<v1::AlertUpdate> updates = {UpdateFor("hub", absl::StrCat(t, "-", i))};
        if (i % 3 == 0) updates.push_back(UpdateFor("county", absl::StrCat(t, "-", i, "b")));
        store::WriteBatch batch = store_->NewBatch();
        EXPECT_TRUE(feed_->CommitWith(batch, std::move(updates)).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  feed_->Unsubscribe(subscription.handle);

  const uint64_t total = kThreads * (kCommitsEach + (kCommitsEach + 2) / 3);
  ASSERT_EQ(seen.size(), total);
  for (uint64_t i = 0; i < total; ++i) EXPECT_EQ(seen[i], i + 1) << "at " << i;
  EXPECT_EQ(feed_->ReadAfter("hub", 0, total, 1000)->size() +
                feed_->ReadAfter("county", 0, total, 1000)->size(),
            total);

  Open();
  EXPECT_EQ(feed_->Subscribe([](const v1::AlertUpdate&) {}).last_cursor, total);
  Commit({UpdateFor("hub", "after")});
  auto last = feed_->ReadAfter("hub", total, total + 1, 10);
  ASSERT_EQ(last->size(), 1u);
  EXPECT_EQ((*last)[0].cursor(), FormatCursor(total + 1));
}

TEST_F(AlertFeedTest, CursorText) {
  EXPECT_EQ(*ParseCursor(""), 0u);
  EXPECT_EQ(*ParseCursor("42"), 42u);
  EXPECT_EQ(ParseCursor("4x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FormatCursor(7), "7");
}

}  // namespace
}  // namespace casehub::engine
