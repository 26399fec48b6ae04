// CTCAE v5.0 grading against the shipped ctcae_v5 and analytes tables:
// every grade boundary, the rule text, and the LLN taken from the result.
#include "plugins/myelosuppression/grading.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"

namespace casehub::myelosuppression {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// One bound of the grading table: values just below it get grade_below;
// the bound itself and values just above it get grade_at.
struct Bound {
  const char* analyte;
  double bound;
  int grade_below;
  int grade_at;
  const char* source;
};

// Bounds from clinical-rules.md §1, with the default LLN of analytes.textproto.
constexpr Bound kBounds[] = {
    {"anc", 2.0, 1, 0, "§1 notes: value >= LLN is grade 0; LLN 2.0 per CACA 2019"},
    {"anc", 1.5, 2, 1, "§1, Neutrophil count decreased, G1 <LLN–1.5 / G2 <1.5–1.0"},
    {"anc", 1.0, 3, 2, "§1, Neutrophil count decreased, G2 <1.5–1.0 / G3 <1.0–0.5"},
    {"anc", 0.5, 4, 3, "§1, Neutrophil count decreased, G3 <1.0–0.5 / G4 <0.5"},
    {"wbc", 4.0, 1, 0, "§1 notes: value >= LLN is grade 0; default WBC LLN 4.0"},
    {"wbc", 3.0, 2, 1, "§1, White blood cell decreased, G1 <LLN–3.0 / G2 <3.0–2.0"},
    {"wbc", 2.0, 3, 2, "§1, White blood cell decreased, G2 <3.0–2.0 / G3 <2.0–1.0"},
    {"wbc", 1.0, 4, 3, "§1, White blood cell decreased, G3 <2.0–1.0 / G4 <1.0"},
    {"platelets", 100, 1, 0, "§1 notes: value >= LLN is grade 0; default PLT LLN 100"},
    {"platelets", 75, 2, 1, "§1, Platelet count decreased, G1 <LLN–75 / G2 <75–50"},
    {"platelets", 50, 3, 2, "§1, Platelet count decreased, G2 <75–50 / G3 <50–25"},
    {"platelets", 25, 4, 3, "§1, Platelet count decreased, G3 <50–25 / G4 <25"},
    {"hemoglobin", 110, 1, 0, "§1 notes: value >= LLN is grade 0; default Hb LLN 110"},
    {"hemoglobin", 100, 2, 1, "§1, Anemia, G1 <LLN–100 / G2 <100–80"},
    {"hemoglobin", 80, 3, 2, "§1, Anemia, G2 <100–80 / G3 <80"},
};

class GradeBoundaryTest : public ::testing::TestWithParam<Bound> {};

TEST_P(GradeBoundaryTest, JustBelowAtAndJustAboveTheBound) {
  const Bound& row = GetParam();
  SCOPED_TRACE(row.source);
  const AnalyteRules& rules = RulesOf(row.analyte);
  const double lln = rules.analyte.default_lln();
  EXPECT_EQ(GradeValue(rules, std::nextafter(row.bound, -kInfinity), lln).grade, row.grade_below);
  EXPECT_EQ(GradeValue(rules, row.bound, lln).grade, row.grade_at);
  EXPECT_EQ(GradeValue(rules, std::nextafter(row.bound, kInfinity), lln).grade, row.grade_at);
}

INSTANTIATE_TEST_SUITE_P(CtcaeV5, GradeBoundaryTest, ::testing::ValuesIn(kBounds),
                         [](const ::testing::TestParamInfo<Bound>& info) {
                           return std::string(info.param.analyte) + "_bound" +
                                  std::to_string(info.index);
                         });

// clinical-rules.md §1, Anemia, G4: "no numeric cut-off" — no value, however
// low, is graded 4; G3 <80 has no lower bound.
TEST(GradingTest, HemoglobinIsNeverGradedFourFromAValue) {
  const AnalyteRules& hb = RulesOf("hemoglobin");
  for (double value : {79.0, 40.0, 1.0, 0.0}) {
    EXPECT_EQ(GradeValue(hb, value, 110).grade, 3) << value;
  }
}

// clinical-rules.md §1: G4 of each count has no lower bound, down to zero.
TEST(GradingTest, ZeroIsTheMostSevereNumericGrade) {
  EXPECT_EQ(GradeValue(RulesOf("anc"), 0, 2.0).grade, 4);    // §1, Neutrophil, G4 <0.5
  EXPECT_EQ(GradeValue(RulesOf("wbc"), 0, 4.0).grade, 4);    // §1, White blood cell, G4 <1.0
  EXPECT_EQ(GradeValue(RulesOf("platelets"), 0, 100).grade, 4);  // §1, Platelet, G4 <25
}

struct RuleText {
  const char* analyte;
  double value;
  const char* rule;
  const char* source;
};

constexpr RuleText kRuleTexts[] = {
    {"anc", 2.5, "G0: ANC >= 2.0 (LLN)", "§1 notes: value >= LLN is grade 0"},
    {"anc", 1.7, "G1: 1.5 <= ANC < 2.0 (LLN)", "§1, Neutrophil count decreased, G1 <LLN–1.5"},
    {"anc", 1.2, "G2: 1.0 <= ANC < 1.5", "§1, Neutrophil count decreased, G2 <1.5–1.0"},
    {"anc", 0.7, "G3: 0.5 <= ANC < 1.0", "§1, Neutrophil count decreased, G3 <1.0–0.5"},
    {"anc", 0.2, "G4: ANC < 0.5", "§1, Neutrophil count decreased, G4 <0.5"},
    {"wbc", 0.9, "G4: WBC < 1.0", "§1, White blood cell decreased, G4 <1.0"},
    {"platelets", 60, "G2: 50 <= PLT < 75", "§1, Platelet count decreased, G2 <75–50"},
    {"hemoglobin", 105, "G1: 100 <= Hb < 110 (LLN)", "§1, Anemia, G1 <LLN–100"},
    {"hemoglobin", 70, "G3: Hb < 80", "§1, Anemia, G3 <80"},
};

class RuleTextTest : public ::testing::TestWithParam<RuleText> {};

TEST_P(RuleTextTest, NamesTheBandInWords) {
  const RuleText& row = GetParam();
  SCOPED_TRACE(row.source);
  const AnalyteRules& rules = RulesOf(row.analyte);
  EXPECT_EQ(GradeValue(rules, row.value, rules.analyte.default_lln()).rule, row.rule);
}

INSTANTIATE_TEST_SUITE_P(CtcaeV5, RuleTextTest, ::testing::ValuesIn(kRuleTexts));

v1::LabResult Result(double value, const char* unit) {
  v1::LabResult result;
  result.set_value(value);
  result.set_unit(unit);
  return result;
}

v1::LabResult Result(double value, const char* unit, double reference_low) {
  v1::LabResult result = Result(value, unit);
  result.set_reference_low(reference_low);
  return result;
}

// clinical-rules.md §1 notes: "the upper bound for G1 is the lab's LLN, so
// take LLN from the result's reference range".
TEST(GradeLabResultTest, TakesTheLlnFromTheResultsReferenceLow) {
  const AnalyteRules& anc = RulesOf("anc");
  auto graded = GradeLabResult(EmbeddedRules(), anc, Result(1.79, "10*9/L", 1.8));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->grade(), 1);
  EXPECT_EQ(graded->rule(), "G1: 1.5 <= ANC < 1.8 (LLN)");

