// G-CSF prophylaxis over the shipped gcsf_drugs.textproto: each drug of
// clinical-rules.md §7 and its form, what a recorded dose must look like,
// and the review of §2.4 "Dosing and timing" at each boundary: dose, timing,
// both forms in one cycle, one long-acting dose per cycle, and use in a
// low-risk cycle (over-use).
#include "plugins/myelosuppression/gcsf_prophylaxis.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/chemo_fixtures.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const GcsfRules& Gcsf() { return EmbeddedChemoRules().gcsf(); }

// --- Drugs (§7).

struct DrugRow {
  const char* name;
  GcsfForm form;
  const char* generic;
  const char* row;
};

constexpr GcsfForm kShort = GCSF_FORM_SHORT_ACTING;
constexpr GcsfForm kLong = GCSF_FORM_LONG_ACTING;

class DrugFormTest : public ::testing::TestWithParam<DrugRow> {};

TEST_P(DrugFormTest, MapsTheNameToItsForm) {
  const DrugRow& row = GetParam();
  const GcsfDrug* drug = Gcsf().FindDrug(row.name);
  ASSERT_NE(drug, nullptr) << row.row;
  EXPECT_EQ(drug->form(), row.form) << row.row;
  EXPECT_EQ(drug->name(), row.generic) << row.row;
}

INSTANTIATE_TEST_SUITE_P(
    Section7, DrugFormTest,
    ::testing::Values(
        DrugRow{"filgrastim", kShort, "filgrastim", "§7 Filgrastim / rhG-CSF: short-acting"},
        DrugRow{"rhG-CSF", kShort, "filgrastim", "§7 Filgrastim / rhG-CSF: short-acting"},
        DrugRow{"重组人粒细胞刺激因子", kShort, "filgrastim",
                "§7 Filgrastim / rhG-CSF (重组人粒细胞刺激因子): short-acting"},
        DrugRow{"lenograstim", kShort, "lenograstim", "§7 Lenograstim: short-acting"},
        DrugRow{"pegfilgrastim", kLong, "pegfilgrastim", "§7 Pegfilgrastim: long-acting"},
        DrugRow{"Pegfilgrastim", kLong, "pegfilgrastim", "§7 Pegfilgrastim, ASCII case ignored"},
        DrugRow{"聚乙二醇非格司亭", kLong, "pegfilgrastim",
                "§7 Pegfilgrastim (聚乙二醇非格司亭): long-acting"},
        DrugRow{"PEG-rhG-CSF", kLong, "PEG-rhG-CSF", "§7 PEG-rhG-CSF: long-acting"},
        DrugRow{"津优力", kLong, "PEG-rhG-CSF", "§7 PEG-rhG-CSF, e.g. 津优力"},
        DrugRow{"新瑞白", kLong, "PEG-rhG-CSF", "§7 PEG-rhG-CSF, e.g. 新瑞白"},
        DrugRow{"mecapegfilgrastim", kLong, "mecapegfilgrastim", "§7 Mecapegfilgrastim"},
        DrugRow{"硫培非格司亭", kLong, "mecapegfilgrastim", "§7 Mecapegfilgrastim (硫培非格司亭)"},
        DrugRow{"HHPG-19K", kLong, "mecapegfilgrastim", "§7 Mecapegfilgrastim (HHPG-19K)"},
        DrugRow{"telpegfilgrastim", kLong, "telpegfilgrastim", "§7 Telpegfilgrastim"},
        DrugRow{"拓培非格司亭", kLong, "telpegfilgrastim", "§7 Telpegfilgrastim (拓培非格司亭)"},
        DrugRow{"珮金", kLong, "telpegfilgrastim", "§7 Telpegfilgrastim (珮金)"},
        DrugRow{"lipegfilgrastim", kLong, "lipegfilgrastim", "§7 Lipegfilgrastim: long-acting"}));

// §7 Sargramostim is GM-CSF: not in the table.
TEST(GcsfTableTest, HasNoGmCsf) {
  EXPECT_EQ(Gcsf().FindDrug("sargramostim"), nullptr);
  EXPECT_EQ(Gcsf().FindDrug(""), nullptr);
}

