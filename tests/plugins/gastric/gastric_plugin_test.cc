// The gastric plugin through the real engine: routing by ICD-10
// (clinical-rules §7 "ICD-10 tumor ranges", Gastric row), the rules it adds
// to the whole-course pathway (the pathway itself, shared by the four tumor
// types, is in pathway_test.cc), TNM and marker validation with the AJCC 8th
// cross-field rules, the follow-up schedule (§8 surveillance, Gastric row) in
// both risk tiers, and the biomarker indicator.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/tumor_fixture.h"

namespace casehub::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kVisitKind[] = "gastric.follow_up";

// Stagings that agree with AJCC 8th stomach.
const FactList kStageIb = {  // pathological T2 N0 M0
    {"tnm_t", "T2"}, {"tnm_n", "N0"}, {"tnm_m", "M0"}, {"stage_group", "IB"}};
const FactList kStageIiia = {  // pathological T4a N2 M0
    {"tnm_t", "T4a"}, {"tnm_n", "N2"}, {"tnm_m", "M0"}, {"stage_group", "IIIA"}};
const FactList kStageIvb = {  // clinical, any M1
    {"tnm_t", "T3"}, {"tnm_n", "N1"}, {"tnm_m", "M1"}, {"stage_group", "IVB"}};
const FactList kStageIv = {  // pathological, any M1
    {"tnm_t", "T4a"}, {"tnm_n", "N3a"}, {"tnm_m", "M1"}, {"stage_group", "IV"}};

// `visits` rolling visits in a row, each opening `min_months` and falling due
// `max_months` after the previous one, with `phase` in the task title.
struct VisitGroup {
  int visits;
  int min_months;
  int max_months;
  const char* phase;
};

class GastricPluginTest : public TumorPluginFixture {
 protected:
  // A case in staging with the data every stage before treatment needs.
  std::string StagedCase(const FactList& staging,
                         const std::string& histology = "adenocarcinoma") {
    std::string c = NewCase("C16.3");
    EXPECT_TRUE(Record(c, {{"diagnosis_date", "2026-10-01"}, {"histology", histology}}).ok());
    EXPECT_TRUE(Stage(c, "staging").ok());
    EXPECT_TRUE(Record(c, staging).ok());
    EXPECT_TRUE(Record(c, {{"ecog", "1"}}).ok());
    return c;
  }

  // A case in curative-intent treatment, straight from staging.
  std::string Treated(const FactList& staging) {
    std::string c = StagedCase(staging);
    EXPECT_TRUE(Record(c, {{"treatment_plan", "surgery"}, {"treatment_intent", "curative"}}).ok());
    EXPECT_TRUE(Stage(c, "treatment").ok());
    return c;
  }

  std::string InFollowUp(const FactList& staging) {
    std::string c = Treated(staging);
    EXPECT_TRUE(Record(c, {{"treatment_end_date", "2026-11-01"}}).ok());
    EXPECT_TRUE(Stage(c, "follow_up").ok());
    return c;
  }

  // Checks each visit's window against `groups`, counted from the start of
  // follow-up, completing every visit on its due date.
  void WalkVisits(const std::string& c, const std::vector<VisitGroup>& groups) {
    absl::Time previous = At(CaseOf(c).stage_history().rbegin()->entered_at());
    size_t number = 0;
    for (const VisitGroup& group : groups) {
      for (int i = 0; i < group.visits; ++i) {
        ++number;
        std::vector<v1::Task> visits = TasksOf(c, kVisitKind);
        ASSERT_EQ(visits.size(), number);
        const v1::Task& open = visits.back();
        SCOPED_TRACE(absl::StrCat("visit ", number));
        EXPECT_EQ(At(open.window_start()), Months(previous, group.min_months));
        EXPECT_EQ(At(open.due_at()), Months(previous, group.max_months));
        EXPECT_THAT(open.title(), HasSubstr(group.phase));
        previous = At(open.due_at());
        clock_.Set(previous);
        ASSERT_TRUE(Complete(open.id()).ok());
      }
    }
  }
};

