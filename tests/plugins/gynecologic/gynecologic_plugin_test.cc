// The gynecologic plugin through the real engine: routing by ICD-10
// (clinical-rules §7 "ICD-10 tumor ranges", Gynecologic row), the rules it
// adds to the whole-course pathway (the pathway itself, shared by the four
// tumor types, is in pathway_test.cc), FIGO staging by primary site and
// marker validation, the cross-field rules, the follow-up schedules (§8
// surveillance, Cervical, Ovarian and Endometrial rows) with their risk
// tiers, and the MMR testing indicator.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/tumor_fixture.h"

namespace casehub::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kFollowUpKind[] = "gynecologic.follow_up";

class GynecologicPluginTest : public TumorPluginFixture {
 protected:
  // A case past diagnosis: pathology recorded, in staging.
  std::string InStaging(const std::string& code, const std::string& histology = "squamous") {
    std::string c = NewCase(code);
    EXPECT_TRUE(Record(c, {{"diagnosis_date", "2026-10-01"}, {"histology", histology}}).ok());
    EXPECT_TRUE(Stage(c, "staging").ok());
    return c;
  }

  // A case with the data every stage before treatment needs.
  std::string StagedCase(const std::string& code, const std::string& site,
                         const std::string& figo_stage,
                         const std::string& histology = "squamous") {
    std::string c = InStaging(code, histology);
    EXPECT_TRUE(
        Record(c, {{"primary_site", site}, {"figo_stage", figo_stage}, {"ecog", "0"}}).ok());
    return c;
  }

  // A case treated with curative intent (straight from staging) and
  // followed up, the first visit open.
  std::string InFollowUp(const std::string& code, const std::string& site,
                         const std::string& figo_stage, const std::string& histology) {
    std::string c = StagedCase(code, site, figo_stage, histology);
    EXPECT_TRUE(
        Record(c, {{"treatment_plan", "multimodal"}, {"treatment_intent", "curative"}}).ok());
    EXPECT_TRUE(Stage(c, "treatment").ok());
    EXPECT_TRUE(Record(c, {{"treatment_end_date", "2026-11-01"}}).ok());
    EXPECT_TRUE(Stage(c, "follow_up").ok());
    return c;
  }
};

// §7 Gynecologic row: C51-C58 (C53 cervix ... C58 placenta) and D06.
TEST_F(GynecologicPluginTest, RoutesTheGynecologicCodesOfTheDomainTable) {
  for (const char* code : {"C51", "C51.9", "C52", "C53.0", "C54.1", "C55", "C56", "C57.0",
                           "C57.9", "C58", "D06", "D06.9"}) {
    EXPECT_EQ(CaseOf(NewCase(code)).tumor_type(), "gynecologic") << code;
  }
}

