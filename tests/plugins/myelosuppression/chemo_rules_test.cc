// The chemotherapy tables as shipped say what clinical-rules.md §2.2, §2.3
// and §5 say; broken tables and bad settings are refused naming the file or
// the field; the regimen_file joins the catalogue.
#include "plugins/myelosuppression/chemo_rules.h"

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"
#include "tests/support/temp_dir.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ChemoRulesTest, EmbeddedTablesLoadWithTheirDefaults) {
  absl::StatusOr<ChemoRules> rules = ChemoRules::Parse(EmbeddedTables(), "", EmbeddedRules());
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->assessment_valid_days(), 7);  // settings_defaults.textproto
  // §5 Nadir window: "e.g., D7±1 and D10–14".
  EXPECT_EQ(rules->nadir().first_draw_margin_days(), 1);
  EXPECT_EQ(rules->nadir().second_draw_offset_days(), 3);
  // §5 "CBC with differential": the counts.
  EXPECT_THAT(rules->nadir().cbc_analytes(), ElementsAre("anc", "wbc", "platelets"));
}

struct CatalogueRow {
  const char* id;
  const char* tumor_type;
  v1::FnRiskLevel category;
  int cycle_days;  // 0: unset
  const char* row;
};

constexpr v1::FnRiskLevel kHigh = v1::FN_RISK_LEVEL_HIGH;
constexpr v1::FnRiskLevel kIntermediate = v1::FN_RISK_LEVEL_INTERMEDIATE;
constexpr v1::FnRiskLevel kLow = v1::FN_RISK_LEVEL_LOW;

