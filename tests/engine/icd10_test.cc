#include "services/engine/icd10.h"

#include "gtest/gtest.h"

namespace casehub::engine {
namespace {

v1::Icd10Range Range(const char* first, const char* last) {
  v1::Icd10Range range;
  range.set_first(first);
  range.set_last(last);
  return range;
}

TEST(Icd10Test, WellFormedCodes) {
  EXPECT_TRUE(IsWellFormedIcd10("C34"));
  EXPECT_TRUE(IsWellFormedIcd10("C34.1"));
  EXPECT_TRUE(IsWellFormedIcd10("c34.1"));
  EXPECT_TRUE(IsWellFormedIcd10("C34.900x001"));  // national clinical edition
  EXPECT_FALSE(IsWellFormedIcd10("C3"));
  EXPECT_FALSE(IsWellFormedIcd10("34.1"));
  EXPECT_FALSE(IsWellFormedIcd10("C34."));
  EXPECT_FALSE(IsWellFormedIcd10("C341"));
  EXPECT_FALSE(IsWellFormedIcd10("C34.1-2"));
}

// clinical-rules.md §7, ICD-10 ranges, lung row: C34 with all subcodes, C33.
TEST(Icd10Test, CategoryRangeClaimsEverySubcode) {
  v1::Icd10Range lung = Range("C33", "C34");
  EXPECT_TRUE(RangeContains(lung, "C33"));
  EXPECT_TRUE(RangeContains(lung, "C34.0"));
  EXPECT_TRUE(RangeContains(lung, "c34.9"));
  EXPECT_TRUE(RangeContains(lung, "C34.900x001"));
  EXPECT_FALSE(RangeContains(lung, "C32.9"));
  EXPECT_FALSE(RangeContains(lung, "C35"));
  EXPECT_FALSE(RangeContains(lung, "C50.1"));
}

// Lung row: D02.2 (CIS of bronchus and lung) only, not the rest of D02.
TEST(Icd10Test, SubcodeRangeClaimsOnlyThatSubcode) {
  v1::Icd10Range cis = Range("D02.2", "D02.2");
  EXPECT_TRUE(RangeContains(cis, "D02.2"));
  EXPECT_TRUE(RangeContains(cis, "D02.20"));
  EXPECT_FALSE(RangeContains(cis, "D02"));
  EXPECT_FALSE(RangeContains(cis, "D02.1"));
  EXPECT_FALSE(RangeContains(cis, "D02.3"));
}

TEST(Icd10Test, Overlap) {
  EXPECT_TRUE(RangesOverlap(Range("C33", "C34"), Range("C34.1", "C34.1")));
  EXPECT_TRUE(RangesOverlap(Range("C34.1", "C34.1"), Range("C33", "C34")));
  EXPECT_TRUE(RangesOverlap(Range("C50", "C50"), Range("C40", "C55")));
  EXPECT_FALSE(RangesOverlap(Range("C33", "C34"), Range("C50", "C50")));
  EXPECT_FALSE(RangesOverlap(Range("C53", "C58"), Range("C50", "C50")));
  EXPECT_FALSE(RangesOverlap(Range("D02.2", "D02.2"), Range("D02.3", "D02.3")));
}

}  // namespace
}  // namespace casehub::engine