// §7: the neighbours belong to breast (C50, D05) or to no plugin: C60 (penis),
// D07 (other genital CIS), C48.2 (peritoneum), D39 (uncertain behaviour).
TEST_F(GynecologicPluginTest, LeavesTheNeighbouringCodesAlone) {
  for (const char* code : {"C50.9", "D05.1"}) {
    EXPECT_EQ(CaseOf(NewCase(code)).tumor_type(), "breast") << code;
  }
  const std::string patient = NewPatient("routing-patient");
  for (const char* code : {"C60", "C60.9", "D07", "D07.1", "C48.2", "D39"}) {
    absl::Status status =
        engine_->Execute(OpenCase(absl::StrCat("open-", code), patient, code)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << code << " " << status;
    EXPECT_THAT(status.message(), HasSubstr("no installed plugin claims")) << code;
  }
}

TEST_F(GynecologicPluginTest, MarkersAreValidatedAndNothingIsStoredOnRefusal) {
  std::string c = NewCase("C54.1");
  const int facts_before = CaseOf(c).facts_size();
  struct Bad {
    FactList facts;
    const char* names;
  };
  for (const Bad& bad : std::vector<Bad>{
           {{{"mmr", "MSI-H"}}, "facts[0].value: mmr must be one of dMMR, pMMR"},
           {{{"mmr", "dmmr"}}, "facts[0].value: mmr"},
           {{{"hpv", "16"}}, "facts[0].value: hpv must be one of positive, negative"},
           {{{"p53", "mutated"}}, "facts[0].value: p53 must be one of wild_type, abnormal"},
           {{{"brca", "positive"}}, "facts[0].value: brca must be one of negative, brca1, brca2"},
           {{{"hpv", "negative"}, {"p53", ""}}, "facts[1].value: p53"},
           {{{"primary_site", "uterus"}}, "facts[0].value: primary_site"},
           {{{"figo_stage", "IC"}}, "facts[0].value: figo_stage"},
           {{{"histology", "serous"}}, "facts[0].value: histology"},
           {{{"her2", "3+"}}, "facts[0].key"},
           {{{"mmr", "pMMR"}, {"mmr", "dMMR"}}, "given twice"},
       }) {
    absl::Status status = Record(c, bad.facts);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad.names << " " << status;
    EXPECT_THAT(status.message(), HasSubstr(bad.names));
  }
  EXPECT_EQ(CaseOf(c).facts_size(), facts_before);
  ASSERT_TRUE(Record(c, {{"mmr", "dMMR"}, {"hpv", "negative"}, {"p53", "wild_type"},
                         {"brca", "brca2"}})
                  .ok());
  v1::Case recorded = CaseOf(c);
  EXPECT_EQ(FactOf(recorded, "mmr").value(), "dMMR");
  EXPECT_EQ(FactOf(recorded, "hpv").value(), "negative");
  EXPECT_EQ(FactOf(recorded, "p53").value(), "wild_type");
  EXPECT_EQ(FactOf(recorded, "brca").value(), "brca2");
}

// Cross-field rule: figo_stage belongs to the primary site's FIGO system
// (cervix 2018, endometrium 2009, ovary and fallopian tube 2014, vulva 2021,
// vagina, trophoblastic 2000; README "Staging").
TEST_F(GynecologicPluginTest, FigoStageMustBelongToTheSitesSystem) {
  struct Row {
    const char* code;
    const char* site;
    const char* wrong_stage;
    const char* system;
    const char* right_stage;
  };
  for (const Row& row : std::vector<Row>{
           {"C53.9", "cervix", "IC1", "FIGO 2018 stage of the cervix", "IIIC1"},
           {"C54.1", "endometrium", "IA1", "FIGO 2009 stage of the endometrium", "IIIC2"},
           {"C56", "ovary", "IIIC1", "FIGO 2014 stage of the ovary", "IIIA1"},
           {"C57.0", "fallopian_tube", "IB3", "FIGO 2014 stage of the fallopian_tube", "IC2"},
           {"C51.9", "vulva", "IIIC1", "FIGO 2021 stage of the vulva", "IIIC"},
           {"C52", "vagina", "IIB", "FIGO stage of the vagina", "III"},
           {"C58", "placenta", "IVA", "FIGO 2000 stage of the placenta", "IV"},
       }) {
    std::string c = NewCase(row.code);
    absl::Status refused = Record(c, {{"primary_site", row.site}, {"figo_stage", row.wrong_stage}});
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << row.site;
    EXPECT_THAT(refused.message(), HasSubstr(absl::StrCat("figo_stage ", row.wrong_stage,
                                                          " is not a ", row.system)));
    EXPECT_EQ(CaseOf(c).facts_size(), 0) << row.site;
    EXPECT_TRUE(Record(c, {{"primary_site", row.site}, {"figo_stage", row.right_stage}}).ok())
        << row.site;
  }
}

// The rule also holds when the site changes under a recorded stage; a site
// without a single FIGO system (uterus_other) takes any stage.
TEST_F(GynecologicPluginTest, FigoStageIsCheckedAgainstTheSiteRecordedLater) {
  std::string c = NewCase("C55");
  ASSERT_TRUE(Record(c, {{"primary_site", "cervix"}, {"figo_stage", "IB3"}}).ok());
  absl::Status refused = Record(c, {{"primary_site", "endometrium"}});
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("IB3 is not a FIGO 2009 stage of the endometrium"));
  EXPECT_EQ(FactOf(CaseOf(c), "primary_site").value(), "cervix");
  EXPECT_TRUE(Record(c, {{"primary_site", "endometrium"}, {"figo_stage", "IB"}}).ok());
  EXPECT_TRUE(Record(c, {{"primary_site", "uterus_other"}, {"figo_stage", "IIIC"}}).ok());
}