// §7 Gastric row: C16 (C16.0 cardia ... C16.9), both ends and extension
// digits. C15 (oesophagus) is not claimed (see the README), nor are the
// stomach's neighbours that no table row names.
TEST_F(GastricPluginTest, RoutesTheGastricCodesOfTheDomainTable) {
  for (const char* code : {"C16", "C16.0", "C16.9", "C16.90", "c16.3"}) {
    EXPECT_EQ(CaseOf(NewCase(code)).tumor_type(), "gastric") << code;
  }
  const std::string patient = NewPatient("routing-patient");
  for (const char* code : {"C15", "C15.2", "C15.9", "C17", "C17.0", "D00.2"}) {
    absl::Status status =
        engine_->Execute(OpenCase(absl::StrCat("open-", code), patient, code)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << code << " " << status;
    EXPECT_THAT(status.message(), HasSubstr("gastric (C16)")) << code;
  }
}

TEST_F(GastricPluginTest, MarkersAreValidatedAndNothingIsStoredOnRefusal) {
  std::string c = NewCase("C16.1");
  const int facts_before = CaseOf(c).facts_size();
  struct Bad {
    FactList facts;
    const char* names;
  };
  for (const Bad& bad : std::vector<Bad>{
           {{{"her2_ihc", "2"}}, "facts[0].value: her2_ihc must be one of 0, 1+, 2+, 3+"},
           {{{"her2_ihc", "positive"}}, "facts[0].value: her2_ihc"},
           {{{"her2_ihc", "2+"}, {"her2_ish", "equivocal"}}, "facts[1].value: her2_ish"},
           {{{"mmr", "deficient"}}, "facts[0].value: mmr must be one of pMMR, dMMR"},
           {{{"msi", "MSI-L"}}, "facts[0].value: msi must be one of MSS, MSI-H"},
           {{{"pdl1_cps", "101"}}, "facts[0].value: pdl1_cps must be within 0..100"},
           {{{"pdl1_cps", "-1"}}, "facts[0].value: pdl1_cps must be within 0..100"},
           {{{"pdl1_cps", "high"}}, "facts[0].value: pdl1_cps must be a number"},
           {{{"lauren_type", "signet_ring"}}, "facts[0].value: lauren_type"},
           {{{"histology", "squamous"}}, "facts[0].value: histology"},
           {{{"tnm_t", "T4"}}, "facts[0].value: tnm_t must be one of"},
           {{{"tnm_n", "N3"}}, "facts[0].value: tnm_n must be one of"},
           {{{"tnm_m", "M1a"}}, "facts[0].value: tnm_m must be one of M0, M1"},
           {{{"stage_group", "IIC"}}, "facts[0].value: stage_group must be one of"},
           {{{"her2_ihc", "3+"}, {"egfr", "l858r"}}, "facts[1].key: 'egfr' is not a field"},
           {{{"msi", "MSS"}, {"msi", "MSI-H"}}, "facts[1].key: 'msi' is given twice"},
       }) {
    absl::Status status = Record(c, bad.facts);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad.names << " " << status;
    EXPECT_THAT(status.message(), HasSubstr(bad.names));
  }
  EXPECT_EQ(CaseOf(c).facts_size(), facts_before);
  ASSERT_TRUE(Record(c, {{"her2_ihc", "2+"}, {"her2_ish", "amplified"}, {"mmr", "dMMR"},
                         {"msi", "MSI-H"}, {"pdl1_cps", "12"}, {"lauren_type", "intestinal"}})
                  .ok());
  v1::Case recorded = CaseOf(c);
  ASSERT_EQ(recorded.facts_size(), 7);  // and the risk tier the plugin derived
  EXPECT_EQ(FactOf(recorded, "her2_ish").value(), "amplified");
  EXPECT_EQ(FactOf(recorded, "pdl1_cps").value(), "12");
  EXPECT_EQ(FactOf(recorded, "mmr").recorded_by(), "clinician.jc-hub");
}

// AJCC 8th stomach: M1 is stage IV (pathological, post-neoadjuvant) or IVB
// (clinical); M0 is below IV, except clinical IVA, which is T4b M0.
TEST_F(GastricPluginTest, StageGroupAgreesWithMetastasesAndT4b) {
  std::string c = NewCase("C16.1");
  struct Contradiction {
    FactList facts;
    const char* names;
  };
  for (const Contradiction& bad : std::vector<Contradiction>{
           {{{"tnm_m", "M1"}, {"stage_group", "IIIC"}}, "stage_group IIIC contradicts tnm_m M1"},
           {{{"tnm_m", "M1"}, {"stage_group", "IVA"}}, "stage_group IVA contradicts tnm_m M1"},
           {{{"tnm_m", "M0"}, {"stage_group", "IVB"}}, "stage_group IVB contradicts tnm_m M0"},
           {{{"tnm_m", "M0"}, {"stage_group", "IV"}}, "stage_group IV contradicts tnm_m M0"},
           {{{"tnm_t", "T4a"}, {"tnm_m", "M0"}, {"stage_group", "IVA"}},
            "stage_group IVA contradicts tnm_t T4a"},
       }) {
    absl::Status status = Record(c, bad.facts);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad.names << " " << status;
    EXPECT_THAT(status.message(), HasSubstr(bad.names));
  }
  EXPECT_EQ(CaseOf(c).facts_size(), 0);

  ASSERT_TRUE(Record(c, {{"tnm_t", "T4b"}, {"tnm_n", "N1"}, {"tnm_m", "M0"},
                         {"stage_group", "IVA"}})
                  .ok());
  // Checked against what is already recorded: M1 alone contradicts IVA.
  EXPECT_THAT(Record(c, {{"tnm_m", "M1"}}).message(), HasSubstr("contradicts tnm_m M1"));
  ASSERT_TRUE(Record(c, {{"tnm_m", "M1"}, {"stage_group", "IVB"}}).ok());
  ASSERT_TRUE(Record(c, {{"stage_group", "IV"}}).ok());
  EXPECT_THAT(Record(c, {{"stage_group", "IIIC"}}).message(), HasSubstr("contradicts"));
  EXPECT_EQ(FactOf(CaseOf(c), "stage_group").value(), "IV");
}

// First-line treatment of metastatic adenocarcinoma depends on HER2
// (trastuzumab; IHC 2+ needs ISH) and MMR/MSI (immunotherapy).
TEST_F(GastricPluginTest, MetastaticAdenocarcinomaNeedsHer2AndMmrBeforeTreatment) {
  std::string c = StagedCase(kStageIvb);
  ASSERT_TRUE(Record(c, {{"treatment_plan", "chemotherapy"}, {"treatment_intent", "palliative"}})
                  .ok());
  absl::Status refused = Stage(c, "treatment");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("her2_ihc (or her2_ish)"));
  EXPECT_THAT(refused.message(), HasSubstr("mmr or msi"));

  ASSERT_TRUE(Record(c, {{"her2_ihc", "2+"}}).ok());
  refused = Stage(c, "treatment");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("her2_ish (HER2 IHC 2+ is equivocal)"));
  EXPECT_THAT(refused.message(), HasSubstr("mmr or msi"));

  ASSERT_TRUE(Record(c, {{"her2_ish", "not_amplified"}}).ok());
  refused = Stage(c, "treatment");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), Not(HasSubstr("her2")));
  EXPECT_THAT(refused.message(), HasSubstr("mmr or msi"));

  ASSERT_TRUE(Record(c, {{"msi", "MSS"}}).ok());
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