// gcsf_drugs.textproto: min and max are label_dose ∓ tolerance_percent.
TEST(GcsfTableTest, RefusesABoundThatIsNotTheLabelWithTheTolerance) {
  constexpr char kTable[] = R"(
    drug { name: "pegfilgrastim" form: GCSF_FORM_LONG_ACTING source: "s" }
    dose_units: "mg" tolerance_percent: 10 review_due_hours: 24
    form { form: GCSF_FORM_LONG_ACTING name: "long-acting" source: "s" min_hours: 24
           max_hours: 48 dose { unit: "mg" label_dose: 6 min: 5 max: 6.6 } })";
  absl::StatusOr<GcsfRules> parsed = GcsfRules::Parse(kTable);
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "gcsf_drugs.textproto: form[0].dose[0].min: must be 5.4 (label_dose 6 - 10%), got 5");
  // A drug whose form has no rules.
  parsed = GcsfRules::Parse(R"(
    drug { name: "filgrastim" form: GCSF_FORM_SHORT_ACTING source: "s" }
    dose_units: "mg" review_due_hours: 24)");
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "gcsf_drugs.textproto: drug[0].form: GCSF_FORM_SHORT_ACTING has no form rules");
}

// --- Validate.

// kCase, with cycle 2 of lung.ep started.
v1::PatientState InCycle2() {
  v1::PatientState state = Patient("lung");
  *state.add_chemo_cycles() = Cycle(2, "lung.ep", kStart);
  return state;
}

v1::RecordProphylaxisRequest Request(const std::string& drug, double dose,
                                     const std::string& unit, double hours) {
  v1::RecordProphylaxisRequest request;
  request.set_case_id(kCase);
  request.set_cycle_number(2);
  request.set_drug(drug);
  request.set_dose(dose);
  request.set_dose_unit(unit);
  request.set_hours_after_chemo_end(hours);
  *request.mutable_administered_at() = At(kStart + 4 * kDay);
  return request;
}

// gcsf_drugs.textproto: a listed drug, in dose_units, at any time >= 0.
TEST(ProphylaxisCheckTest, AcceptsAListedDrugInACycleThatStarted) {
  EXPECT_TRUE(CheckProphylaxis(Gcsf(), Request("pegfilgrastim", 6, "mg", 24), InCycle2()).ok());
  EXPECT_TRUE(CheckProphylaxis(Gcsf(), Request("津优力", 100, "ug/kg", 0), InCycle2()).ok());
  // A dose outside the label is reviewed, not refused.
  EXPECT_TRUE(CheckProphylaxis(Gcsf(), Request("filgrastim", 300, "ug", 200), InCycle2()).ok());
}

struct Refusal {
  const char* why;
  v1::RecordProphylaxisRequest request;
  absl::StatusCode code;
  const char* message;
};

class ProphylaxisRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(ProphylaxisRefusalTest, NamesTheField) {
  const Refusal& row = GetParam();
  const absl::Status refused = CheckProphylaxis(Gcsf(), row.request, InCycle2());
  EXPECT_EQ(refused.code(), row.code) << row.why;
  EXPECT_EQ(refused.message(), row.message) << row.why;
}

v1::RecordProphylaxisRequest InCase(std::string case_id, uint32_t cycle) {
  v1::RecordProphylaxisRequest request = Request("pegfilgrastim", 6, "mg", 24);
  request.set_case_id(std::move(case_id));
  request.set_cycle_number(cycle);
  return request;
}