// Cross-field rule: primary_site agrees with the case's ICD-10 code where the
// code names the site (§7 Gynecologic row).
TEST_F(GynecologicPluginTest, PrimarySiteMustAgreeWithTheDiagnosisCode) {
  struct Row {
    const char* code;
    const char* wrong_site;
    const char* expected;
    const char* right_site;
  };
  for (const Row& row : std::vector<Row>{
           {"C53.9", "ovary", "cervix", "cervix"},
           {"D06.0", "endometrium", "cervix", "cervix"},
           {"C54.1", "uterus_other", "endometrium", "endometrium"},
           {"C54.2", "ovary", "endometrium or uterus_other", "uterus_other"},
           {"C55", "vulva", "cervix or endometrium or uterus_other", "endometrium"},
           {"C56", "fallopian_tube", "ovary", "ovary"},
           {"C57.0", "ovary", "fallopian_tube", "fallopian_tube"},
           {"C51.0", "vagina", "vulva", "vulva"},
           {"C52", "other", "vagina", "vagina"},
           {"C58", "endometrium", "placenta", "placenta"},
       }) {
    std::string c = NewCase(row.code);
    absl::Status refused = Record(c, {{"primary_site", row.wrong_site}});
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << row.code;
    EXPECT_THAT(refused.message(),
                HasSubstr(absl::StrCat("primary_site ", row.wrong_site,
                                       " contradicts the case's diagnosis ", row.code,
                                       ", whose primary site is ", row.expected)));
    EXPECT_EQ(CaseOf(c).facts_size(), 0) << row.code;
    EXPECT_TRUE(Record(c, {{"primary_site", row.right_site}}).ok()) << row.code;
  }
  // C57.9 (female genital organ, unspecified) does not name a site.
  EXPECT_TRUE(Record(NewCase("C57.9"), {{"primary_site", "ovary"}}).ok());
}

// D06 is carcinoma in situ: stage 0, which no invasive code may take.
TEST_F(GynecologicPluginTest, StageZeroIsCarcinomaInSituAndNothingElse) {
  std::string in_situ = InStaging("D06.9");
  absl::Status refused = Record(in_situ, {{"primary_site", "cervix"}, {"figo_stage", "IA1"}});
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(),
              HasSubstr("figo_stage IA1 contradicts the case's diagnosis D06.9"));
  ASSERT_TRUE(
      Record(in_situ, {{"primary_site", "cervix"}, {"figo_stage", "0"}, {"ecog", "0"}}).ok());
  EXPECT_TRUE(Stage(in_situ, "mdt").ok());

  std::string invasive = NewCase("C53.9");
  refused = Record(invasive, {{"figo_stage", "0"}});
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("figo_stage 0 contradicts the case's diagnosis C53.9"));
}

// Cross-field rule: advanced (FIGO III-IV) endometrial cancer needs its MMR
// status before treatment; earlier stages and other sites do not.
TEST_F(GynecologicPluginTest, AdvancedEndometrialCancerNeedsMmrBeforeTreatment) {
  std::string advanced = StagedCase("C54.1", "endometrium", "IIIC1", "endometrioid");
  ASSERT_TRUE(Stage(advanced, "mdt").ok());
  ASSERT_TRUE(Record(advanced, {{"mdt_date", "2026-10-20"}, {"treatment_plan", "chemotherapy"},
                                {"treatment_intent", "curative"}})
                  .ok());
  absl::Status refused = Stage(advanced, "treatment");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("FIGO stage IIIC1 endometrial cancer requires an mmr"));
  ASSERT_TRUE(Record(advanced, {{"mmr", "dMMR"}}).ok());
  EXPECT_TRUE(Stage(advanced, "treatment").ok());

  for (std::string untested : {StagedCase("C54.1", "endometrium", "IB", "endometrioid"),
                               StagedCase("C53.9", "cervix", "IIIC1")}) {
    ASSERT_TRUE(
        Record(untested, {{"treatment_plan", "surgery"}, {"treatment_intent", "curative"}}).ok());
    EXPECT_TRUE(Stage(untested, "treatment").ok()) << CaseOf(untested).diagnosis().code();
  }
}