// IHC 0/1+/3+ settles HER2 without ISH, and MMR IHC stands in for MSI; the
// rule leaves non-metastatic and non-adenocarcinoma cases alone.
TEST_F(GastricPluginTest, TheMarkerRuleTakesEitherTestAndOnlyMetastaticAdenocarcinoma) {
  std::string settled = StagedCase(kStageIv);
  ASSERT_TRUE(Record(settled, {{"her2_ihc", "3+"}, {"mmr", "pMMR"}, {"treatment_plan", "targeted"},
                               {"treatment_intent", "palliative"}})
                  .ok());
  EXPECT_TRUE(Stage(settled, "treatment").ok());

  std::string other = StagedCase(kStageIvb, "other");
  ASSERT_TRUE(Record(other, {{"treatment_plan", "chemotherapy"},
                             {"treatment_intent", "palliative"}})
                  .ok());
  EXPECT_TRUE(Stage(other, "treatment").ok());

  EXPECT_EQ(CaseOf(Treated(kStageIiia)).stage(), "treatment");
}

// §8 Gastric row: every 3-6 months in years 1-2, every 6-12 months in years
// 3-5, then yearly. Stage IB is the standard tier: the row as it stands.
TEST_F(GastricPluginTest, StageOneFollowsTheGuidelineSchedule) {
  std::string c = InFollowUp(kStageIb);
  const v1::CaseFact tier = FactOf(CaseOf(c), "risk_tier");
  EXPECT_EQ(tier.value(), "standard");
  EXPECT_EQ(tier.recorded_by(), "plugin:gastric");
  EXPECT_THAT(TasksOf(c, kVisitKind).front().title(), HasSubstr("CSCO 2023"));
  // Due at months 6, 12, 18, 24; then 36, 48, 60; then yearly.
  WalkVisits(c, {{4, 3, 6, "months 0-24: every 3-6 months"},
                 {3, 6, 12, "months 24-60: every 6-12 months"},
                 {1, 12, 12, "from month 60: every 12-12 months"}});
}

