// The shipped rule tables load and say what clinical-rules.md says; broken
// tables are refused naming the file and the field.
#include "plugins/myelosuppression/rule_tables.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::HasSubstr;

TEST(RuleTablesTest, EmbeddedTablesLoad) {
  absl::StatusOr<RuleTables> tables = RuleTables::Parse(EmbeddedTables());
  ASSERT_TRUE(tables.ok()) << tables.status();
  EXPECT_EQ(tables->AnalyteIds(), "anc, wbc, platelets, hemoglobin");
  // §1: "Store the CTCAE version with every grade you compute."
  EXPECT_EQ(tables->grading_system(), "CTCAE v5.0");
}

struct Code {
  const char* loinc;
  const char* analyte;
  const char* source;
};

constexpr Code kCodes[] = {
    {"751-8", "anc", "§7 Codes, ANC, preferred 751-8"},
    {"26499-4", "anc", "§7 Codes, ANC, alternative 26499-4"},
    {"753-4", "anc", "§7 Codes, ANC, alternative 753-4 (manual count)"},
    {"6690-2", "wbc", "§7 Codes, WBC, preferred 6690-2"},
    {"26464-8", "wbc", "§7 Codes, WBC, alternative 26464-8"},
    {"777-3", "platelets", "§7 Codes, Platelets, preferred 777-3"},
    {"26515-7", "platelets", "§7 Codes, Platelets, alternative 26515-7"},
    {"718-7", "hemoglobin", "§7 Codes, Hemoglobin, 718-7"},
};

class LoincTest : public ::testing::TestWithParam<Code> {};

TEST_P(LoincTest, FindsTheAnalyteOfEachCode) {
  const Code& row = GetParam();
  SCOPED_TRACE(row.source);
  const AnalyteRules* found = EmbeddedRules().FindByLoinc(row.loinc);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->analyte.id(), row.analyte);
}

INSTANTIATE_TEST_SUITE_P(Section7, LoincTest, ::testing::ValuesIn(kCodes));

// §7 Codes: body temperature (8310-5) is not a blood count; neither is any
// code outside the table.
TEST(RuleTablesTest, OtherCodesAreNotAnalytes) {
  EXPECT_EQ(EmbeddedRules().FindByLoinc("8310-5"), nullptr);
  EXPECT_EQ(EmbeddedRules().FindByLoinc("2345-7"), nullptr);
  EXPECT_EQ(EmbeddedRules().FindByLoinc(""), nullptr);
}

struct AnalyteFacts {
  const char* id;
  const char* term;
  const char* meddra_code;
  const char* canonical_unit;
  double default_lln;
  const char* source;
};

constexpr AnalyteFacts kFacts[] = {
    {"anc", "Neutrophil count decreased", "10029354", "10*9/L", 2.0,
     "§1, Neutrophil count decreased (10029354); §1 notes: CACA LLN 2.0; §7 UCUM 10*9/L"},
    {"wbc", "White blood cell decreased", "", "10*9/L", 4.0,
     "§1, White blood cell decreased (no code given); §7 UCUM 10*9/L"},
    {"platelets", "Platelet count decreased", "10043554", "10*9/L", 100,
     "§1, Platelet count decreased (10043554); §7 UCUM 10*9/L"},
    {"hemoglobin", "Anemia", "10002034", "g/L", 110, "§1, Anemia, Hb g/L (10002034); §7 g/L"},
};

class AnalyteFactsTest : public ::testing::TestWithParam<AnalyteFacts> {};

TEST_P(AnalyteFactsTest, TermCodeUnitAndDefaultLln) {
  const AnalyteFacts& row = GetParam();
  SCOPED_TRACE(row.source);
  const AnalyteRules& rules = RulesOf(row.id);
  EXPECT_EQ(rules.grading.term(), row.term);
  EXPECT_EQ(rules.grading.meddra_code(), row.meddra_code);
  EXPECT_EQ(rules.analyte.canonical_unit(), row.canonical_unit);
  EXPECT_EQ(rules.analyte.default_lln(), row.default_lln);
}

INSTANTIATE_TEST_SUITE_P(Section1, AnalyteFactsTest, ::testing::ValuesIn(kFacts));

// A small, valid set of tables; each refusal below breaks one thing in it.
constexpr char kAnalytes[] = R"(
  analyte { id: "anc" symbol: "ANC" loinc_codes: "751-8" canonical_unit: "10*9/L"
            units { unit: "10*9/L" numerator: 1 denominator: 1 }
            default_lln: 2 plausible_max: 100 })";
constexpr char kGrading[] = R"(
  grading_system: "CTCAE v5.0"
  rule { analyte: "anc" term: "Neutrophil count decreased"
         band { grade: 1 lower: 1.5 } band { grade: 2 lower: 1.0 upper: 1.5 }
         band { grade: 3 upper: 1.0 } })";
