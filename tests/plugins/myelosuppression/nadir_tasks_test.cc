// Nadir CBC monitoring (clinical-rules.md §5): the two tasks of a started
// cycle, and which blood count completes which task, at every boundary.
#include "plugins/myelosuppression/nadir_tasks.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/chemo_fixtures.h"
#include "tests/support/temp_dir.h"

namespace casehub::myelosuppression {
namespace {

// §5 Nadir window D7–D14, "e.g., D7±1 and D10–14", for §2.2 Lung (SCLC),
// etoposide + carboplatin, window 7–14.
TEST(NadirCbcTasksTest, TwoTasksInTheRegimensWindow) {
  v1::PatientState state = Patient("lung");
  const v1::ChemoCycle cycle = Cycle(2, "lung.ep", kStart);
  *state.add_chemo_cycles() = cycle;
  std::vector<v1::Event> tasks = NadirCbcTasks(EmbeddedChemoRules(), cycle, state);
  ASSERT_EQ(tasks.size(), 2u);
  const struct {
    const char* title;
    int64_t due;
  } expected[] = {{"Nadir CBC, cycle 2 (day 7±1)", kStart + 8 * kDay},
                  {"Nadir CBC, cycle 2 (days 10–14)", kStart + 14 * kDay}};
  for (size_t i = 0; i < tasks.size(); ++i) {
    ASSERT_TRUE(tasks[i].has_task_created());
    const v1::Task& task = tasks[i].task_created().task();
    EXPECT_EQ(task.title(), expected[i].title);
    EXPECT_EQ(task.due_at(), At(expected[i].due));
    EXPECT_EQ(task.case_id(), kCase);
    EXPECT_EQ(task.site_id(), kCounty);  // the case's owning site
    EXPECT_EQ(task.assignee_role(), v1::ROLE_CASE_MANAGER);
    EXPECT_EQ(task.kind(), "myelo.nadir_cbc");
    // The hub fills these.
    EXPECT_EQ(task.id(), "");
    EXPECT_EQ(task.status(), v1::TASK_STATUS_UNSPECIFIED);
    EXPECT_FALSE(task.has_created_at());
  }
}

// A regimen outside the catalogue (Validate refuses it) gets no tasks.
TEST(NadirCbcTasksTest, NoTasksForAnUnknownRegimen) {
  v1::PatientState state = Patient("lung");
  EXPECT_TRUE(NadirCbcTasks(EmbeddedChemoRules(), Cycle(1, "lung.unknown", kStart), state).empty());
}

// The days come from the regimen's window: a center's regimen with days
// 8–16 (regimen_file) gets draws on days 7–9 and 11–16.
TEST(NadirCbcTasksTest, TheDrawsFollowTheRegimensOwnWindow) {
  casehub::testing::TempDir dir;
  const std::string path = dir.Sub("regimens.textproto");
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fputs(R"(regimen { id: "lung.late" name: "Late nadir" tumor_types: "lung"
                          fn_category: FN_RISK_LEVEL_LOW source: "center protocol"
                          nadir { first_day: 8 last_day: 16 } })",
             file);
  std::fclose(file);
  absl::StatusOr<ChemoRules> rules = ChemoRules::Parse(
      EmbeddedTables(), absl::StrCat(R"(regimen_file: ")", path, R"(")"), EmbeddedRules());
  ASSERT_TRUE(rules.ok()) << rules.status();
  std::vector<v1::Event> tasks =
      NadirCbcTasks(*rules, Cycle(1, "lung.late", kStart), Patient("lung"));
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].task_created().task().title(), "Nadir CBC, cycle 1 (day 8±1)");
  EXPECT_EQ(tasks[0].task_created().task().due_at(), At(kStart + 9 * kDay));
  EXPECT_EQ(tasks[1].task_created().task().title(), "Nadir CBC, cycle 1 (days 11–16)");
  EXPECT_EQ(tasks[1].task_created().task().due_at(), At(kStart + 16 * kDay));
}