// Every regimen of §2.2, row by row.
constexpr CatalogueRow kCatalogue[] = {
    {"breast.ddac_t", "breast", kHigh, 14, "§2.2 Breast, Dose-dense AC → paclitaxel: High ✔ [V]"},
    {"breast.tac", "breast", kHigh, 21, "§2.2 Breast, TAC: High ✔ [V]"},
    {"breast.docetaxel_trastuzumab", "breast", kHigh, 21,
     "§2.2 Breast, Docetaxel + trastuzumab: High ✔ [V]"},
    {"breast.tc", "breast", kHigh, 21, "§2.2 Breast, TC: High [U]"},
    {"breast.tch", "breast", kHigh, 21, "§2.2 Breast, TCH/TCHP: High [U]"},
    {"breast.tchp", "breast", kHigh, 21, "§2.2 Breast, TCH/TCHP: High [U]"},
    {"breast.docetaxel_q21d", "breast", kIntermediate, 21,
     "§2.2 Breast, Docetaxel q21d: Intermediate ✔ [V]"},
    {"breast.cmf", "breast", kIntermediate, 28, "§2.2 Breast, CMF classic: Intermediate ✔ [V]"},
    {"breast.ac_docetaxel", "breast", kIntermediate, 21,
     "§2.2 Breast, AC → docetaxel: Intermediate [U]"},
    {"breast.ac_paclitaxel_q21d", "breast", kIntermediate, 21,
     "§2.2 Breast, AC → paclitaxel q21d: Intermediate [U]"},
    {"breast.fec_t", "breast", kIntermediate, 21, "§2.2 Breast, FEC → T: Intermediate [U]"},
    {"breast.paclitaxel_q21d", "breast", kIntermediate, 21,
     "§2.2 Breast, paclitaxel q21d: Intermediate [U]"},
    {"gastric.dcf", "gastric", kHigh, 21, "§2.2 Gastric, DCF: High ✔ [V]"},
    {"gastric.irinotecan_cisplatin", "gastric", kIntermediate, 0,
     "§2.2 Gastric, Irinotecan + cisplatin: Intermediate [U]"},
    {"gastric.ecf", "gastric", kIntermediate, 21, "§2.2 Gastric, ECF / ECX: Intermediate [U]"},
    {"gastric.ecx", "gastric", kIntermediate, 21, "§2.2 Gastric, ECF / ECX: Intermediate [U]"},
    {"gastric.folfox", "gastric", kIntermediate, 14,
     "§2.2 Gastric/GI, FOLFOX: Intermediate (listed under colorectal) ✔ [V]"},
    {"gastric.capox", "gastric", kLow, 21, "§2.2 Gastric, CAPOX/XELOX: Usually low / not listed"},
    {"gastric.sox", "gastric", kLow, 21, "§2.2 Gastric, SOX: Usually low / not listed"},
    {"lung.topotecan", "lung", kHigh, 21, "§2.2 Lung (SCLC), Topotecan: High [U]"},
    {"lung.ep", "lung", kIntermediate, 21,
     "§2.2 Lung (SCLC), Etoposide + carboplatin: Intermediate [U]"},
    {"lung.cisplatin_paclitaxel", "lung", kIntermediate, 21,
     "§2.2 Lung (NSCLC), Cisplatin + paclitaxel: Intermediate [U]"},
    {"lung.cisplatin_vinorelbine", "lung", kIntermediate, 0,
     "§2.2 Lung (NSCLC), Cisplatin + vinorelbine: Intermediate [U]"},
    {"lung.cisplatin_docetaxel", "lung", kIntermediate, 21,
     "§2.2 Lung (NSCLC), Cisplatin + docetaxel: Intermediate [U]"},
    {"lung.cisplatin_etoposide", "lung", kIntermediate, 0,
     "§2.2 Lung (NSCLC), Cisplatin + etoposide: Intermediate [U]"},
    {"lung.carboplatin_paclitaxel", "lung", kIntermediate, 21,
     "§2.2 Lung (NSCLC), carboplatin + paclitaxel: Intermediate [U]"},
    {"lung.docetaxel", "lung", kIntermediate, 21,
     "§2.2 Lung (NSCLC), docetaxel single agent: Intermediate [U]"},
    {"lung.pemetrexed_platinum", "lung", kLow, 21,
     "§2.2 Lung (NSCLC), Pemetrexed-platinum doublets: Usually low / not listed"},
    {"lung.gemcitabine_platinum", "lung", kLow, 21,
     "§2.2 Lung (NSCLC), gemcitabine-platinum doublets: Usually low / not listed"},
    {"gyn.topotecan_ovarian", "gynecologic", kHigh, 21, "§2.2 Gyn (ovarian), Topotecan: High [U]"},
    {"gyn.docetaxel_ovarian", "gynecologic", kHigh, 21, "§2.2 Gyn (ovarian), docetaxel: High [U]"},
    {"gyn.carboplatin_docetaxel", "gynecologic", kIntermediate, 21,
     "§2.2 Gyn (ovarian), Carboplatin + docetaxel: Intermediate [U]"},
    {"gyn.cisplatin_topotecan", "gynecologic", kIntermediate, 21,
     "§2.2 Gyn (cervical), Cisplatin + topotecan: Intermediate [U]"},
    {"gyn.paclitaxel_cisplatin", "gynecologic", kIntermediate, 21,
     "§2.2 Gyn (cervical), paclitaxel + cisplatin: Intermediate [U]"},
    {"gyn.topotecan_cervical", "gynecologic", kIntermediate, 21,
     "§2.2 Gyn (cervical), topotecan: Intermediate [U]"},
    {"gyn.irinotecan", "gynecologic", kIntermediate, 0,
     "§2.2 Gyn (cervical), irinotecan: Intermediate [U]"},
    {"gyn.docetaxel_uterine_sarcoma", "gynecologic", kIntermediate, 21,
     "§2.2 Gyn (uterine sarcoma), Docetaxel: Intermediate [U]"},
    {"gyn.carboplatin_paclitaxel_q3w", "gynecologic", kIntermediate, 21,
     "§2.2 Gyn (ovarian/endometrial), Carboplatin + paclitaxel q3w: Low–intermediate → "
     "INTERMEDIATE (regimens.textproto says why)"},
};

class CatalogueTest : public ::testing::TestWithParam<CatalogueRow> {};