  graded = GradeLabResult(EmbeddedRules(), anc, Result(1.8, "10*9/L", 1.8));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->grade(), 0);

  // 2.2 is grade 0 against the default LLN 2.0, grade 1 against the lab's 2.5.
  graded = GradeLabResult(EmbeddedRules(), anc, Result(2.2, "10*9/L", 2.5));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->grade(), 1);
}

// clinical-rules.md §1 notes (LLN from the reference range) with the
// preamble's units: the reference_low is in the result's unit.
TEST(GradeLabResultTest, ConvertsTheReferenceLowWithTheValue) {
  auto graded = GradeLabResult(EmbeddedRules(), RulesOf("anc"), Result(1790, "/uL", 1800));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->value(), 1.79);
  EXPECT_EQ(graded->grade(), 1);
  EXPECT_EQ(graded->rule(), "G1: 1.5 <= ANC < 1.8 (LLN)");

  // §1, Anemia, G1 <LLN–100, with a male LLN of 13.0 g/dL = 130 g/L.
  graded = GradeLabResult(EmbeddedRules(), RulesOf("hemoglobin"), Result(12.0, "g/dL", 13.0));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->value(), 120);
  EXPECT_EQ(graded->grade(), 1);
}

// clinical-rules.md §1 notes: "A value >= LLN is grade 0" holds even when a
// lab's LLN lies below the G1 bound; below the LLN the bands apply as written
// (G2 <1.5–1.0).
TEST(GradeLabResultTest, AnLlnBelowTheGradeOneBoundStillMakesGradeZero) {
  auto graded = GradeLabResult(EmbeddedRules(), RulesOf("anc"), Result(1.3, "10*9/L", 1.2));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->grade(), 0);
  graded = GradeLabResult(EmbeddedRules(), RulesOf("anc"), Result(1.1, "10*9/L", 1.2));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->grade(), 2);
}