INSTANTIATE_TEST_SUITE_P(
    Fields, ProphylaxisRefusalTest,
    ::testing::Values(
        Refusal{"§7 Sargramostim (GM-CSF) is not G-CSF prophylaxis",
                Request("sargramostim", 250, "ug", 24), absl::StatusCode::kInvalidArgument,
                "drug: 'sargramostim' is not a G-CSF for prophylaxis (known: filgrastim, "
                "lenograstim, pegfilgrastim, PEG-rhG-CSF, mecapegfilgrastim, telpegfilgrastim, "
                "lipegfilgrastim)"},
        Refusal{"dose must be > 0", Request("pegfilgrastim", 0, "mg", 24),
                absl::StatusCode::kInvalidArgument, "dose: must be a number > 0, got 0"},
        Refusal{"dose must be finite",
                Request("pegfilgrastim", std::numeric_limits<double>::infinity(), "mg", 24),
                absl::StatusCode::kInvalidArgument, "dose: must be a number > 0, got inf"},
        Refusal{"gcsf_drugs.textproto dose_units: mg, ug, ug/kg",
                Request("pegfilgrastim", 0.6, "mL", 24), absl::StatusCode::kInvalidArgument,
                "dose_unit: 'mL' is not a dose unit (accepted: mg, ug, ug/kg)"},
        Refusal{"hours after chemotherapy ends >= 0", Request("pegfilgrastim", 6, "mg", -1),
                absl::StatusCode::kInvalidArgument,
                "hours_after_chemo_end: must be a number >= 0, got -1"},
        Refusal{"the case must be the patient's", InCase("p0000000000ab-c9", 2),
                absl::StatusCode::kNotFound, "case_id: case p0000000000ab-c9 not found"},
        Refusal{"prophylaxis follows a started cycle", InCase(kCase, 3),
                absl::StatusCode::kFailedPrecondition,
                "cycle 3 of case p0000000000ab-c2 has not started"}));

// --- Review (§2.4 "Dosing and timing").

v1::ProphylaxisAdministration Dose(const std::string& id, const std::string& drug, double dose,
                                   const std::string& unit, double hours, uint32_t cycle = 2) {
  v1::ProphylaxisAdministration given;
  given.set_id(id);
  given.set_case_id(kCase);
  given.set_cycle_number(cycle);
  given.set_drug(drug);
  given.set_dose(dose);
  given.set_dose_unit(unit);
  given.set_hours_after_chemo_end(hours);
  return given;
}

// The recorded event, at kStart + 4 d; the hub has applied it to `state`.
std::vector<v1::Event> Review(const v1::ProphylaxisAdministration& given,
                              v1::PatientState state) {
  *state.add_prophylaxis() = given;
  v1::Event event;
  event.set_patient_id(kPatient);
  *event.mutable_recorded_at() = At(kStart + 4 * kDay);
  *event.mutable_prophylaxis_recorded()->mutable_administration() = given;
  return ReviewProphylaxis(Gcsf(), event, state);
}

struct DoseRow {
  const char* drug;
  double dose;
  const char* unit;
  bool review;
  const char* row;
};

class DoseWindowTest : public ::testing::TestWithParam<DoseRow> {};

// Timing held at 24 h, inside both forms' windows.
TEST_P(DoseWindowTest, ReviewsADoseOutsideTheLabelWindow) {
  const DoseRow& row = GetParam();
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", row.drug, row.dose, row.unit, 24), InCycle2());
  ASSERT_FALSE(derived.empty()) << row.row;
  ASSERT_TRUE(derived[0].has_prophylaxis_reviewed()) << row.row;
  EXPECT_EQ(derived[0].prophylaxis_reviewed().needs_pharmacist_review(), row.review) << row.row;
  EXPECT_EQ(derived[0].prophylaxis_reviewed().reasons_size(), row.review ? 1 : 0) << row.row;
  EXPECT_EQ(derived.size(), row.review ? 2u : 1u) << row.row;
}

