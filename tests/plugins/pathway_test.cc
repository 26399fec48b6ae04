// The whole-course pathway (clinical-rules §8 "Whole-course case-management
// stages") as each of the four tumor-type plugins runs it: every transition
// allowed once its requirements are recorded and refused, naming what is
// missing, before; the staging task; palliative care from every stage; and
// recurrence leaving follow-up. Each plugin's own rules are in its test.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/tumor_fixture.h"

namespace casehub::testing {
namespace {

using ::testing::HasSubstr;

struct TumorPathway {
  std::string plugin;
  std::string icd10;
  // What diagnosis -> staging needs.
  FactList pathology;
  // A stage treated with curative intent, with the performance status: what
  // staging -> MDT needs.
  FactList stage;
  // What the plugin's own rules need before treatment at that stage.
  FactList before_treatment;
};

std::ostream& operator<<(std::ostream& out, const TumorPathway& pathway) {
  return out << pathway.plugin;
}

const FactList kCurativePlan = {{"treatment_plan", "surgery"}, {"treatment_intent", "curative"}};

class PathwayTest : public TumorPluginFixture,
                    public ::testing::WithParamInterface<TumorPathway> {
 protected:
  std::string InStaging() {
    std::string c = NewCase(GetParam().icd10);
    EXPECT_TRUE(Record(c, GetParam().pathology).ok());
    EXPECT_TRUE(Stage(c, "staging").ok());
    return c;
  }

  std::string Staged() {
    std::string c = InStaging();
    EXPECT_TRUE(Record(c, GetParam().stage).ok());
    if (!GetParam().before_treatment.empty()) {
      EXPECT_TRUE(Record(c, GetParam().before_treatment).ok());
    }
    return c;
  }

  std::string Treated() {
    std::string c = Staged();
    EXPECT_TRUE(Record(c, kCurativePlan).ok());
    EXPECT_TRUE(Stage(c, "treatment").ok());
    return c;
  }

  std::string InFollowUp() {
    std::string c = Treated();
    EXPECT_TRUE(Record(c, {{"treatment_end_date", "2026-11-01"}}).ok());
    EXPECT_TRUE(Stage(c, "follow_up").ok());
    return c;
  }

  // A case that has reached `stage`.
  std::string Reach(const std::string& stage) {
    if (stage == "diagnosis") return NewCase(GetParam().icd10);
    if (stage == "staging") return InStaging();
    if (stage == "treatment") return Treated();
    if (stage == "follow_up") return InFollowUp();
    std::string c = Staged();
    EXPECT_TRUE(Stage(c, "mdt").ok());
    return c;
  }

  std::string VisitKind() const { return absl::StrCat(GetParam().plugin, ".follow_up"); }
};

// Refused with FAILED_PRECONDITION naming every one of `fields`.
void ExpectRefusedNaming(const absl::Status& status, const FactList& fields) {
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  for (const auto& [key, value] : fields) EXPECT_THAT(status.message(), HasSubstr(key));
}

TEST_P(PathwayTest, OpensInDiagnosisWithAStagingTaskDueInAWeek) {
  std::string c = NewCase(GetParam().icd10);
  EXPECT_EQ(CaseOf(c).tumor_type(), GetParam().plugin);
  EXPECT_EQ(CaseOf(c).stage(), "diagnosis");
  std::vector<v1::Task> staging = TasksOf(c, absl::StrCat(GetParam().plugin, ".staging"));
  ASSERT_EQ(staging.size(), 1u);
  EXPECT_EQ(staging[0].status(), v1::TASK_STATUS_OPEN);
  EXPECT_EQ(At(staging[0].due_at()), clock_.Now() + absl::Hours(24 * 7));
}

TEST_P(PathwayTest, DiagnosisToStagingNeedsPathology) {
  std::string c = NewCase(GetParam().icd10);
  ExpectRefusedNaming(Stage(c, "staging"), GetParam().pathology);
  ASSERT_TRUE(Record(c, GetParam().pathology).ok());
  EXPECT_TRUE(Stage(c, "staging").ok());
}

TEST_P(PathwayTest, StagesMayNotBeSkipped) {
  std::string c = NewCase(GetParam().icd10);
  for (const char* to : {"mdt", "treatment", "follow_up"}) {
    absl::Status refused = Stage(c, to);
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << to;
    EXPECT_THAT(refused.message(), HasSubstr(absl::StrCat("does not allow diagnosis -> ", to)));
  }
  EXPECT_EQ(Stage(c, "screening").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CaseOf(c).stage(), "diagnosis");
}

TEST_P(PathwayTest, StagingToMdtNeedsTheStageAndCompletesTheStagingTask) {
  std::string c = InStaging();
  ExpectRefusedNaming(Stage(c, "mdt"), GetParam().stage);
  ASSERT_TRUE(Record(c, GetParam().stage).ok());
  ASSERT_TRUE(Stage(c, "mdt").ok());
  std::vector<v1::Task> staging = TasksOf(c, absl::StrCat(GetParam().plugin, ".staging"));
  ASSERT_EQ(staging.size(), 1u);
  EXPECT_EQ(staging[0].status(), v1::TASK_STATUS_COMPLETED);
}

TEST_P(PathwayTest, MdtToTreatmentNeedsTheMeetingAndThePlan) {
  std::string c = Reach("mdt");
  ExpectRefusedNaming(Stage(c, "treatment"),
                      {{"mdt_date", ""}, {"treatment_plan", ""}, {"treatment_intent", ""}});
  ASSERT_TRUE(Record(c, {{"mdt_date", "2026-10-20"}}).ok());
  ASSERT_TRUE(Record(c, kCurativePlan).ok());
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

TEST_P(PathwayTest, StagingStraightToTreatmentNeedsAPlan) {
  std::string c = Staged();
  ExpectRefusedNaming(Stage(c, "treatment"), kCurativePlan);
  ASSERT_TRUE(Record(c, kCurativePlan).ok());
  EXPECT_TRUE(Stage(c, "treatment").ok());
}

TEST_P(PathwayTest, FollowUpOnlyAfterTheEndOfCurativeTreatment) {
  std::string c = Treated();
  ExpectRefusedNaming(Stage(c, "follow_up"), {{"treatment_end_date", ""}});
  ASSERT_TRUE(Record(c, {{"treatment_end_date", "2026-11-01"}, {"treatment_intent", "palliative"}})
                  .ok());
  ExpectRefusedNaming(Stage(c, "follow_up"), {{"curative", ""}});
  ASSERT_TRUE(Record(c, {{"treatment_intent", "curative"}}).ok());
  ASSERT_TRUE(Stage(c, "follow_up").ok());
  EXPECT_EQ(TasksOf(c, VisitKind()).size(), 1u);
}

TEST_P(PathwayTest, PalliativeCareFromEveryStageNeedsPalliativeIntentAndIsFinal) {
  for (const char* from : {"diagnosis", "staging", "mdt", "treatment", "follow_up"}) {
    SCOPED_TRACE(from);
    std::string c = Reach(from);
    if (!FactOf(CaseOf(c), "treatment_intent").value().empty()) {
      ExpectRefusedNaming(Stage(c, "palliative"), {{"palliative", ""}});
    } else {
      ExpectRefusedNaming(Stage(c, "palliative"), {{"treatment_intent", ""}});
    }
    ASSERT_TRUE(Record(c, {{"treatment_intent", "palliative"}}).ok());
    ASSERT_TRUE(Stage(c, "palliative").ok());
    for (const char* to : {"diagnosis", "staging", "mdt", "treatment", "follow_up"}) {
      EXPECT_EQ(Stage(c, to).code(), absl::StatusCode::kFailedPrecondition) << to;
    }
  }
}

TEST_P(PathwayTest, RecurrenceReturnsToTreatmentAndCancelsTheOpenVisit) {
  std::string c = InFollowUp();
  ExpectRefusedNaming(Stage(c, "treatment"), {{"recurrence_date", ""}});
  ASSERT_TRUE(Record(c, {{"recurrence_date", "2026-10-30"}}).code() ==
              absl::StatusCode::kInvalidArgument);  // before the end of treatment
  ASSERT_TRUE(Record(c, {{"recurrence_date", "2026-11-02"}}).ok());
  ASSERT_TRUE(Stage(c, "treatment").ok());
  std::vector<v1::Task> visits = TasksOf(c, VisitKind());
  ASSERT_EQ(visits.size(), 1u);
  EXPECT_EQ(visits[0].status(), v1::TASK_STATUS_CANCELLED);
  EXPECT_THAT(visits[0].cancel_reason(), HasSubstr("treatment"));
}

INSTANTIATE_TEST_SUITE_P(
    FourTumorTypes, PathwayTest,
    ::testing::Values(
        TumorPathway{"lung", "C34.1",
                     {{"diagnosis_date", "2026-10-01"}, {"histology", "adenocarcinoma"}},
                     {{"tnm_t", "T2a"}, {"tnm_n", "N0"}, {"tnm_m", "M0"}, {"stage_group", "IB"},
                      {"ecog", "1"}},
                     {}},
        TumorPathway{"breast", "C50.4",
                     {{"diagnosis_date", "2026-10-01"}, {"histology", "invasive_ductal"}},
                     {{"tnm_t", "T2"}, {"tnm_n", "N0"}, {"tnm_m", "M0"}, {"stage_group", "IIA"},
                      {"ecog", "0"}},
                     {{"er_percent", "90"}, {"pr_percent", "60"}, {"her2_ihc", "1+"}}},
        TumorPathway{"gastric", "C16.3",
                     {{"diagnosis_date", "2026-10-01"}, {"histology", "adenocarcinoma"}},
                     {{"tnm_t", "T2"}, {"tnm_n", "N0"}, {"tnm_m", "M0"}, {"stage_group", "IB"},
                      {"ecog", "1"}},
                     {}},
        TumorPathway{"gynecologic", "C53.9",
                     {{"diagnosis_date", "2026-10-01"}, {"histology", "squamous"}},
                     {{"primary_site", "cervix"}, {"figo_stage", "IB2"}, {"ecog", "0"}},
                     {}}),
    [](const ::testing::TestParamInfo<TumorPathway>& info) { return info.param.plugin; });

}  // namespace
}  // namespace casehub::testing
