// IndexMap reads like the std::map it replaced: keys in order, each key's
// last value set.
#include "services/engine/index_map.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace casehub::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(IndexMapTest, SealedEntriesAreInKeyOrderWithEachKeysLastValue) {
  IndexMap entries;
  entries.Set("b", "first b");
  entries.Set("a", "a");
  entries.Set("c", "c");
  entries.Set("b", "second b");
  entries.Set("b", "third b");
  entries.Seal();
  EXPECT_THAT(std::vector<IndexMap::Entry>(entries.begin(), entries.end()),
              ElementsAre(Pair("a", "a"), Pair("b", "third b"), Pair("c", "c")));
  EXPECT_EQ(entries.size(), 3);
  entries.Seal();  // again: nothing changes
  EXPECT_EQ(entries.size(), 3);
}

TEST(IndexMapTest, ContainsAKeyOnlyWhenItIsThere) {
  const IndexMap entries{{"worklist/b", "task b"}, {"worklist/a", "task a"}, {"due/a", ""}};
  EXPECT_THAT(
      std::vector<IndexMap::Entry>(entries.begin(), entries.end()),
      ElementsAre(Pair("due/a", ""), Pair("worklist/a", "task a"), Pair("worklist/b", "task b")));
  EXPECT_TRUE(entries.contains("worklist/a"));
  EXPECT_TRUE(entries.contains("worklist/b"));
  EXPECT_TRUE(entries.contains("due/a"));
  EXPECT_FALSE(entries.contains("worklist/"));
  EXPECT_FALSE(entries.contains("worklist/c"));
  EXPECT_FALSE(entries.contains(""));
  EXPECT_FALSE(IndexMap().contains("due/a"));
  EXPECT_TRUE(IndexMap().empty());
}

}  // namespace
}  // namespace casehub::engine
