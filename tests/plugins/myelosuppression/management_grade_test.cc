// Graded management over the shipped management_grades.textproto (a
// proposed default, program.md "assessment linked to orders and bedside
// labels"): each level's rule, where the current ANC grade comes from, and
// no event when nothing changes.
#include "plugins/myelosuppression/management_grade.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/chemo_fixtures.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const ManagementGradeTable& Grades() { return EmbeddedChemoRules().management(); }

constexpr char kVeryHigh[] = "Neutropenia risk: VERY HIGH — protective isolation";
constexpr char kHigh[] = "Neutropenia risk: HIGH";
constexpr char kStandard[] = "Neutropenia risk: standard";

v1::Event AncGraded(int32_t grade, const std::string& analyte = "anc") {
  v1::Event event;
  event.mutable_lab_result_graded()->set_analyte(analyte);
  event.mutable_lab_result_graded()->set_grade(grade);
  return event;
}

v1::Event RiskAssessed(v1::FnRiskLevel overall) {
  v1::Event event;
  event.mutable_fn_risk_assessed()->set_assessment_id("p0000000000ab-r5");
  event.mutable_fn_risk_assessed()->set_overall_risk(overall);
  return event;
}

v1::Event EpisodeAssessed(bool fn) {
  v1::Event event;
  event.mutable_febrile_episode_assessed()->set_episode_id("p0000000000ab-f3");
  event.mutable_febrile_episode_assessed()->set_febrile_neutropenia(fn);
  return event;
}

// The episode as the hub holds it once assessed.
v1::FebrileEpisode HeldEpisode(int64_t observed_at, bool fn) {
  v1::FebrileEpisode episode;
  episode.set_id("p0000000000ab-f3");
  episode.set_case_id(kCase);
  *episode.mutable_observed_at() = At(observed_at);
  episode.set_assessed(true);
  episode.set_febrile_neutropenia(fn);
  return episode;
}

struct Row {
  const char* why;
  v1::Event event;
  std::function<void(v1::PatientState&)> state;
  // 0: no event.
  int32_t level;
  const char* label;
};

void NoState(v1::PatientState&) {}

std::vector<Row> Rows() {
  return {
      {"level 3: the ANC just graded is G4 (anc_grade_at_least 4)", AncGraded(4), NoState, 3,
       kVeryHigh},
      {"level 2: the ANC just graded is G3 (anc_grade_at_least 3)", AncGraded(3), NoState, 2,
       kHigh},
      {"level 1 (otherwise): a G2 ANC is known", AncGraded(2), NoState, 1, kStandard},
      {"level 1 (otherwise): a G0 ANC is a grade too", AncGraded(0), NoState, 1, kStandard},
      {"the latest ANC, not the cycle's worst: G1 after a G4 cycle is level 1", AncGraded(1),
       [](v1::PatientState& s) { *s.add_chemo_cycles() = Cycle(1, "lung.ep", kStart, 4); }, 1,
       kStandard},
      {"level 2: latest assessment overall risk HIGH", RiskAssessed(v1::FN_RISK_LEVEL_HIGH),
       NoState, 2, kHigh},
      {"level 1: latest assessment INTERMEDIATE, no cycle",
       RiskAssessed(v1::FN_RISK_LEVEL_INTERMEDIATE), NoState, 1, kStandard},
      {"level 3: on an assessment, the current cycle's worst ANC G4",
       RiskAssessed(v1::FN_RISK_LEVEL_LOW),
       [](v1::PatientState& s) { *s.add_chemo_cycles() = Cycle(1, "lung.ep", kStart, 4); }, 3,
       kVeryHigh},
      {"current cycle is the latest started: cycle 2 (G0) after cycle 1 (G4)",
       RiskAssessed(v1::FN_RISK_LEVEL_LOW),
       [](v1::PatientState& s) {
         *s.add_chemo_cycles() = Cycle(1, "lung.ep", kStart - 21 * kDay, 4);
         *s.add_chemo_cycles() = Cycle(2, "lung.ep", kStart, 0);
       },
       1, kStandard},
      {"level 2 on a lab: the state's latest assessment (by assessed_at) is HIGH", AncGraded(1),
       [](v1::PatientState& s) {
         v1::FnRiskAssessment high = Assessment(2, "lung.ep", kStart);
         high.set_overall_risk(v1::FN_RISK_LEVEL_HIGH);
         v1::FnRiskAssessment older = Assessment(1, "lung.ep", kStart - 21 * kDay);
         *s.add_fn_risk_assessments() = high;
         *s.add_fn_risk_assessments() = older;
       },
       2, kHigh},
      {"level 3: FN confirmed by the episode just assessed, in the current cycle",
       EpisodeAssessed(true),
       [](v1::PatientState& s) {
         *s.add_chemo_cycles() = Cycle(1, "lung.ep", kStart, 2);
         *s.add_febrile_episodes() = HeldEpisode(kStart + 8 * kDay, true);
       },
       3, kVeryHigh},
      {"level 3: the current cycle is marked febrile_neutropenia", AncGraded(1),
       [](v1::PatientState& s) {
         v1::ChemoCycle cycle = Cycle(1, "lung.ep", kStart, 1);
         cycle.set_febrile_neutropenia(true);
         *s.add_chemo_cycles() = cycle;
       },
       3, kVeryHigh},
      {"an FN before the current cycle started is not open: level 1", EpisodeAssessed(true),
       [](v1::PatientState& s) {
         *s.add_chemo_cycles() = Cycle(2, "lung.ep", kStart, 0);
         *s.add_febrile_episodes() = HeldEpisode(kStart - kDay, true);
       },
       1, kStandard},
      {"a fever that is not FN, nothing else known: no grade, no event", EpisodeAssessed(false),
       NoState, 0, ""},
      {"a WBC grade is not the ANC: no event", AncGraded(4, "wbc"), NoState, 0, ""},
      {"no change → no event: level 2 already set", AncGraded(3),
       [](v1::PatientState& s) {
         v1::ManagementGrade& grade = *s.mutable_management_grade();
         grade.set_level(2);
         grade.set_bedside_label(kHigh);
         grade.set_nursing_level("enhanced monitoring");
         grade.add_reasons("an older reason");
       },
       0, ""},
      {"a change of level from 3 to 2 is an event", AncGraded(3),
       [](v1::PatientState& s) {
         v1::ManagementGrade& grade = *s.mutable_management_grade();
         grade.set_level(3);
         grade.set_bedside_label(kVeryHigh);
         grade.set_nursing_level("protective (clean-room) care");
       },
       2, kHigh},
  };
}