// Tiers (README "Risk tiers"): FIGO III-IV, locally advanced cervix (IB3,
// IIA2, IIB), high-risk endometrium (p53 abnormal, serous, clear cell,
// carcinosarcoma, undifferentiated) are high; trophoblastic is left to the team.
TEST_F(GynecologicPluginTest, TheCaseDataGiveTheRiskTier) {
  struct Row {
    const char* code;
    FactList facts;
    const char* tier;
  };
  for (const Row& row : std::vector<Row>{
           {"C53.9", {{"primary_site", "cervix"}, {"figo_stage", "IB2"}}, "standard"},
           {"C53.9", {{"primary_site", "cervix"}, {"figo_stage", "IB3"}}, "high"},
           {"C53.9", {{"primary_site", "cervix"}, {"figo_stage", "IIA1"}}, "standard"},
           {"C53.9", {{"primary_site", "cervix"}, {"figo_stage", "IIA2"}}, "high"},
           {"C53.9", {{"primary_site", "cervix"}, {"figo_stage", "IIB"}}, "high"},
           {"D06", {{"primary_site", "cervix"}, {"figo_stage", "0"}}, "standard"},
           {"C54.1",
            {{"primary_site", "endometrium"}, {"figo_stage", "II"}, {"histology", "endometrioid"}},
            "standard"},
           {"C54.1",
            {{"primary_site", "endometrium"}, {"figo_stage", "IA"}, {"histology", "endometrioid"},
             {"p53", "abnormal"}},
            "high"},
           {"C54.1",
            {{"primary_site", "endometrium"}, {"figo_stage", "IA"}, {"histology", "clear_cell"}},
            "high"},
           {"C54.1", {{"primary_site", "endometrium"}, {"figo_stage", "IIIA"}}, "high"},
           {"C56", {{"primary_site", "ovary"}, {"figo_stage", "IC3"}}, "standard"},
           {"C56", {{"primary_site", "ovary"}, {"figo_stage", "IIIA1"}}, "high"},
           {"C51.9", {{"primary_site", "vulva"}, {"figo_stage", "II"}}, "standard"},
           {"C51.9", {{"primary_site", "vulva"}, {"figo_stage", "IIIA"}}, "high"},
           {"C52", {{"primary_site", "vagina"}, {"figo_stage", "III"}}, "high"},
           {"C58", {{"primary_site", "placenta"}, {"figo_stage", "III"}}, "standard"},
       }) {
    std::string c = NewCase(row.code);
    ASSERT_TRUE(Record(c, row.facts).ok()) << row.code;
    const v1::CaseFact tier = FactOf(CaseOf(c), "risk_tier");
    EXPECT_EQ(tier.value(), row.tier) << row.code << " " << row.facts[1].second;
    EXPECT_EQ(tier.recorded_by(), "plugin:gynecologic");
  }
}