// An open nadir task as the hub stores it.
v1::Task NadirTask(const std::string& id, int64_t due, const std::string& case_id = kCase) {
  v1::Task task;
  task.set_id(id);
  task.set_case_id(case_id);
  task.set_kind("myelo.nadir_cbc");
  task.set_status(v1::TASK_STATUS_OPEN);
  *task.mutable_due_at() = At(due);
  return task;
}

// Cycle 2 of lung.ep started at kStart, with its two nadir tasks open.
v1::PatientState CycleWithNadirTasks() {
  v1::PatientState state = Patient("lung");
  *state.add_chemo_cycles() = Cycle(1, "lung.ep", kStart - 21 * kDay);
  *state.add_chemo_cycles() = Cycle(2, "lung.ep", kStart);
  *state.add_tasks() = NadirTask("p0000000000ab-t20", kStart + 8 * kDay);
  *state.add_tasks() = NadirTask("p0000000000ab-t21", kStart + 14 * kDay);
  return state;
}

v1::LabResult CbcAt(int64_t observed_at) {
  v1::LabResult result;
  result.mutable_code()->set_code("751-8");
  result.set_value(0.9);
  result.set_unit("10*9/L");
  *result.mutable_observed_at() = At(observed_at);
  return result;
}

std::optional<v1::Event> Complete(const v1::PatientState& state, int64_t observed_at,
                                  absl::string_view analyte = "anc") {
  return CompleteNadirCbcTask(EmbeddedChemoRules(), analyte, CbcAt(observed_at), state);
}

struct Boundary {
  const char* why;
  int64_t observed_at;
  // Empty: no task completed.
  const char* task_id;
  const char* note;
};

// Day N is the N-th 24 hours from the cycle's start (nadir_tasks.h).
constexpr Boundary kBoundaries[] = {
    {"a second before cycle 2 started: day 21 of cycle 1", kStart - 1, "", ""},
    {"day 5, last second: before D7±1", kStart + 5 * kDay - 1, "", ""},
    {"day 6, first second: D7±1 opens", kStart + 5 * kDay, "p0000000000ab-t20", "CBC at day 6"},
    {"day 7: §5 D7", kStart + 6 * kDay + 3600, "p0000000000ab-t20", "CBC at day 7"},
    {"day 8, last second: D7±1 closes at its due time", kStart + 8 * kDay - 1, "p0000000000ab-t20",
     "CBC at day 8"},
    {"day 9: between the draws", kStart + 8 * kDay, "", ""},
    {"day 9, last second", kStart + 9 * kDay - 1, "", ""},
    {"day 10, first second: §5 D10–14 opens", kStart + 9 * kDay, "p0000000000ab-t21",
     "CBC at day 10"},
    {"day 14, last second: D10–14 closes at its due time", kStart + 14 * kDay - 1,
     "p0000000000ab-t21", "CBC at day 14"},
    {"day 15: after the window", kStart + 14 * kDay, "", ""},
};

class NadirBoundaryTest : public ::testing::TestWithParam<Boundary> {};

TEST_P(NadirBoundaryTest, CompletesTheTaskWhoseDaysHoldTheResult) {
  const Boundary& row = GetParam();
  SCOPED_TRACE(row.why);
  std::optional<v1::Event> completed = Complete(CycleWithNadirTasks(), row.observed_at);
  if (*row.task_id == '\0') {
    EXPECT_FALSE(completed.has_value());
    return;
  }
  ASSERT_TRUE(completed.has_value());
  EXPECT_EQ(completed->task_completed().task_id(), row.task_id);
  EXPECT_EQ(completed->task_completed().note(), row.note);
}

INSTANTIATE_TEST_SUITE_P(Section5, NadirBoundaryTest, ::testing::ValuesIn(kBoundaries));