constexpr char kCritical[] = R"(
  critical { analyte: "anc" below: 1.0 }
  acknowledge_within_minutes: 15 escalate_to: ROLE_PHYSICIAN)";

// The embedded tables with these three in place of the shipped ones.
TableTexts LabTables(absl::string_view analytes, absl::string_view grading,
                     absl::string_view critical) {
  TableTexts texts = EmbeddedTables();
  texts.analytes = analytes;
  texts.ctcae_v5 = grading;
  texts.critical_values = critical;
  return texts;
}

TEST(RuleTablesTest, TheSmallTablesOfTheRefusalsBelowLoad) {
  absl::StatusOr<RuleTables> tables = RuleTables::Parse(LabTables(kAnalytes, kGrading, kCritical));
  ASSERT_TRUE(tables.ok()) << tables.status();
  EXPECT_NE(tables->FindByLoinc("751-8"), nullptr);
}

struct BrokenTable {
  std::string analytes;
  std::string grading;
  std::string critical;
  std::string message;
};

BrokenTable BrokenAnalytes(std::string analytes, std::string message) {
  return {std::move(analytes), kGrading, kCritical, std::move(message)};
}
BrokenTable BrokenGrading(std::string grading, std::string message) {
  return {kAnalytes, std::move(grading), kCritical, std::move(message)};
}
BrokenTable BrokenCritical(std::string critical, std::string message) {
  return {kAnalytes, kGrading, std::move(critical), std::move(message)};
}

// The valid analytes table plus a second analyte.
std::string WithSecondAnalyte(absl::string_view id, absl::string_view loinc_code) {
  return absl::StrCat(kAnalytes, R"( analyte { id: ")", id, R"(" symbol: "X" loinc_codes: ")",
                      loinc_code, R"(" canonical_unit: "g/L"
                      units { unit: "g/L" numerator: 1 denominator: 1 }
                      default_lln: 2 plausible_max: 100 })");
}

// A grading table whose one rule has these bands.
std::string WithBands(absl::string_view bands) {
  return absl::StrCat(R"(grading_system: "CTCAE v5.0" rule { analyte: "anc" term: "T" )", bands,
                      " }");
}

constexpr char kAnc[] = R"(id: "anc" symbol: "ANC" loinc_codes: "751-8" canonical_unit: "10*9/L")";