TEST_P(CatalogueTest, HoldsTheRegimenWithItsCategory) {
  const CatalogueRow& row = GetParam();
  SCOPED_TRACE(row.row);
  const Regimen* regimen = EmbeddedChemoRules().regimens().Find(row.id);
  ASSERT_NE(regimen, nullptr);
  EXPECT_THAT(regimen->tumor_types(), ElementsAre(row.tumor_type));
  EXPECT_EQ(regimen->fn_category(), row.category);
  EXPECT_EQ(regimen->source(), "clinical-rules.md §2.2");
  EXPECT_EQ(regimen->has_cycle_days(), row.cycle_days != 0);
  EXPECT_EQ(regimen->cycle_days(), row.cycle_days);
  // §5: "The ANC nadir usually falls on days 7–14".
  EXPECT_EQ(regimen->nadir().first_day(), 7);
  EXPECT_EQ(regimen->nadir().last_day(), 14);
}

INSTANTIATE_TEST_SUITE_P(Section2_2, CatalogueTest, ::testing::ValuesIn(kCatalogue));

// §2.2 and nothing else: each tumor type lists exactly the rows above.
TEST(ChemoRulesTest, EachTumorTypeHasExactlyTheRegimensOfSection2_2) {
  for (const char* tumor_type : {"breast", "gastric", "lung", "gynecologic"}) {
    std::vector<std::string> ids;
    for (const CatalogueRow& row : kCatalogue) {
      if (absl::string_view(row.tumor_type) == tumor_type) ids.push_back(row.id);
    }
    EXPECT_EQ(EmbeddedChemoRules().regimens().IdsFor(tumor_type), absl::StrJoin(ids, ", "))
        << tumor_type;
  }
  EXPECT_EQ(EmbeddedChemoRules().regimens().IdsFor("colorectal"), "none");
}

// §2.3: every suggested rule key, in the table's order; only prior_FN is
// "grounds for secondary prophylaxis"; §2.4's dose-limiting neutropenia is
// an ANC of grade 4.
TEST(ChemoRulesTest, TheFormAsksEveryFactorOfSection2_3) {
  const RiskFactorTable& table = EmbeddedChemoRules().risk_factors();
  std::vector<std::string> keys;
  std::vector<std::string> secondary;
  for (const RiskFactor& factor : table.factor()) {
    keys.push_back(factor.key());
    if (factor.secondary_prophylaxis()) secondary.push_back(factor.key());
    EXPECT_THAT(factor.source(), HasSubstr("clinical-rules.md §2.3")) << factor.key();
    EXPECT_FALSE(factor.question().empty()) << factor.key();
  }
  EXPECT_THAT(
      keys,
      ElementsAre("age_gt_65_full_dose", "prior_chemo_or_rt", "persistent_neutropenia",
                  "bone_marrow_involvement", "recent_surgery_open_wound", "liver_dysfunction",
                  "renal_dysfunction", "prior_FN", "poor_ps_or_nutrition", "advanced_disease",
                  "active_infection", "cardiovascular_disease", "multiple_comorbidities", "HIV"));
  EXPECT_THAT(secondary, ElementsAre("prior_FN"));
  EXPECT_EQ(table.secondary_prophylaxis_anc_grade(), 4);
}

// A small valid regimen, to break one field at a time.
constexpr char kRegimen[] = R"(
  regimen { id: "lung.x" name: "X" tumor_types: "lung" fn_category: FN_RISK_LEVEL_LOW
            source: "s" cycle_days: 21 nadir { first_day: 7 last_day: 14 } })";

std::string RegimenWith(absl::string_view fields) {
  return absl::StrCat(R"(regimen { id: "lung.x" name: "X" tumor_types: "lung" source: "s" )",
                      fields, " }");
}

struct BrokenChemoTable {
  absl::string_view TableTexts::*file;  // the table replaced
  std::string text;
  std::string message;
};