// clinical-rules.md §1 notes: without a reference range, the default LLN
// (analytes.textproto, ANC 2.0 after CACA 2019); the version is stored with
// every grade.
TEST(GradeLabResultTest, FillsTheGradedEventFromTheTables) {
  auto graded = GradeLabResult(EmbeddedRules(), RulesOf("anc"), Result(1900, "cells/uL"));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->analyte(), "anc");
  EXPECT_EQ(graded->value(), 1.9);
  EXPECT_EQ(graded->unit(), "10*9/L");
  EXPECT_EQ(graded->grade(), 1);
  EXPECT_EQ(graded->grading_system(), "CTCAE v5.0");
  EXPECT_EQ(graded->term(), "Neutrophil count decreased");
  EXPECT_EQ(graded->rule(), "G1: 1.5 <= ANC < 2.0 (LLN)");
  EXPECT_EQ(graded->lab_event_seq(), 0u);
}

// The hub keeps each chemotherapy cycle's worst ANC grade (ChemoCycle.
// worst_anc_grade, the input of §2.4's secondary prophylaxis): the grade
// carries the result's case and observation time.
TEST(GradeLabResultTest, CarriesTheResultsCaseAndObservationTime) {
  v1::LabResult result = Result(0.4, "10*9/L");
  result.set_case_id("p0000000000ab-c2");
  result.mutable_observed_at()->set_seconds(1000000000);
  auto graded = GradeLabResult(EmbeddedRules(), RulesOf("anc"), result);
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->grade(), 4);
  EXPECT_EQ(graded->case_id(), "p0000000000ab-c2");
  EXPECT_EQ(graded->observed_at().seconds(), 1000000000);

  // Neither set on the result: neither set on the grade.
  graded = GradeLabResult(EmbeddedRules(), RulesOf("anc"), Result(0.4, "10*9/L"));
  ASSERT_TRUE(graded.ok()) << graded.status();
  EXPECT_EQ(graded->case_id(), "");
  EXPECT_FALSE(graded->has_observed_at());
}

// clinical-rules.md §7 Codes: Hb in g/L; a count unit is not one of Hb's.
TEST(GradeLabResultTest, RefusesAUnitTheAnalyteDoesNotHave) {
  auto graded = GradeLabResult(EmbeddedRules(), RulesOf("hemoglobin"), Result(9, "/uL"));
  EXPECT_EQ(graded.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace casehub::myelosuppression