class ManagementGradeTest : public ::testing::TestWithParam<Row> {};

TEST_P(ManagementGradeTest, FollowsTheTable) {
  const Row& row = GetParam();
  SCOPED_TRACE(row.why);
  v1::PatientState state = Patient("lung");
  row.state(state);
  const std::vector<v1::Event> derived = ManagementGradeEvents(Grades(), row.event, state);
  if (row.level == 0) {
    EXPECT_THAT(derived, IsEmpty());
    return;
  }
  ASSERT_EQ(derived.size(), 1u);
  const v1::ManagementGrade& grade = derived[0].management_grade_set().grade();
  EXPECT_EQ(grade.level(), row.level);
  EXPECT_EQ(grade.bedside_label(), row.label);
  EXPECT_FALSE(grade.has_set_at());
  EXPECT_FALSE(grade.reasons().empty());
}

INSTANTIATE_TEST_SUITE_P(ManagementGrades, ManagementGradeTest, ::testing::ValuesIn(Rows()));

// The reasons name each condition that holds, its input and the table row.
TEST(ManagementGradeReasonsTest, NameTheConditionsAndTheRow) {
  v1::PatientState state = Patient("lung");
  v1::ChemoCycle cycle = Cycle(2, "lung.ep", kStart, 4);
  cycle.set_febrile_neutropenia(true);
  *state.add_chemo_cycles() = cycle;
  std::optional<v1::ManagementGrade> grade =
      DecideManagementGrade(Grades(), RiskAssessed(v1::FN_RISK_LEVEL_HIGH), state);
  ASSERT_TRUE(grade.has_value());
  EXPECT_EQ(grade->level(), 3);
  EXPECT_EQ(grade->nursing_level(), "protective (clean-room) care");
  const std::string row3 =
      " → level 3 [management_grades.textproto: proposed default (program.md graded nursing; "
      "clinical-rules.md §1 G4, FN)]";
  EXPECT_THAT(grade->reasons(),
              ElementsAre("ANC grade 4 (the worst ANC of cycle 2 of case p0000000000ab-c2) >= 4" +
                              row3,
                          "febrile neutropenia confirmed in the current cycle (cycle 2 of case "
                          "p0000000000ab-c2)" +
                              row3));

  grade = DecideManagementGrade(Grades(), AncGraded(1), Patient("lung"));
  ASSERT_TRUE(grade.has_value());
  EXPECT_THAT(grade->reasons(),
              ElementsAre("no higher level applies (ANC grade 1 (the latest ANC)) → level 1 "
                          "[management_grades.textproto: proposed default (program.md graded "
                          "nursing)]"));
}

// A management_grade_set (the module's own) is never reacted to: no loop.
TEST(ManagementGradeReasonsTest, DoesNotReactToItsOwnEvent) {
  v1::Event set;
  set.mutable_management_grade_set()->mutable_grade()->set_level(3);
  v1::PatientState state = Patient("lung");
  *state.add_chemo_cycles() = Cycle(1, "lung.ep", kStart, 4);
  EXPECT_THAT(ManagementGradeEvents(Grades(), set, state), IsEmpty());
}

}  // namespace
}  // namespace casehub::myelosuppression