// §8 Gastric row at the short end of each range: stage III is high tier.
TEST_F(GastricPluginTest, StageThreeIsHighTierWithTheShortEndOfEachInterval) {
  std::string c = InFollowUp(kStageIiia);
  const v1::CaseFact tier = FactOf(CaseOf(c), "risk_tier");
  EXPECT_EQ(tier.value(), "high");
  EXPECT_EQ(tier.recorded_by(), "plugin:gastric");
  EXPECT_THAT(TasksOf(c, kVisitKind).front().title(), HasSubstr("high risk"));
  // Due at months 3, 6, ..., 24; then 30, 36, ..., 60; then yearly.
  WalkVisits(c, {{8, 3, 3, "months 0-24: every 3-3 months"},
                 {6, 6, 6, "months 24-60: every 6-6 months"},
                 {1, 12, 12, "from month 60: every 12-12 months"}});
}

TEST_F(GastricPluginTest, TheTierFollowsTheStageUnlessAPersonChoseIt) {
  std::string c = StagedCase(kStageIb);
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "standard");
  ASSERT_TRUE(Record(c, kStageIiia).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "high");
  ASSERT_TRUE(Record(c, kStageIb).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "standard");
  ASSERT_TRUE(Record(c, {{"risk_tier", "high"}}).ok());
  ASSERT_TRUE(Record(c, {{"tnm_t", "T1b"}, {"stage_group", "IA"}}).ok());
  const v1::CaseFact tier = FactOf(CaseOf(c), "risk_tier");
  EXPECT_EQ(tier.value(), "high");
  EXPECT_EQ(tier.recorded_by(), "clinician.jc-hub");
}

// Hand-checked cohort, treatment started 2026-11-02 unless said:
//  A: M1 adenocarcinoma, HER2 IHC 3+, pMMR and PD-L1 CPS before treatment
//     -> numerator.
//  B: M1 poorly cohesive carcinoma, HER2 IHC 2+ with ISH, MSS, no PD-L1 CPS
//     -> denominator only.
//  C: stage IIIA treated with curative surgery; a day later metastases are
//     recorded (M1, stage IV) with all markers -> denominator only (the
//     markers came after treatment started).
//  D: M1 "other" histology, treated -> not an adenocarcinoma, not counted.
//  E: M1 adenocarcinoma with every marker, never treated -> not counted.
// Rate 1/3 in November; nothing in December (items count on the day
// treatment started).
TEST_F(GastricPluginTest, BiomarkerPanelRateOnAHandCheckedCohort) {
  std::string a = StagedCase(kStageIvb);
  ASSERT_TRUE(Record(a, {{"her2_ihc", "3+"}, {"mmr", "pMMR"}, {"pdl1_cps", "5"},
                         {"treatment_plan", "targeted"}, {"treatment_intent", "palliative"}})
                  .ok());
  ASSERT_TRUE(Stage(a, "treatment").ok());

  std::string b = StagedCase(kStageIv, "poorly_cohesive");
  ASSERT_TRUE(Record(b, {{"her2_ihc", "2+"}, {"her2_ish", "not_amplified"}, {"msi", "MSS"},
                         {"treatment_plan", "chemotherapy"}, {"treatment_intent", "palliative"}})
                  .ok());
  ASSERT_TRUE(Stage(b, "treatment").ok());

  std::string d = StagedCase(kStageIvb, "other");
  ASSERT_TRUE(Record(d, {{"treatment_plan", "chemotherapy"}, {"treatment_intent", "palliative"}})
                  .ok());
  ASSERT_TRUE(Stage(d, "treatment").ok());

  std::string e = StagedCase(kStageIvb);
  ASSERT_TRUE(Record(e, {{"her2_ihc", "0"}, {"mmr", "dMMR"}, {"pdl1_cps", "20"}}).ok());

  std::string c = Treated(kStageIiia);
  clock_.Advance(absl::Hours(24));
  ASSERT_TRUE(Record(c, {{"tnm_m", "M1"}, {"stage_group", "IV"}, {"her2_ihc", "1+"},
                         {"mmr", "pMMR"}, {"pdl1_cps", "1"}})
                  .ok());

  v1::Indicator panel = IndicatorIn(Report("gastric", "2026-11-01", "2026-11-30"),
                                    "biomarker_panel_rate");
  EXPECT_EQ(panel.kind(), v1::INDICATOR_KIND_RATE);
  EXPECT_EQ(panel.numerator(), 1u);
  EXPECT_EQ(panel.denominator(), 3u);
  ASSERT_EQ(panel.numerator_items_size(), 1);
  EXPECT_EQ(panel.numerator_items(0).id(), a);
  std::vector<std::string> counted;
  for (const v1::IndicatorItem& item : panel.denominator_items()) counted.push_back(item.id());
  EXPECT_THAT(counted, ::testing::UnorderedElementsAre(a, b, c));
  EXPECT_EQ(IndicatorIn(Report("gastric", "2026-12-01", "2026-12-31"), "biomarker_panel_rate")
                .denominator(),
            0u);
}

}  // namespace
}  // namespace casehub::testing
