// Every unit of the shipped analytes table and its conversion to the
// canonical unit, and the refusal of any other unit.
#include "plugins/myelosuppression/units.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::HasSubstr;

struct Conversion {
  const char* analyte;
  const char* unit;
  double value;
  double canonical;
  const char* source;
};

// The preamble of clinical-rules.md: 1.0×10^9/L = 1000/mm³ = 1000/µL; 10 g/dL
// = 100 g/L. §7 Codes: UCUM 10*9/L (or 10*3/uL) for counts, g/L for Hb. The
// values are grade bounds, so a conversion off by one ulp would show.
constexpr char kCounts[] = "preamble: 1.0x10^9/L = 1000/mm3 = 1000/uL; §7 UCUM 10*9/L, 10*3/uL";
constexpr char kHb[] = "preamble: 10 g/dL = 100 g/L; §7 Hemoglobin, UCUM g/L";
constexpr Conversion kConversions[] = {
    {"anc", "10*9/L", 1.5, 1.5, kCounts},
    {"anc", "10^9/L", 1.5, 1.5, kCounts},
    {"anc", "x10^9/L", 1.5, 1.5, kCounts},
    {"anc", "10*3/uL", 1.5, 1.5, kCounts},
    {"anc", "10^3/uL", 1.5, 1.5, kCounts},
    {"anc", "/uL", 1500, 1.5, kCounts},
    {"anc", "cells/uL", 1500, 1.5, kCounts},
    {"anc", "/mm3", 1500, 1.5, kCounts},
    {"anc", "/µL", 1500, 1.5, kCounts},
    {"wbc", "10*9/L", 3.0, 3.0, kCounts},
    {"wbc", "10^9/L", 3.0, 3.0, kCounts},
    {"wbc", "x10^9/L", 3.0, 3.0, kCounts},
    {"wbc", "10*3/uL", 3.0, 3.0, kCounts},
    {"wbc", "10^3/uL", 3.0, 3.0, kCounts},
    {"wbc", "/uL", 3000, 3.0, kCounts},
    {"wbc", "cells/uL", 3000, 3.0, kCounts},
    {"wbc", "/mm3", 3000, 3.0, kCounts},
    {"wbc", "/µL", 3000, 3.0, kCounts},
    {"platelets", "10*9/L", 75, 75, kCounts},
    {"platelets", "10^9/L", 75, 75, kCounts},
    {"platelets", "x10^9/L", 75, 75, kCounts},
    {"platelets", "10*3/uL", 75, 75, kCounts},
    {"platelets", "10^3/uL", 75, 75, kCounts},
    {"platelets", "/uL", 75000, 75, kCounts},
    {"platelets", "cells/uL", 75000, 75, kCounts},
    {"platelets", "/mm3", 75000, 75, kCounts},
    {"platelets", "/µL", 75000, 75, kCounts},
    {"hemoglobin", "g/L", 80, 80, kHb},
    {"hemoglobin", "g/dL", 8.0, 80, kHb},
};

class UnitConversionTest : public ::testing::TestWithParam<Conversion> {};

TEST_P(UnitConversionTest, ConvertsToTheCanonicalUnitExactly) {
  const Conversion& row = GetParam();
  SCOPED_TRACE(row.source);
  const Analyte& analyte = RulesOf(row.analyte).analyte;
  absl::StatusOr<const UnitConversion*> unit = FindUnit(analyte, row.unit);
  ASSERT_TRUE(unit.ok()) << unit.status();
  EXPECT_EQ(ToCanonical(**unit, row.value), row.canonical);
}

INSTANTIATE_TEST_SUITE_P(Analytes, UnitConversionTest, ::testing::ValuesIn(kConversions));

// The analytes table has exactly the units listed above: nine per count,
// two for Hb (a unit added to the table needs a row here).
TEST(UnitsTest, TheTableListsExactlyTheTestedUnits) {
  EXPECT_EQ(RulesOf("anc").analyte.units_size(), 9);
  EXPECT_EQ(RulesOf("wbc").analyte.units_size(), 9);
  EXPECT_EQ(RulesOf("platelets").analyte.units_size(), 9);
  EXPECT_EQ(RulesOf("hemoglobin").analyte.units_size(), 2);
}

// §7 Codes: ANC's unit is 10*9/L, Hb's g/L; neither takes the other's.
TEST(UnitsTest, RefusesAnotherAnalytesUnitListingTheAcceptedOnes) {
  absl::StatusOr<const UnitConversion*> unit = FindUnit(RulesOf("anc").analyte, "g/L");
  ASSERT_EQ(unit.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unit.status().message(),
            "'g/L' is not a unit of ANC (accepted: 10*9/L, 10^9/L, x10^9/L, 10*3/uL, "
            "10^3/uL, /uL, cells/uL, /mm3, /µL)");

  unit = FindUnit(RulesOf("hemoglobin").analyte, "10*9/L");
  ASSERT_EQ(unit.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(unit.status().message()),
              HasSubstr("'10*9/L' is not a unit of Hb (accepted: g/L, g/dL)"));
}

// §7 Codes: UCUM units are case-sensitive ("10*9/L"); near misses are refused
// rather than guessed.
TEST(UnitsTest, MatchesUnitsExactly) {
  for (const char* unit : {"10*9/l", "G/L", " 10*9/L", "mmol/L", ""}) {
    EXPECT_FALSE(FindUnit(RulesOf("anc").analyte, unit).ok()) << unit;
  }
}

}  // namespace
}  // namespace casehub::myelosuppression