INSTANTIATE_TEST_SUITE_P(
    Section24, DoseWindowTest,
    ::testing::Values(
        DoseRow{"pegfilgrastim", 6, "mg", false, "§2.4 long-acting 6 mg fixed"},
        DoseRow{"pegfilgrastim", 5.4, "mg", false, "long-acting mg: min 5.4 (6 - 10%) inclusive"},
        DoseRow{"pegfilgrastim", 5.39, "mg", true, "long-acting mg: below 5.4"},
        DoseRow{"pegfilgrastim", 6.6, "mg", false, "long-acting mg: max 6.6 (6 + 10%) inclusive"},
        DoseRow{"pegfilgrastim", 6.61, "mg", true, "long-acting mg: above 6.6"},
        DoseRow{"mecapegfilgrastim", 5400, "ug", false, "long-acting ug: min 5400 inclusive"},
        DoseRow{"mecapegfilgrastim", 5399, "ug", true, "long-acting ug: below 5400"},
        DoseRow{"mecapegfilgrastim", 6600, "ug", false, "long-acting ug: max 6600 inclusive"},
        DoseRow{"mecapegfilgrastim", 6601, "ug", true, "long-acting ug: above 6600"},
        DoseRow{"PEG-rhG-CSF", 100, "ug/kg", false, "§2.4 long-acting 100 µg/kg"},
        DoseRow{"PEG-rhG-CSF", 90, "ug/kg", false, "long-acting ug/kg: min 90 inclusive"},
        DoseRow{"PEG-rhG-CSF", 89.9, "ug/kg", true, "long-acting ug/kg: below 90"},
        DoseRow{"PEG-rhG-CSF", 110, "ug/kg", false, "long-acting ug/kg: max 110 inclusive"},
        DoseRow{"PEG-rhG-CSF", 110.1, "ug/kg", true, "long-acting ug/kg: above 110"},
        DoseRow{"filgrastim", 5, "ug/kg", false, "§2.4 short-acting 5 µg/kg/day"},
        DoseRow{"filgrastim", 4.5, "ug/kg", false, "short-acting ug/kg: min 4.5 inclusive"},
        DoseRow{"filgrastim", 4.49, "ug/kg", true, "short-acting ug/kg: below 4.5"},
        DoseRow{"lenograstim", 5.5, "ug/kg", false, "short-acting ug/kg: max 5.5 inclusive"},
        DoseRow{"lenograstim", 5.51, "ug/kg", true, "short-acting ug/kg: above 5.5"},
        DoseRow{"filgrastim", 300, "ug", true, "short-acting: no label dose in ug (needs weight)"},
        DoseRow{"filgrastim", 0.3, "mg", true, "short-acting: no label dose in mg"}));

TEST(ProphylaxisReviewTest, NamesTheLabelWindowOfAnOutOfLabelDose) {
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "津优力", 8, "mg", 24), InCycle2());
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(),
              ElementsAre("dose 8 mg of 津优力 (PEG-rhG-CSF, long-acting) is outside the label "
                          "window 5.4–6.6 mg (6 mg ± 10%) [clinical-rules.md §2.4, Dosing and "
                          "timing: long-acting]"));
  derived = Review(Dose("p0000000000ab-g9", "filgrastim", 300, "ug", 24), InCycle2());
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(),
              ElementsAre("dose 300 ug of filgrastim (short-acting): the short-acting label "
                          "gives no dose in ug (label: 5 ug/kg) → check it against the label "
                          "[clinical-rules.md §2.4, Dosing and timing: short-acting]"));
}

struct TimingRow {
  const char* drug;
  double dose;
  const char* unit;
  double hours;
  bool review;
  const char* row;
};

class TimingWindowTest : public ::testing::TestWithParam<TimingRow> {};

TEST_P(TimingWindowTest, ReviewsAFirstDoseOutsideTheWindow) {
  const TimingRow& row = GetParam();
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", row.drug, row.dose, row.unit, row.hours), InCycle2());
  ASSERT_FALSE(derived.empty()) << row.row;
  EXPECT_EQ(derived[0].prophylaxis_reviewed().needs_pharmacist_review(), row.review) << row.row;
  EXPECT_EQ(derived.size(), row.review ? 2u : 1u) << row.row;
}

INSTANTIATE_TEST_SUITE_P(
    Section24, TimingWindowTest,
    ::testing::Values(
        TimingRow{"pegfilgrastim", 6, "mg", 24, false, "§2.4 long-acting >= 24 h inclusive"},
        TimingRow{"pegfilgrastim", 6, "mg", 23.9, true, "§2.4 long-acting: before 24 h"},
        TimingRow{"pegfilgrastim", 6, "mg", 0, true, "§2.4 long-acting: same day as chemo"},
        TimingRow{"pegfilgrastim", 6, "mg", 48, false, "§2.4 long-acting commonly 24–48 h"},
        TimingRow{"pegfilgrastim", 6, "mg", 48.1, true, "§2.4 long-acting: after 48 h"},
        TimingRow{"filgrastim", 5, "ug/kg", 24, false, "§2.4 short-acting 24–72 h: 24 inclusive"},
        TimingRow{"filgrastim", 5, "ug/kg", 23.9, true, "§2.4 short-acting: before 24 h"},
        TimingRow{"filgrastim", 5, "ug/kg", 72, false, "§2.4 short-acting 24–72 h: 72 inclusive"},
        TimingRow{"filgrastim", 5, "ug/kg", 72.1, true, "§2.4 short-acting: after 72 h"}));