// Each row breaks one shape rule of myelosuppression_tables.proto that the
// rules rely on; no clinical row is involved.
std::vector<BrokenChemoTable> BrokenChemoTables() {
  constexpr char kNadir[] = "nadir { first_day: 7 last_day: 14 }";
  const std::string low = absl::StrCat("fn_category: FN_RISK_LEVEL_LOW ", kNadir);
  return {
      {&TableTexts::regimens, "regimen {", "regimens.textproto:1:"},
      {&TableTexts::regimens, "", "regimens.textproto: holds no regimen"},
      {&TableTexts::regimens, R"(regimen { name: "X" })",
       "regimens.textproto: regimen[0].id: '' must be non-empty and unique"},
      {&TableTexts::regimens, absl::StrCat(kRegimen, kRegimen),
       "regimens.textproto: regimen[1].id: 'lung.x' must be non-empty and unique"},
      {&TableTexts::regimens, R"(regimen { id: "lung.x" })",
       "regimens.textproto: regimen[0].name: is required"},
      {&TableTexts::regimens, R"(regimen { id: "lung.x" name: "X" })",
       "regimens.textproto: regimen[0].tumor_types: needs at least one tumor type"},
      {&TableTexts::regimens, R"(regimen { id: "lung.x" name: "X" tumor_types: "" })",
       "regimens.textproto: regimen[0].tumor_types: may not hold an empty tumor type"},
      {&TableTexts::regimens, RegimenWith(kNadir),
       "regimens.textproto: regimen[0].fn_category: must be FN_RISK_LEVEL_LOW, "
       "FN_RISK_LEVEL_INTERMEDIATE or FN_RISK_LEVEL_HIGH"},
      {&TableTexts::regimens,
       R"(regimen { id: "lung.x" name: "X" tumor_types: "lung" fn_category: FN_RISK_LEVEL_LOW })",
       "regimens.textproto: regimen[0].source: is required"},
      {&TableTexts::regimens, RegimenWith(absl::StrCat(low, " cycle_days: 0")),
       "regimens.textproto: regimen[0].cycle_days: must be > 0, got 0"},
      {&TableTexts::regimens,
       RegimenWith("fn_category: FN_RISK_LEVEL_LOW nadir { first_day: 1 last_day: 14 }"),
       "regimens.textproto: regimen[0].nadir.first_day: must be more than 1"},
      {&TableTexts::regimens, RegimenWith("fn_category: FN_RISK_LEVEL_LOW"),
       "regimens.textproto: regimen[0].nadir.first_day: must be more than 1"},
      {&TableTexts::regimens,
       RegimenWith("fn_category: FN_RISK_LEVEL_LOW nadir { first_day: 7 last_day: 9 }"),
       "regimens.textproto: regimen[0].nadir.last_day: must be at least first_day + 3"},
      {&TableTexts::regimens, RegimenWith(absl::StrCat(low, " cycle_days: 12")),
       "regimens.textproto: regimen[0].nadir.last_day: must be within the cycle (cycle_days 12)"},

      {&TableTexts::risk_factors, "factor {", "risk_factors.textproto:1:"},
      {&TableTexts::risk_factors, "secondary_prophylaxis_anc_grade: 4",
       "risk_factors.textproto: holds no factor"},
      {&TableTexts::risk_factors, R"(factor { question: "Q" source: "s" })",
       "risk_factors.textproto: factor[0].key: is required"},
      {&TableTexts::risk_factors,
       R"(factor { key: "HIV" question: "Q" source: "s" }
          factor { key: "HIV" question: "Q" source: "s" })",
       "risk_factors.textproto: factor[1].key: 'HIV' appears twice"},
      {&TableTexts::risk_factors, R"(factor { key: "HIV" source: "s" })",
       "risk_factors.textproto: factor[0].question: is required"},
      {&TableTexts::risk_factors, R"(factor { key: "HIV" question: "Q" })",
       "risk_factors.textproto: factor[0].source: is required"},
      {&TableTexts::risk_factors, R"(factor { key: "HIV" question: "Q" source: "s" })",
       "risk_factors.textproto: secondary_prophylaxis_anc_grade: must be a CTCAE grade from 1 "
       "to 4, got 0"},
      {&TableTexts::risk_factors,
       R"(factor { key: "HIV" question: "Q" source: "s" } secondary_prophylaxis_anc_grade: 5)",
       "risk_factors.textproto: secondary_prophylaxis_anc_grade: must be a CTCAE grade from 1 "
       "to 4, got 5"},

      {&TableTexts::nadir_monitoring, "cbc_analytes: [", "nadir_monitoring.textproto:1:"},
      {&TableTexts::nadir_monitoring,
       R"(first_draw_margin_days: -1 second_draw_offset_days: 3 cbc_analytes: "anc")",
       "nadir_monitoring.textproto: first_draw_margin_days: must be >= 0, got -1"},
      {&TableTexts::nadir_monitoring,
       R"(first_draw_margin_days: 1 second_draw_offset_days: 1 cbc_analytes: "anc")",
       "nadir_monitoring.textproto: second_draw_offset_days: must exceed "
       "first_draw_margin_days"},
      {&TableTexts::nadir_monitoring, "first_draw_margin_days: 1 second_draw_offset_days: 3",
       "nadir_monitoring.textproto: cbc_analytes: needs at least one analyte"},
      {&TableTexts::nadir_monitoring,
       R"(first_draw_margin_days: 1 second_draw_offset_days: 3 cbc_analytes: "neutrophils")",
       "nadir_monitoring.textproto: cbc_analytes: 'neutrophils' is not an analyte (known: anc, "
       "wbc, platelets, hemoglobin)"},

      {&TableTexts::settings_defaults, "assessment_valid_days: x",
       "settings_defaults.textproto:1:"},
      {&TableTexts::settings_defaults, "",
       "settings_defaults.textproto: assessment_valid_days: is required"},
      {&TableTexts::settings_defaults, "assessment_valid_days: 0",
       "settings_defaults.textproto: assessment_valid_days: must be > 0, got 0"},
      {&TableTexts::settings_defaults, R"(assessment_valid_days: 7 site { site_id: "a" })",
       "settings_defaults.textproto: site: must be unset"},
      {&TableTexts::settings_defaults, R"(assessment_valid_days: 7 regimen_file: "/r.textproto")",
       "settings_defaults.textproto: regimen_file: must be unset"},
  };
}