// Each row breaks one shape rule of myelosuppression_tables.proto (the
// comments there) that grading and the critical-value checks rely on; no
// clinical row is involved.
std::vector<BrokenTable> BrokenTables() {
  return {
      BrokenAnalytes("analyte { id: ", "analytes.textproto:1:"),
      BrokenAnalytes(R"(analyte { symbol: "ANC" loinc_codes: "751-8" })",
                     "analytes.textproto: analyte[0].id: '' must be non-empty and unique"),
      BrokenAnalytes(WithSecondAnalyte("anc", "718-7"),
                     "analytes.textproto: analyte[1].id: 'anc' must be non-empty and unique"),
      BrokenAnalytes(WithSecondAnalyte("hb", "751-8"),
                     "analytes.textproto: analyte[1].loinc_codes: '751-8' is already a code "
                     "of anc"),
      BrokenAnalytes(R"(analyte { id: "anc" loinc_codes: "751-8" })",
                     "analytes.textproto: analyte[0].symbol: is required"),
      BrokenAnalytes(R"(analyte { id: "anc" symbol: "ANC" })",
                     "analytes.textproto: analyte[0].loinc_codes: needs at least one code"),
      BrokenAnalytes(absl::StrCat("analyte { ", kAnc,
                                  R"( units { unit: "10*9/L" numerator: 1 denominator: 0 } })"),
                     "analytes.textproto: analyte[0].units[0]: numerator and denominator must "
                     "be numbers > 0"),
      BrokenAnalytes(absl::StrCat("analyte { ", kAnc,
                                  R"( units { unit: "/uL" numerator: 1 denominator: 1000 } })"),
                     "analytes.textproto: analyte[0].canonical_unit: '10*9/L' must be listed in "
                     "units with a factor of 1"),
      BrokenAnalytes(absl::StrCat("analyte { ", kAnc,
                                  R"( units { unit: "10*9/L" numerator: 1 denominator: 1 }
                                      plausible_max: 100 })"),
                     "analytes.textproto: analyte[0].default_lln: must be a number > 0"),
      BrokenAnalytes(absl::StrCat("analyte { ", kAnc,
                                  R"( units { unit: "10*9/L" numerator: 1 denominator: 1 }
                                      default_lln: 2 plausible_max: 2 })"),
                     "analytes.textproto: analyte[0].plausible_max: must exceed default_lln"),

      BrokenGrading("rule {", "ctcae_v5.textproto:1:"),
      BrokenGrading(R"(rule { analyte: "anc" term: "T" band { grade: 1 } })",
                    "ctcae_v5.textproto: grading_system: is required"),
      BrokenGrading(R"(grading_system: "CTCAE v5.0" rule { analyte: "neutrophils" })",
                    "ctcae_v5.textproto: rule[0].analyte: 'neutrophils' is not an analyte "
                    "(known: anc)"),
      BrokenGrading(absl::StrCat(kGrading,
                                 R"( rule { analyte: "anc" term: "T" band { grade: 1 } })"),
                    "ctcae_v5.textproto: rule[1].analyte: 'anc' already has a rule"),
      {WithSecondAnalyte("hb", "718-7"), kGrading, kCritical,
       "ctcae_v5.textproto: no rule grades 'hb'"},
      BrokenGrading(R"(grading_system: "CTCAE v5.0" rule { analyte: "anc" band { grade: 1 } })",
                    "ctcae_v5.textproto: rule[0].term: is required"),
      BrokenGrading(WithBands(""), "ctcae_v5.textproto: rule[0]: needs at least one band"),
      BrokenGrading(WithBands("band { grade: 1 lower: 1.5 } band { grade: 3 upper: 1.5 }"),
                    "ctcae_v5.textproto: rule[0].band[1].grade: must be 2"),
      BrokenGrading(WithBands("band { grade: 1 lower: 1.5 upper: 2 } band { grade: 2 upper: 1.5 }"),
                    "ctcae_v5.textproto: rule[0].band[0].upper: must be unset: grade 1 ends at "
                    "the LLN"),
      BrokenGrading(WithBands("band { grade: 1 lower: 1.5 } band { grade: 2 upper: 1.4 }"),
                    "ctcae_v5.textproto: rule[0].band[1].upper: must equal the lower bound of "
                    "the band before"),
      BrokenGrading(WithBands("band { grade: 1 lower: 1.5 } band { grade: 2 lower: 1 upper: 1.5 }"),
                    "ctcae_v5.textproto: rule[0].band[1].lower: must be unset: the most severe "
                    "band has no lower bound"),
      BrokenGrading(WithBands("band { grade: 1 lower: 1.5 } band { grade: 2 upper: 1.5 } "
                              "band { grade: 3 upper: 1.0 }"),
                    "ctcae_v5.textproto: rule[0].band[1].lower: is required on every band but "
                    "the last"),
      BrokenGrading(WithBands("band { grade: 1 lower: 1.5 } "
                              "band { grade: 2 lower: 1.5 upper: 1.5 } "
                              "band { grade: 3 upper: 1.5 }"),
                    "ctcae_v5.textproto: rule[0].band[1].lower: must be below upper"),

      BrokenCritical("critical {", "critical_values.textproto:1:"),
      BrokenCritical(R"(critical { analyte: "neutrophils" below: 1 }
                        acknowledge_within_minutes: 15 escalate_to: ROLE_PHYSICIAN)",
                     "critical_values.textproto: critical[0].analyte: 'neutrophils' is not an "
                     "analyte (known: anc)"),
      BrokenCritical(R"(critical { analyte: "anc" below: 1 }
                        acknowledge_within_minutes: 0 escalate_to: ROLE_PHYSICIAN)",
                     "critical_values.textproto: acknowledge_within_minutes: must be > 0, got 0"),
      BrokenCritical(R"(site_id: "jc-hub" critical { analyte: "anc" below: 1 }
                        acknowledge_within_minutes: 15 escalate_to: ROLE_PHYSICIAN)",
                     "critical_values.textproto: site_id: must be unset"),
      BrokenCritical(R"(critical { analyte: "anc" below: 1 } escalate_to: ROLE_PHYSICIAN)",
                     "critical_values.textproto: acknowledge_within_minutes: is required"),
      BrokenCritical(R"(critical { analyte: "anc" below: 1 } acknowledge_within_minutes: 15)",
                     "critical_values.textproto: escalate_to: is required"),
      BrokenCritical(R"(critical { analyte: "anc" below: 50 above: 10 }
                        acknowledge_within_minutes: 15 escalate_to: ROLE_PHYSICIAN)",
                     "critical_values.textproto: anc below 50 must be less than above 10"),
  };
}

class BrokenTableTest : public ::testing::TestWithParam<BrokenTable> {};

TEST_P(BrokenTableTest, IsRefusedNamingFileAndField) {
  const BrokenTable& row = GetParam();
  absl::StatusOr<RuleTables> tables =
      RuleTables::Parse(LabTables(row.analytes, row.grading, row.critical));
  ASSERT_EQ(tables.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(tables.status().message()), HasSubstr(row.message));
}

INSTANTIATE_TEST_SUITE_P(Tables, BrokenTableTest, ::testing::ValuesIn(BrokenTables()));

}  // namespace
}  // namespace casehub::myelosuppression