TEST(ProphylaxisReviewTest, NamesTheTimingWindow) {
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "pegfilgrastim", 6, "mg", 12), InCycle2());
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(),
              ElementsAre("first long-acting dose of cycle 2 (pegfilgrastim (long-acting)) given "
                          "12 h after chemotherapy ended, outside 24–48 h [clinical-rules.md "
                          "§2.4, Dosing and timing: long-acting]"));
}

// §2.4 short-acting "continued until the ANC recovers": the daily doses after
// the first are checked against the start of the window only.
TEST(ProphylaxisReviewTest, LaterShortActingDosesOnlyKeepTheWindowsStart) {
  v1::PatientState state = InCycle2();
  *state.add_prophylaxis() = Dose("p0000000000ab-g8", "filgrastim", 5, "ug/kg", 24);
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "filgrastim", 5, "ug/kg", 120), state);
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_FALSE(derived[0].prophylaxis_reviewed().needs_pharmacist_review());
  derived = Review(Dose("p0000000000ab-g9", "filgrastim", 5, "ug/kg", 12), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(),
              ElementsAre("short-acting dose (filgrastim (short-acting)) given 12 h after "
                          "chemotherapy ended, before 24 h [clinical-rules.md §2.4, Dosing and "
                          "timing: short-acting]"));
}

// §2.4 "one dose per cycle" (doses_per_cycle: 1).
TEST(ProphylaxisReviewTest, ReviewsASecondLongActingDoseInTheCycle) {
  v1::PatientState state = InCycle2();
  *state.add_prophylaxis() = Dose("p0000000000ab-g8", "pegfilgrastim", 6, "mg", 24);
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "mecapegfilgrastim", 6, "mg", 30), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(),
              ElementsAre("dose 2 of a long-acting G-CSF in cycle 2 (before: pegfilgrastim "
                          "p0000000000ab-g8), label: 1 per cycle [clinical-rules.md §2.4, Dosing "
                          "and timing: long-acting]"));
  // The same dose in cycle 3 is that cycle's first.
  *state.add_chemo_cycles() = Cycle(3, "lung.ep", kStart + 21 * kDay);
  derived = Review(Dose("p0000000000ab-g9", "mecapegfilgrastim", 6, "mg", 30, 3), state);
  EXPECT_EQ(derived.size(), 1u);
}

// §2.4 "Do not give both forms as prophylaxis in the same cycle".
TEST(ProphylaxisReviewTest, ReviewsBothFormsInTheSameCycle) {
  v1::PatientState state = InCycle2();
  *state.add_prophylaxis() = Dose("p0000000000ab-g8", "filgrastim", 5, "ug/kg", 24);
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "pegfilgrastim", 6, "mg", 30), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_TRUE(derived[0].prophylaxis_reviewed().needs_pharmacist_review());
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(),
              ElementsAre("both forms in cycle 2: pegfilgrastim (long-acting) after filgrastim "
                          "p0000000000ab-g8 → do not give both forms as prophylaxis in the same "
                          "cycle [clinical-rules.md §2.4, Dosing and timing: do not give both "
                          "forms]"));

  // The short-acting dose of another cycle, or of another case, does not count.
  v1::PatientState other = InCycle2();
  *other.add_prophylaxis() = Dose("p0000000000ab-g8", "filgrastim", 5, "ug/kg", 24, 1);
  v1::ProphylaxisAdministration elsewhere = Dose("p0000000000ab-g7", "filgrastim", 5, "ug/kg", 24);
  elsewhere.set_case_id("p0000000000ab-c5");
  *other.add_prophylaxis() = elsewhere;
  EXPECT_EQ(Review(Dose("p0000000000ab-g9", "pegfilgrastim", 6, "mg", 30), other).size(), 1u);
}