class BrokenChemoTableTest : public ::testing::TestWithParam<BrokenChemoTable> {};

TEST_P(BrokenChemoTableTest, IsRefusedNamingFileAndField) {
  const BrokenChemoTable& row = GetParam();
  TableTexts texts = EmbeddedTables();
  texts.*row.file = row.text;
  absl::StatusOr<ChemoRules> rules = ChemoRules::Parse(texts, "", EmbeddedRules());
  ASSERT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument) << row.text;
  EXPECT_THAT(std::string(rules.status().message()), HasSubstr(row.message));
}

INSTANTIATE_TEST_SUITE_P(Tables, BrokenChemoTableTest, ::testing::ValuesIn(BrokenChemoTables()));

// A file of `text` in a fresh directory, removed with it.
class RegimenFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, absl::string_view text) {
    const std::string path = dir_.Sub(name);
    FILE* file = std::fopen(path.c_str(), "wb");
    EXPECT_NE(file, nullptr) << path;
    if (file == nullptr) return path;
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
    return path;
  }

  static absl::StatusOr<ChemoRules> WithSettings(const std::string& settings) {
    return ChemoRules::Parse(EmbeddedTables(), settings, EmbeddedRules());
  }

  casehub::testing::TempDir dir_;
};

// settings_defaults.textproto: 7 unless the settings say otherwise.
TEST_F(RegimenFileTest, AssessmentValidDaysComesFromTheSettings) {
  absl::StatusOr<ChemoRules> rules = WithSettings("assessment_valid_days: 3");
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->assessment_valid_days(), 3);
}