// nadir_monitoring.textproto cbc_analytes: ANC, WBC and platelets are the
// CBC; hemoglobin is not a count.
TEST(NadirCompletionTest, OnlyTheCountsOfACbcComplete) {
  const int64_t day7 = kStart + 6 * kDay;
  EXPECT_TRUE(Complete(CycleWithNadirTasks(), day7, "wbc").has_value());
  EXPECT_TRUE(Complete(CycleWithNadirTasks(), day7, "platelets").has_value());
  EXPECT_FALSE(Complete(CycleWithNadirTasks(), day7, "hemoglobin").has_value());
}

// A task done is done: a second CBC in D7±1 completes nothing.
TEST(NadirCompletionTest, ACompletedTaskIsNotCompletedAgain) {
  v1::PatientState state = CycleWithNadirTasks();
  state.mutable_tasks(0)->set_status(v1::TASK_STATUS_COMPLETED);
  EXPECT_FALSE(Complete(state, kStart + 6 * kDay).has_value());
}

// The windows are the latest cycle's: cycle 1's day-14 task, still open,
// is not completed by a CBC of cycle 2; before cycle 2 started, it is.
TEST(NadirCompletionTest, AnEarlierCyclesTaskIsNotCompletedByALaterCyclesCbc) {
  v1::PatientState state = CycleWithNadirTasks();
  *state.add_tasks() = NadirTask("p0000000000ab-t12", kStart - 21 * kDay + 14 * kDay);
  state.mutable_tasks(0)->set_status(v1::TASK_STATUS_COMPLETED);
  // Cycle 2, day 7: only cycle 2's D7±1 could be meant, and it is done.
  EXPECT_FALSE(Complete(state, kStart + 6 * kDay).has_value());
  // Cycle 1, day 13.
  std::optional<v1::Event> completed = Complete(state, kStart - 21 * kDay + 12 * kDay);
  ASSERT_TRUE(completed.has_value());
  EXPECT_EQ(completed->task_completed().task_id(), "p0000000000ab-t12");
  EXPECT_EQ(completed->task_completed().note(), "CBC at day 13");
}

// A CBC is the patient's: it completes a task of any case, and when it
// fits two, the earliest due.
TEST(NadirCompletionTest, OneResultCompletesTheEarliestDueTaskOnly) {
  constexpr char kOther[] = "p0000000000ab-c7";
  v1::PatientState state = Patient("lung");
  *state.add_cases() = Patient("breast", kOther).cases(0);
  *state.add_chemo_cycles() = Cycle(1, "breast.tac", kStart + 2 * kDay, 0, kOther);
  *state.add_chemo_cycles() = Cycle(1, "lung.ep", kStart);
  // Listed later-due first: order in state does not decide.
  *state.add_tasks() = NadirTask("p0000000000ab-t30", kStart + 2 * kDay + 8 * kDay, kOther);
  *state.add_tasks() = NadirTask("p0000000000ab-t31", kStart + 8 * kDay);
  // Day 8 of the lung cycle, day 6 of the breast one: both D7±1.
  std::optional<v1::Event> completed = Complete(state, kStart + 7 * kDay + 60);
  ASSERT_TRUE(completed.has_value());
  EXPECT_EQ(completed->task_completed().task_id(), "p0000000000ab-t31");
  EXPECT_EQ(completed->task_completed().note(), "CBC at day 8");
}

// Only the module's nadir tasks: a staging task due the same day is not.
TEST(NadirCompletionTest, OtherTasksAreLeftAlone) {
  v1::PatientState state = Patient("lung");
  *state.add_chemo_cycles() = Cycle(1, "lung.ep", kStart);
  v1::Task staging = NadirTask("p0000000000ab-t3", kStart + 8 * kDay);
  staging.set_kind("lung.staging");
  *state.add_tasks() = staging;
  EXPECT_FALSE(Complete(state, kStart + 6 * kDay).has_value());
}

}  // namespace
}  // namespace casehub::myelosuppression
