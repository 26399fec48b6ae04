// Validate's rule for a blood count: an accepted unit and a plausible value
// (the analytes table's plausible_max, in the canonical unit).
#include "plugins/myelosuppression/lab_result_check.h"

#include <cmath>
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::HasSubstr;

v1::LabResult Result(double value, const char* unit) {
  v1::LabResult result;
  result.set_value(value);
  result.set_unit(unit);
  return result;
}

struct Plausibility {
  const char* analyte;
  const char* unit;
  double at_most;
  const char* source;
};

// analytes.textproto plausible_max (ANC 100, WBC 500, PLT 5000, Hb 300), in
// the canonical unit and in a converted one (preamble: 1000/uL = 1x10^9/L;
// 10 g/dL = 100 g/L).
constexpr Plausibility kPlausibility[] = {
    {"anc", "10*9/L", 100, "analytes.textproto, anc plausible_max 100"},
    {"anc", "/uL", 100000, "analytes.textproto, anc plausible_max 100; preamble 1000/uL"},
    {"wbc", "10*9/L", 500, "analytes.textproto, wbc plausible_max 500"},
    {"wbc", "/mm3", 500000, "analytes.textproto, wbc plausible_max 500; preamble 1000/mm3"},
    {"platelets", "10*9/L", 5000, "analytes.textproto, platelets plausible_max 5000"},
    {"platelets", "/uL", 5000000, "analytes.textproto, platelets plausible_max 5000"},
    {"hemoglobin", "g/L", 300, "analytes.textproto, hemoglobin plausible_max 300"},
    {"hemoglobin", "g/dL", 30, "analytes.textproto, hemoglobin plausible_max 300; 10 g/dL"},
};

class PlausibilityTest : public ::testing::TestWithParam<Plausibility> {};

TEST_P(PlausibilityTest, AcceptsTheMaximumAndRefusesAnythingAbove) {
  const Plausibility& row = GetParam();
  SCOPED_TRACE(row.source);
  const Analyte& analyte = RulesOf(row.analyte).analyte;
  EXPECT_TRUE(CheckLabResult(analyte, Result(0, row.unit)).ok());
  EXPECT_TRUE(CheckLabResult(analyte, Result(row.at_most, row.unit)).ok());
  absl::Status refused = CheckLabResult(
      analyte, Result(std::nextafter(row.at_most, std::numeric_limits<double>::infinity()),
                      row.unit));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("result.value: "));
}

INSTANTIATE_TEST_SUITE_P(Analytes, PlausibilityTest, ::testing::ValuesIn(kPlausibility));

// analytes.textproto, anc plausible_max 100: the refusal names the field,
// the value as given and the limit in the canonical unit.
TEST(LabResultCheckTest, ImplausibleValueMessageNamesValueAndLimit) {
  absl::Status refused = CheckLabResult(RulesOf("anc").analyte, Result(150000, "/uL"));
  EXPECT_EQ(refused.message(),
            "result.value: 150000 /uL is not a plausible ANC (at most 100.0 10*9/L)");
  refused = CheckLabResult(RulesOf("hemoglobin").analyte, Result(35, "g/dL"));
  EXPECT_EQ(refused.message(),
            "result.value: 35 g/dL is not a plausible Hb (at most 300 g/L)");
}

// §7 Codes, ANC: UCUM 10*9/L; a mass concentration is not an ANC.
TEST(LabResultCheckTest, UnknownUnitIsRefusedNamingResultUnit) {
  absl::Status refused = CheckLabResult(RulesOf("anc").analyte, Result(1.2, "g/L"));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()),
              HasSubstr("result.unit: 'g/L' is not a unit of ANC (accepted: 10*9/L, "));
}

}  // namespace
}  // namespace casehub::myelosuppression