// §2.4 over-use (ASCO/MIPS): G-CSF in a cycle assessed as needing none.
TEST(ProphylaxisReviewTest, ReviewsUseInALowRiskCycle) {
  v1::PatientState state = InCycle2();
  v1::FnRiskAssessment low = Assessment(2, "lung.ep", kStart - kDay);
  low.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_NONE);
  *state.add_fn_risk_assessments() = low;
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "pegfilgrastim", 6, "mg", 24), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(),
              ElementsAre("FN risk assessment p0000000000ab-r5 of cycle 2 recommends no "
                          "prophylaxis (low FN risk) → G-CSF in a low-risk cycle is an over-use "
                          "signal [clinical-rules.md §2.4, over-use: ASCO/MIPS measure]"));

  // A later assessment of the cycle that recommends prophylaxis replaces it.
  v1::FnRiskAssessment later = Assessment(2, "lung.ep", kStart - 3600);
  later.set_id("p0000000000ab-r6");
  later.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER);
  *state.add_fn_risk_assessments() = later;
  EXPECT_EQ(Review(Dose("p0000000000ab-g9", "pegfilgrastim", 6, "mg", 24), state).size(), 1u);

  // OBSERVE (Assessment's default) is not low risk; another cycle's NONE does not count.
  v1::PatientState observe = InCycle2();
  *observe.add_fn_risk_assessments() = Assessment(2, "lung.ep", kStart - kDay);
  v1::FnRiskAssessment cycle1 = Assessment(1, "lung.ep", kStart - 22 * kDay);
  cycle1.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_NONE);
  *observe.add_fn_risk_assessments() = cycle1;
  EXPECT_EQ(Review(Dose("p0000000000ab-g9", "pegfilgrastim", 6, "mg", 24), observe).size(), 1u);
}

// A clean dose: one prophylaxis_reviewed, no review, no reason, no task.
TEST(ProphylaxisReviewTest, ACleanDoseNeedsNoReviewAndNoTask) {
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "pegfilgrastim", 6, "mg", 36), InCycle2());
  ASSERT_EQ(derived.size(), 1u);
  ASSERT_TRUE(derived[0].has_prophylaxis_reviewed());
  EXPECT_EQ(derived[0].prophylaxis_reviewed().administration_id(), "p0000000000ab-g9");
  EXPECT_FALSE(derived[0].prophylaxis_reviewed().needs_pharmacist_review());
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(), IsEmpty());
}

// The pharmacists' worklist: kind, role, case's owning site, due at
// recorded_at + review_due_hours (24).
TEST(ProphylaxisReviewTest, PutsADoubtfulDoseOnThePharmacistsWorklist) {
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "pegfilgrastim", 12, "mg", 36), InCycle2());
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_EQ(derived[0].prophylaxis_reviewed().administration_id(), "p0000000000ab-g9");
  ASSERT_TRUE(derived[1].has_task_created());
  const v1::Task& task = derived[1].task_created().task();
  EXPECT_EQ(task.assignee_role(), v1::ROLE_PHARMACIST);
  EXPECT_EQ(task.kind(), "myelo.gcsf_review");
  EXPECT_EQ(task.title(), "Review G-CSF: pegfilgrastim 12 mg, cycle 2");
  EXPECT_EQ(task.case_id(), kCase);
  EXPECT_EQ(task.site_id(), kCounty);
  EXPECT_EQ(task.due_at(), At(kStart + 4 * kDay + 24 * 3600));
  EXPECT_TRUE(task.id().empty());
  EXPECT_EQ(task.status(), v1::TASK_STATUS_UNSPECIFIED);
}

// Several findings: one reason each, one task.
TEST(ProphylaxisReviewTest, ListsEveryFindingInOneReview) {
  v1::PatientState state = InCycle2();
  *state.add_prophylaxis() = Dose("p0000000000ab-g8", "filgrastim", 5, "ug/kg", 24);
  std::vector<v1::Event> derived =
      Review(Dose("p0000000000ab-g9", "pegfilgrastim", 12, "mg", 12), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_EQ(derived[0].prophylaxis_reviewed().reasons_size(), 3);
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(2), HasSubstr("both forms"));
}

}  // namespace
}  // namespace casehub::myelosuppression
