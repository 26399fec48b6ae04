// The lung plugin through the real engine: routing by ICD-10 (clinical-rules
// §7 "ICD-10 tumor ranges", Lung row), the rules it adds to the whole-course
// pathway (the pathway itself, shared by the four tumor types, is in
// pathway_test.cc), TNM and marker validation, the follow-up schedules (§8
// surveillance, NSCLC rows) with stratification, and the indicators.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/tumor_fixture.h"

namespace casehub::testing {
namespace {

using ::testing::HasSubstr;

class LungPluginTest : public TumorPluginFixture {
 protected:
  // A case with the data every stage before treatment needs.
  std::string StagedCase(const std::string& stage_group, const std::string& m) {
    std::string c = NewCase("C34.1");
    EXPECT_TRUE(Record(c, {{"diagnosis_date", "2026-10-01"}, {"histology", "adenocarcinoma"}}).ok());
    EXPECT_TRUE(Stage(c, "staging").ok());
    EXPECT_TRUE(Record(c, {{"tnm_t", "T2a"}, {"tnm_n", "N0"}, {"tnm_m", m},
                           {"stage_group", stage_group}, {"ecog", "1"}})
                    .ok());
    return c;
  }

  std::string InFollowUp(const std::string& stage_group) {
    std::string c = StagedCase(stage_group, "M0");
    EXPECT_TRUE(Record(c, {{"treatment_plan", "surgery"}, {"treatment_intent", "curative"}}).ok());
    EXPECT_TRUE(Stage(c, "treatment").ok());
    EXPECT_TRUE(Record(c, {{"treatment_end_date", "2026-11-01"}}).ok());
    EXPECT_TRUE(Stage(c, "follow_up").ok());
    return c;
  }
};

// §7 Lung row: C34, C33, C78.0, D02.2.
TEST_F(LungPluginTest, RoutesTheLungCodesOfTheDomainTable) {
  for (const char* code : {"C34.1", "C34.90", "C33", "C78.0", "D02.2"}) {
    EXPECT_EQ(CaseOf(NewCase(code)).tumor_type(), "lung") << code;
  }
  const std::string patient = NewPatient("routing-patient");
  for (const char* code : {"C78.1", "D02.3", "C35"}) {
    absl::Status status =
        engine_->Execute(OpenCase(absl::StrCat("open-", code), patient, code)).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << code << " " << status;
  }
}

TEST_F(LungPluginTest, NoTierIsDerivedBeforeTheStageIsKnown) {
  std::string c = NewCase("C34.1");
  ASSERT_TRUE(Record(c, {{"histology", "squamous"}}).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "");
  ASSERT_TRUE(Record(c, {{"stage_group", "IB"}}).ok());
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "standard");
}

TEST_F(LungPluginTest, StageFourNonSquamousNeedsDriverGenesBeforeTreatment) {
  std::string c = StagedCase("IVB", "M1c");
  ASSERT_TRUE(Record(c, {{"treatment_plan", "targeted"}, {"treatment_intent", "palliative"}}).ok());
  absl::Status refused = Stage(c, "treatment");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("egfr"));
  ASSERT_TRUE(Record(c, {{"egfr", "l858r"}}).ok());
  EXPECT_THAT(Stage(c, "treatment").message(), HasSubstr("alk"));
  ASSERT_TRUE(Record(c, {{"alk", "negative"}}).ok());
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

TEST_F(LungPluginTest, MarkersAreValidatedAndNothingIsStoredOnRefusal) {
  std::string c = NewCase("C34.1");
  const int facts_before = CaseOf(c).facts_size();
  struct Bad {
    FactList facts;
    const char* names;
  };
  for (const Bad& bad : std::vector<Bad>{
           {{{"egfr", "positive"}}, "facts[0].value"},
           {{{"alk", "weak"}}, "facts[0].value"},
           {{{"ros1", ""}}, "facts[0].value"},
           {{{"pdl1_tps", "101"}}, "0..100"},
           {{{"pdl1_tps", "-1"}}, "0..100"},
           {{{"pdl1_tps", "high"}}, "must be a number"},
           {{{"egfr", "l858r"}, {"her2", "3+"}}, "facts[1].key"},
           {{{"egfr", "l858r"}, {"egfr", "negative"}}, "given twice"},
           {{{"tnm_t", "T5"}}, "tnm_t must be one of"},
           {{{"diagnosis_date", "2027-01-01"}}, "facts[0].value"},
           {{{"tnm_m", "M1c"}, {"stage_group", "IVA"}}, "M1c -> IVB"},
           {{{"tnm_m", "M0"}, {"stage_group", "IVA"}}, "contradicts"},
           {{{"tnm_m", "M1a"}, {"stage_group", "IIIA"}}, "contradicts"},
       }) {
    absl::Status status = Record(c, bad.facts);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad.names << " " << status;
    EXPECT_THAT(status.message(), HasSubstr(bad.names));
  }
  EXPECT_EQ(CaseOf(c).facts_size(), facts_before);
  ASSERT_TRUE(Record(c, {{"egfr", "exon19_deletion"}, {"alk", "negative"}, {"ros1", "positive"},
                         {"pdl1_tps", "55"}, {"tnm_m", "M1b"}, {"stage_group", "IVA"}})
                  .ok());
  v1::Case recorded = CaseOf(c);
  ASSERT_EQ(recorded.facts_size(), 7);  // and the risk tier the stage gives
  EXPECT_EQ(recorded.facts(0).key(), "alk");  // kept sorted by key
  EXPECT_EQ(recorded.facts(0).recorded_by(), "clinician.jc-hub");
}

// §8 "NSCLC, stage I-II": every 6 months for 2-3 years, then yearly.
TEST_F(LungPluginTest, StageOneFollowsTheStandardSchedule) {
  std::string c = InFollowUp("IB");
  v1::Case followed = CaseOf(c);
  EXPECT_EQ(FactOf(followed, "risk_tier").value(), "standard");
  const absl::Time start = At(followed.stage_history().rbegin()->entered_at());
  // Visits at months 6, 12, 18, 24 each fall in phase [0, 24): 6-6 months.
  absl::Time now = start;
  for (int visit = 1; visit <= 4; ++visit) {
    std::vector<v1::Task> visits = TasksOf(c, "lung.follow_up");
    ASSERT_EQ(visits.size(), static_cast<size_t>(visit));
    const v1::Task& open = visits.back();
    EXPECT_EQ(At(open.window_start()), Months(now, 6)) << "visit " << visit;
    EXPECT_EQ(At(open.due_at()), Months(now, 6)) << "visit " << visit;
    EXPECT_THAT(open.title(), HasSubstr("stage I-II"));
    clock_.Set(Months(now, 6));
    now = clock_.Now();
    ASSERT_TRUE(Complete(open.id()).ok());
  }
  // Completed at month 24: phase [24, 36) allows 6-12 months.
  const v1::Task fifth = TasksOf(c, "lung.follow_up").back();
  EXPECT_EQ(At(fifth.window_start()), Months(now, 6));
  EXPECT_EQ(At(fifth.due_at()), Months(now, 12));
  EXPECT_THAT(fifth.title(), HasSubstr("visit 5"));
}

// §8 "NSCLC, stage III": every 3-6 months for 3 years.
TEST_F(LungPluginTest, StageThreeIsHighTierWithTheStageThreeSchedule) {
  std::string c = InFollowUp("IIIA");
  v1::Case followed = CaseOf(c);
  const v1::CaseFact tier = FactOf(followed, "risk_tier");
  EXPECT_EQ(tier.value(), "high");
  EXPECT_EQ(tier.recorded_by(), "plugin:lung");
  const absl::Time start = At(followed.stage_history().rbegin()->entered_at());
  const v1::Task first = TasksOf(c, "lung.follow_up").front();
  EXPECT_EQ(At(first.window_start()), Months(start, 3));
  EXPECT_EQ(At(first.due_at()), Months(start, 6));
}

TEST_F(LungPluginTest, APersonsTierOverridesTheDerivedOne) {
  std::string c = StagedCase("IIIA", "M0");
  EXPECT_EQ(FactOf(CaseOf(c), "risk_tier").value(), "high");
  ASSERT_TRUE(Record(c, {{"risk_tier", "standard"}}).ok());
  ASSERT_TRUE(Record(c, {{"stage_group", "IIIB"}}).ok());
  const v1::CaseFact tier = FactOf(CaseOf(c), "risk_tier");
  EXPECT_EQ(tier.value(), "standard");
  EXPECT_EQ(tier.recorded_by(), "clinician.jc-hub");
}

// Hand-checked cohort, all treated on 2026-11-02 or later at the hub:
//  A: diagnosed 2026-10-01, MDT, treated 2026-11-02 -> 32 days, MDT yes,
//     stage IVA adenocarcinoma with the full panel -> panel yes.
//  B: no diagnosis date (opened 2026-11-02), straight to treatment 10 days
//     later -> 10 days, MDT no; stage IVB squamous with PD-L1 only -> panel no.
//  C: never treated -> in no indicator.
// Median days 21, MDT rate 1/2, panel rate 1/2.
TEST_F(LungPluginTest, IndicatorsOnAHandCheckedCohort) {
  std::string a = StagedCase("IVA", "M1a");
  ASSERT_TRUE(Record(a, {{"egfr", "negative"}, {"alk", "negative"}, {"ros1", "negative"},
                         {"pdl1_tps", "80"}})
                  .ok());
  ASSERT_TRUE(Stage(a, "mdt").ok());
  ASSERT_TRUE(Record(a, {{"mdt_date", "2026-10-30"}, {"treatment_plan", "immunotherapy"},
                         {"treatment_intent", "palliative"}})
                  .ok());
  ASSERT_TRUE(Stage(a, "treatment").ok());

  std::string b = NewCase("C34.3");
  clock_.Advance(absl::Hours(24 * 10));
  ASSERT_TRUE(Record(b, {{"histology", "squamous"}, {"diagnosis_date", "2026-11-02"}}).ok());
  ASSERT_TRUE(Stage(b, "staging").ok());
  ASSERT_TRUE(Record(b, {{"tnm_t", "T4"}, {"tnm_n", "N2"}, {"tnm_m", "M1c"},
                         {"stage_group", "IVB"}, {"ecog", "1"}, {"pdl1_tps", "10"},
                         {"treatment_plan", "chemotherapy"}, {"treatment_intent", "palliative"}})
                  .ok());
  ASSERT_TRUE(Stage(b, "treatment").ok());
  NewCase("C34.2");

  v1::IndicatorReport report = Report("lung", "2026-11-01", "2026-11-30");
  v1::Indicator days = IndicatorIn(report, "days_to_first_treatment");
  EXPECT_EQ(days.kind(), v1::INDICATOR_KIND_MEDIAN);
  EXPECT_EQ(days.denominator(), 2u);
  EXPECT_DOUBLE_EQ(days.median(), 21);
  v1::Indicator mdt = IndicatorIn(report, "mdt_discussion_rate");
  EXPECT_EQ(mdt.numerator(), 1u);
  EXPECT_EQ(mdt.denominator(), 2u);
  ASSERT_EQ(mdt.numerator_items_size(), 1);
  EXPECT_EQ(mdt.numerator_items(0).id(), a);
  v1::Indicator panel = IndicatorIn(report, "biomarker_panel_rate");
  EXPECT_EQ(panel.numerator(), 1u);
  EXPECT_EQ(panel.denominator(), 2u);
  EXPECT_EQ(IndicatorIn(Report("lung", "2026-12-01", "2026-12-31"), "mdt_discussion_rate")
                .denominator(),
            0u);
}

// Visit 1 done inside its window, visit 2 overdue: adherence 1/2.
TEST_F(LungPluginTest, FollowUpAdherenceCountsVisitsDoneInTheirWindow) {
  std::string c = InFollowUp("IB");
  const v1::Task first = TasksOf(c, "lung.follow_up").back();
  clock_.Set(At(first.due_at()) - absl::Hours(24));
  ASSERT_TRUE(Complete(first.id()).ok());
  const v1::Task second = TasksOf(c, "lung.follow_up").back();
  clock_.Set(At(second.due_at()) + absl::Hours(1));
  ASSERT_TRUE(MarkOverdue(second.id()).ok());
  v1::Indicator adherence =
      IndicatorIn(Report("lung", "2026-01-01", "2028-12-31"), "follow_up_adherence");
  EXPECT_EQ(adherence.numerator(), 1u);
  EXPECT_EQ(adherence.denominator(), 2u);
}

}  // namespace
}  // namespace casehub::testing