// §8 surveillance rows. The standard tier follows each row's ranges; the
// high tier the short end of each range (README "Follow-up").
//   Cervical: every 3-6 mo y1-2, every 6-12 mo y3-5, then yearly (also
//             vulva, vagina and the sites without a row).
//   Ovarian: every 2-4 mo y1-2, every 3-6 mo y3-5, then yearly (also
//            fallopian tube).
//   Endometrial: every 3-6 mo y1-2/3, every 6-12 mo to y5, then yearly (the
//                high tier for 3 years, the standard for 2).
// Each visit is completed just before and at the first phase change and at
// month 60, and the next visit's window is checked from that moment.
TEST_F(GynecologicPluginTest, FollowUpFollowsTheRowOfTheSiteAndTheTier) {
  struct Window {
    int from;
    int to;
  };
  struct Row {
    const char* code;
    const char* site;
    const char* stage;
    const char* histology;
    const char* tier;
    const char* source;
    Window first;
    int phase_change;
    Window second;
  };
  for (const Row& row : std::vector<Row>{
           {"C53.9", "cervix", "IB1", "squamous", "standard", "cervical cancer", {3, 6}, 24,
            {6, 12}},
           {"C53.9", "cervix", "IIIC1", "squamous", "high", "cervical cancer, high tier", {3, 3},
            24, {6, 6}},
           {"C51.9", "vulva", "IB", "squamous", "standard", "cervical cancer", {3, 6}, 24, {6, 12}},
           {"C52", "vagina", "III", "squamous", "high", "cervical cancer, high tier", {3, 3}, 24,
            {6, 6}},
           {"C56", "ovary", "IIA", "high_grade_serous", "standard", "ovarian cancer", {2, 4}, 24,
            {3, 6}},
           {"C56", "ovary", "IIIC", "high_grade_serous", "high", "ovarian cancer, high tier",
            {2, 2}, 24, {3, 3}},
           {"C57.0", "fallopian_tube", "IIIA2", "high_grade_serous", "high",
            "ovarian cancer, high tier", {2, 2}, 24, {3, 3}},
           {"C54.1", "endometrium", "IA", "endometrioid", "standard", "endometrial cancer", {3, 6},
            24, {6, 12}},
           {"C54.1", "endometrium", "IB", "high_grade_serous", "high",
            "endometrial cancer, high tier", {3, 3}, 36, {6, 6}},
       }) {
    SCOPED_TRACE(absl::StrCat(row.site, " ", row.stage));
    std::string c = InFollowUp(row.code, row.site, row.stage, row.histology);
    v1::Case followed = CaseOf(c);
    ASSERT_EQ(FactOf(followed, "risk_tier").value(), row.tier);
    const absl::Time start = At(followed.stage_history().rbegin()->entered_at());
    struct Step {
      int month;  // when the previous visit is completed; 0: entering follow-up
      Window window;
    };
    for (const Step& step : std::vector<Step>{{0, row.first},
                                              {row.phase_change - 1, row.first},
                                              {row.phase_change, row.second},
                                              {60, {12, 12}}}) {
      if (step.month > 0) {
        clock_.Set(Months(start, step.month));
        ASSERT_TRUE(Complete(TasksOf(c, kFollowUpKind).back().id()).ok()) << step.month;
      }
      const v1::Task open = TasksOf(c, kFollowUpKind).back();
      const absl::Time now = Months(start, step.month);
      EXPECT_EQ(At(open.window_start()), Months(now, step.window.from)) << "month " << step.month;
      EXPECT_EQ(At(open.due_at()), Months(now, step.window.to)) << "month " << step.month;
      EXPECT_THAT(open.title(), HasSubstr(absl::StrCat("(", row.source, ", ")));
    }
  }
}

// Hand-checked cohort of endometrial and cervical cases, all treated on
// 2026-11-02 (the fixture's clock):
//  A: endometrium IA, MMR recorded in staging, then treated -> numerator.
//  B: endometrium IB, treated, MMR recorded a day later -> denominator only.
//  C: endometrium IA, treated, never tested -> denominator only.
//  D: cervix IB1, treated without MMR -> not endometrial, in no item.
//  E: endometrium IA with MMR, never treated -> in no item.
// MMR testing rate 1/3, with A its one numerator item.
TEST_F(GynecologicPluginTest, MmrTestingRateOnAHandCheckedCohort) {
  auto treat = [&](const std::string& c) {
    ASSERT_TRUE(Record(c, {{"treatment_plan", "surgery"}, {"treatment_intent", "curative"}}).ok());
    ASSERT_TRUE(Stage(c, "treatment").ok());
  };
  std::string a = StagedCase("C54.1", "endometrium", "IA", "endometrioid");
  ASSERT_TRUE(Record(a, {{"mmr", "pMMR"}}).ok());
  treat(a);
  std::string b = StagedCase("C54.1", "endometrium", "IB", "endometrioid");
  treat(b);
  std::string c = StagedCase("C54.1", "endometrium", "IA", "endometrioid");
  treat(c);
  std::string d = StagedCase("C53.9", "cervix", "IB1");
  treat(d);
  std::string e = StagedCase("C54.1", "endometrium", "IA", "endometrioid");
  ASSERT_TRUE(Record(e, {{"mmr", "dMMR"}}).ok());
  clock_.Advance(absl::Hours(24));
  ASSERT_TRUE(Record(b, {{"mmr", "dMMR"}}).ok());

  v1::Indicator mmr = IndicatorIn(Report("gynecologic", "2026-11-01", "2026-11-30"),
                                  "mmr_testing_rate");
  EXPECT_EQ(mmr.kind(), v1::INDICATOR_KIND_RATE);
  EXPECT_EQ(mmr.numerator(), 1u);
  EXPECT_EQ(mmr.denominator(), 3u);
  ASSERT_EQ(mmr.numerator_items_size(), 1);
  EXPECT_EQ(mmr.numerator_items(0).id(), a);
  EXPECT_EQ(
      IndicatorIn(Report("gynecologic", "2026-12-01", "2026-12-31"), "mmr_testing_rate")
          .denominator(),
      0u);
}

}  // namespace
}  // namespace casehub::testing
