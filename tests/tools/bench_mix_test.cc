// The bench's mix makes each operation exactly its weight's share of calls,
// interleaved, so even a short run calls every one.
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/bench/mix.h"

namespace casehub::bench {
namespace {

TEST(BenchMixTest, EqualWeightsCallEveryOperationInTheFirstRound) {
  absl::StatusOr<Mix> mix = Mix::Parse("register_patient=1,list_worklist=1,myelo_report=1");
  ASSERT_TRUE(mix.ok()) << mix.status();
  std::vector<int> first_round = {mix->Next(), mix->Next(), mix->Next()};
  EXPECT_THAT(first_round, ::testing::UnorderedElementsAre(0, 1, 2));
}

TEST(BenchMixTest, AnyRunOfTheTotalWeightMakesEachOperationItsWeight) {
  absl::StatusOr<Mix> mix = Mix::Parse("record_lab_result=5,list_worklist=2,myelo_report=0");
  ASSERT_TRUE(mix.ok()) << mix.status();
  ASSERT_EQ(mix->operations().size(), 2) << "a zero weight leaves the operation out";
  for (int round = 0; round < 3; ++round) {
    std::map<int, int> calls;
    for (int i = 0; i < 7; ++i) ++calls[mix->Next()];
    EXPECT_EQ(calls[0], 5);
    EXPECT_EQ(calls[1], 2);
  }
}

}  // namespace
}  // namespace casehub::bench