// The catalogue is loadable: a new regimen joins its tumor type's list; one
// with a built-in id replaces it where it stood.
TEST_F(RegimenFileTest, AddsRegimensAndReplacesOnesWithTheSameId) {
  const std::string path = Write("regimens.textproto", R"(
    regimen { id: "lung.etoposide_cisplatin_q28d" name: "Etoposide + cisplatin q28d"
              tumor_types: "lung" fn_category: FN_RISK_LEVEL_INTERMEDIATE
              source: "center protocol 2024-07" cycle_days: 28
              nadir { first_day: 8 last_day: 16 } }
    regimen { id: "lung.topotecan" name: "Topotecan weekly" tumor_types: "lung"
              fn_category: FN_RISK_LEVEL_INTERMEDIATE source: "center protocol 2024-07"
              nadir { first_day: 7 last_day: 14 } })");
  absl::StatusOr<ChemoRules> rules = WithSettings(absl::StrCat(R"(regimen_file: ")", path, R"(")"));
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Regimen* added = rules->regimens().Find("lung.etoposide_cisplatin_q28d");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->nadir().first_day(), 8);
  const Regimen* replaced = rules->regimens().Find("lung.topotecan");
  ASSERT_NE(replaced, nullptr);
  EXPECT_EQ(replaced->name(), "Topotecan weekly");
  EXPECT_EQ(replaced->fn_category(), v1::FN_RISK_LEVEL_INTERMEDIATE);
  EXPECT_EQ(rules->regimens().IdsFor("lung"),
            "lung.topotecan, lung.ep, lung.cisplatin_paclitaxel, lung.cisplatin_vinorelbine, "
            "lung.cisplatin_docetaxel, lung.cisplatin_etoposide, lung.carboplatin_paclitaxel, "
            "lung.docetaxel, lung.pemetrexed_platinum, lung.gemcitabine_platinum, "
            "lung.etoposide_cisplatin_q28d");
  // The other tumor types keep theirs.
  EXPECT_NE(rules->regimens().Find("breast.tac"), nullptr);
}

TEST_F(RegimenFileTest, BadSettingsAreRefusedNamingTheField) {
  const std::string broken = Write("broken.textproto", "regimen { id: ");
  const std::string empty = Write("empty.textproto", "");
  const std::string bad_row = Write("bad_row.textproto", R"(
    regimen { id: "lung.x" name: "X" tumor_types: "lung" source: "s"
              nadir { first_day: 7 last_day: 14 } })");
  const std::string twice = Write("twice.textproto", absl::StrCat(kRegimen, kRegimen));
  const std::string missing = dir_.Sub("missing.textproto");
  const struct {
    std::string settings;
    std::string message;
  } refusals[] = {
      {"assessment_valid_days: 0", "assessment_valid_days: must be > 0, got 0"},
      {"assessment_valid_days: -7", "assessment_valid_days: must be > 0, got -7"},
      {absl::StrCat(R"(regimen_file: ")", missing, R"(")"),
       absl::StrCat("regimen_file: cannot read '", missing, "': No such file or directory")},
      {absl::StrCat(R"(regimen_file: ")", dir_.path(), R"(")"),
       absl::StrCat("regimen_file: cannot read '", dir_.path(), "': Is a directory")},
      {absl::StrCat(R"(regimen_file: ")", broken, R"(")"),
       absl::StrCat("regimen_file: ", broken, ":1:")},
      {absl::StrCat(R"(regimen_file: ")", empty, R"(")"),
       absl::StrCat("regimen_file: ", empty, ": holds no regimen")},
      {absl::StrCat(R"(regimen_file: ")", bad_row, R"(")"),
       absl::StrCat("regimen_file: ", bad_row, ": regimen[0].fn_category: must be")},
      {absl::StrCat(R"(regimen_file: ")", twice, R"(")"),
       absl::StrCat("regimen_file: ", twice,
                    ": regimen[1].id: 'lung.x' must be non-empty and "
                    "unique")},
      {"assessment_days: 7",
       "settings:1:16: Message type \"casehub.myelosuppression.Settings\" has no field named "
       "\"assessment_days\"."},
  };
  for (const auto& refusal : refusals) {
    absl::StatusOr<ChemoRules> rules = WithSettings(refusal.settings);
    ASSERT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument) << refusal.settings;
    EXPECT_THAT(std::string(rules.status().message()), HasSubstr(refusal.message));
  }
}

}  // namespace
}  // namespace casehub::myelosuppression
