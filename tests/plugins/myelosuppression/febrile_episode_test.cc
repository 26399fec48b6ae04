// A fever during chemotherapy: the bounds a recorded episode must keep, the
// CTCAE v5.0 FN definition (clinical-rules.md §1) at each boundary, and the
// MASCC index (§3) item by item, over the shipped febrile_neutropenia
// .textproto.
#include "plugins/myelosuppression/febrile_episode.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/chemo_fixtures.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::ElementsAre;

const FebrileNeutropeniaRules& Fever() { return EmbeddedChemoRules().febrile(); }

v1::RecordFebrileEpisodeRequest Request(double temperature_c, double anc) {
  v1::RecordFebrileEpisodeRequest request;
  request.set_case_id(kCase);
  *request.mutable_observed_at() = At(kStart);
  request.set_temperature_c(temperature_c);
  request.set_anc(anc);
  return request;
}

// febrile_neutropenia.textproto: plausible 30–45 °C; analytes.textproto: ANC
// plausible_max 100.
TEST(FebrileEpisodeCheckTest, AcceptsPlausibleValuesAtTheBounds) {
  const v1::PatientState state = Patient("lung");
  for (double t : {30.0, 38.5, 45.0}) {
    EXPECT_TRUE(CheckFebrileEpisode(EmbeddedChemoRules(), Request(t, 0.5), state).ok()) << t;
  }
  for (double anc : {0.0, 100.0}) {
    EXPECT_TRUE(CheckFebrileEpisode(EmbeddedChemoRules(), Request(38.5, anc), state).ok()) << anc;
  }
}

TEST(FebrileEpisodeCheckTest, RefusesImplausibleValuesAnUnknownCaseAndNoTime) {
  const v1::PatientState state = Patient("lung");
  // febrile_neutropenia.textproto: plausible_temperature_max_c 45 (101.3 is °F).
  absl::Status refused = CheckFebrileEpisode(EmbeddedChemoRules(), Request(101.3, 0.5), state);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "temperature_c: 101.3 is not a plausible body temperature (30.0 to 45.0 °C)");
  // plausible_temperature_min_c 30.
  EXPECT_EQ(CheckFebrileEpisode(EmbeddedChemoRules(), Request(29.9, 0.5), state).message(),
            "temperature_c: 29.9 is not a plausible body temperature (30.0 to 45.0 °C)");
  // analytes.textproto, anc plausible_max 100; and no negative count.
  refused = CheckFebrileEpisode(EmbeddedChemoRules(), Request(38.5, 100.5), state);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "anc: 100.5 is not a plausible ANC (0 to 100.0 10*9/L)");
  EXPECT_EQ(CheckFebrileEpisode(EmbeddedChemoRules(), Request(38.5, -0.1), state).message(),
            "anc: -0.1 is not a plausible ANC (0 to 100.0 10*9/L)");

  v1::RecordFebrileEpisodeRequest elsewhere = Request(38.5, 0.5);
  elsewhere.set_case_id("p0000000000ab-c9");
  refused = CheckFebrileEpisode(EmbeddedChemoRules(), elsewhere, state);
  EXPECT_EQ(refused.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(refused.message(), "case_id: case p0000000000ab-c9 not found");

  v1::RecordFebrileEpisodeRequest untimed = Request(38.5, 0.5);
  untimed.clear_observed_at();
  refused = CheckFebrileEpisode(EmbeddedChemoRules(), untimed, state);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "observed_at: is required");
}

v1::FebrileEpisode Episode(double temperature_c, bool sustained, double anc) {
  v1::FebrileEpisode episode;
  episode.set_id("p0000000000ab-f3");
  episode.set_case_id(kCase);
  *episode.mutable_observed_at() = At(kStart);
  episode.set_temperature_c(temperature_c);
  episode.set_temperature_sustained_1h(sustained);
  episode.set_anc(anc);
  return episode;
}

struct Definition {
  const char* why;
  double temperature_c;
  bool sustained;
  double anc;
  bool fn;
  const char* reason;
};

std::vector<Definition> Definitions() {
  return {
      {"§1 FN: ANC <1.0 and one temperature >38.3 °C", 38.31, false, 0.99, true,
       "ANC 0.99 < 1.0 and temperature 38.31 °C > 38.3 °C → febrile neutropenia "
       "[CTCAE v5.0, clinical-rules.md §1]"},
      {"§1 FN: ANC <1.0 is strict: 1.0 is not neutropenic", 38.31, false, 1.0, false,
       "ANC 1.0 is not < 1.0 and temperature 38.31 °C > 38.3 °C → not febrile neutropenia "
       "[CTCAE v5.0, clinical-rules.md §1]"},
      {"§1 FN: >38.3 °C is strict: 38.3 once is not enough", 38.3, false, 0.5, false,
       "ANC 0.5 < 1.0 and temperature 38.3 °C is neither > 38.3 °C nor >= 38.0 °C sustained "
       "> 1 h → not febrile neutropenia [CTCAE v5.0, clinical-rules.md §1]"},
      {"§1 FN: >=38.0 °C sustained >1 h", 38.0, true, 0.5, true,
       "ANC 0.5 < 1.0 and temperature 38.0 °C >= 38.0 °C sustained > 1 h → febrile "
       "neutropenia [CTCAE v5.0, clinical-rules.md §1]"},
      {"§1 FN: 38.0 °C not sustained is not enough", 38.0, false, 0.5, false,
       "ANC 0.5 < 1.0 and temperature 38.0 °C is neither > 38.3 °C nor >= 38.0 °C sustained "
       "> 1 h → not febrile neutropenia [CTCAE v5.0, clinical-rules.md §1]"},
      {"§1 FN: 37.9 °C sustained is below 38.0", 37.9, true, 0.5, false,
       "ANC 0.5 < 1.0 and temperature 37.9 °C sustained > 1 h is neither > 38.3 °C nor >= "
       "38.0 °C sustained > 1 h → not febrile neutropenia [CTCAE v5.0, clinical-rules.md §1]"},
      {"§1 FN: sustained 38.0 with ANC 1.0 is not", 38.0, true, 1.0, false,
       "ANC 1.0 is not < 1.0 and temperature 38.0 °C >= 38.0 °C sustained > 1 h → not febrile "
       "neutropenia [CTCAE v5.0, clinical-rules.md §1]"},
  };
}

class DefinitionTest : public ::testing::TestWithParam<Definition> {};

TEST_P(DefinitionTest, FollowsTheCtcaeDefinition) {
  const Definition& row = GetParam();
  SCOPED_TRACE(row.why);
  const v1::FebrileEpisodeAssessed result = AssessFebrileEpisode(
      Fever(), Episode(row.temperature_c, row.sustained, row.anc), Patient("lung"));
  EXPECT_EQ(result.episode_id(), "p0000000000ab-f3");
  EXPECT_EQ(result.febrile_neutropenia(), row.fn);
  ASSERT_GE(result.reasons_size(), 1);
  EXPECT_EQ(result.reasons(0), row.reason);
}

INSTANTIATE_TEST_SUITE_P(Section1, DefinitionTest, ::testing::ValuesIn(Definitions()));

// Every MASCC item at its best (§3): 26, unless a row changes one.
struct MasccRow {
  const char* why;
  void (*change)(v1::MasccItems&);
  const char* birth_date;
  int32_t score;
  bool low_risk;
};

v1::MasccItems BestItems() {
  v1::MasccItems items;
  items.set_burden_of_illness(v1::ILLNESS_BURDEN_NONE_OR_MILD);
  items.set_hypotension(false);
  items.set_copd(false);
  items.set_solid_tumor_or_no_prior_fungal_infection(true);
  items.set_dehydration_needing_iv_fluids(false);
  items.set_outpatient_at_onset(true);
  return items;
}

// kStart is 2001-09-09: born 1941-09-10 is 59 that day, 1941-09-09 is 60.
constexpr char kAged59[] = "1941-09-10";
constexpr char kAged60[] = "1941-09-09";

std::vector<MasccRow> MasccRows() {
  return {
      {"§3 maximum 26 points", [](v1::MasccItems&) {}, kAged59, 26, true},
      {"§3 burden moderate 3 (of 5)",
       [](v1::MasccItems& i) { i.set_burden_of_illness(v1::ILLNESS_BURDEN_MODERATE); }, kAged59,
       24, true},
      {"§3 burden severe 0 (of 5)",
       [](v1::MasccItems& i) { i.set_burden_of_illness(v1::ILLNESS_BURDEN_SEVERE); }, kAged59, 21,
       true},
      {"§3 no hypotension 5", [](v1::MasccItems& i) { i.set_hypotension(true); }, kAged59, 21,
       true},
      {"§3 no COPD 4", [](v1::MasccItems& i) { i.set_copd(true); }, kAged59, 22, true},
      {"§3 solid tumor or no prior fungal infection 4",
       [](v1::MasccItems& i) { i.set_solid_tumor_or_no_prior_fungal_infection(false); }, kAged59,
       22, true},
      {"§3 no dehydration needing IV fluids 3",
       [](v1::MasccItems& i) { i.set_dehydration_needing_iv_fluids(true); }, kAged59, 23, true},
      {"§3 outpatient at fever onset 3",
       [](v1::MasccItems& i) { i.set_outpatient_at_onset(false); }, kAged59, 23, true},
      {"§3 age <60 y 2: 60 on the day scores 0", [](v1::MasccItems&) {}, kAged60, 24, true},
      {"§3 <21 = high risk: COPD, inpatient at onset, age 60 → 26 - 4 - 3 - 2",
       [](v1::MasccItems& i) {
         i.set_copd(true);
         i.set_outpatient_at_onset(false);
       },
       kAged60, 17, false},
      {"§3 <21 = high risk: hypotension, dehydration, inpatient at onset → 26 - 5 - 3 - 3",
       [](v1::MasccItems& i) {
         i.set_hypotension(true);
         i.set_dehydration_needing_iv_fluids(true);
         i.set_outpatient_at_onset(false);
       },
       kAged59, 15, false},
  };
}

class MasccTest : public ::testing::TestWithParam<MasccRow> {};

TEST_P(MasccTest, ScoresEachItem) {
  const MasccRow& row = GetParam();
  SCOPED_TRACE(row.why);
  v1::FebrileEpisode episode = Episode(38.5, false, 0.5);
  *episode.mutable_mascc() = BestItems();
  row.change(*episode.mutable_mascc());
  v1::PatientState state = Patient("lung");
  state.mutable_patient()->set_birth_date(row.birth_date);
  const v1::FebrileEpisodeAssessed result = AssessFebrileEpisode(Fever(), episode, state);
  ASSERT_TRUE(result.has_mascc_score());
  EXPECT_EQ(result.mascc_score(), row.score);
  EXPECT_EQ(result.mascc_low_risk(), row.low_risk);
}

INSTANTIATE_TEST_SUITE_P(Section3, MasccTest, ::testing::ValuesIn(MasccRows()));

// §3 ">=21 = low risk" at its boundary, with the reason in words.
TEST(MasccReasonTest, TwentyOneIsLowRiskAndTwentyIsNot) {
  v1::FebrileEpisode episode = Episode(38.5, false, 0.5);
  *episode.mutable_mascc() = BestItems();
  episode.mutable_mascc()->set_hypotension(true);  // 26 - 5 = 21 at age 59
  v1::PatientState state = Patient("lung");
  state.mutable_patient()->set_birth_date(kAged59);
  v1::FebrileEpisodeAssessed result = AssessFebrileEpisode(Fever(), episode, state);
  EXPECT_EQ(result.mascc_score(), 21);
  EXPECT_TRUE(result.mascc_low_risk());
  EXPECT_EQ(result.reasons(1),
            "MASCC 21 of 26 (burden of illness none/mild 5, no hypotension 0, no COPD 4, solid "
            "tumor or no prior fungal infection 4, no dehydration needing IV fluids 3, "
            "outpatient at onset 3, age 59 < 60 2) >= 21 → low risk, candidate for oral or "
            "outpatient antibiotics [MASCC, clinical-rules.md §3]");

  // Exactly 20: moderate burden (3) + COPD (0 of 4) + age 59 → 26 - 2 - 4 = 20.
  *episode.mutable_mascc() = BestItems();
  episode.mutable_mascc()->set_burden_of_illness(v1::ILLNESS_BURDEN_MODERATE);
  episode.mutable_mascc()->set_copd(true);
  result = AssessFebrileEpisode(Fever(), episode, state);
  EXPECT_EQ(result.mascc_score(), 20);
  EXPECT_FALSE(result.mascc_low_risk());
  EXPECT_THAT(result.reasons(1), ::testing::EndsWith(
                                     ") < 21 → high risk, admit for IV antibiotics "
                                     "[MASCC, clinical-rules.md §3]"));
}

// §3 "the score is computed only when every item is given": no score, and
// which items are missing.
TEST(MasccReasonTest, AMissingItemGivesNoScoreAndNamesIt) {
  v1::FebrileEpisode episode = Episode(38.5, false, 0.5);
  *episode.mutable_mascc() = BestItems();
  episode.mutable_mascc()->clear_copd();
  v1::PatientState state = Patient("lung");
  state.mutable_patient()->set_birth_date(kAged59);
  v1::FebrileEpisodeAssessed result = AssessFebrileEpisode(Fever(), episode, state);
  EXPECT_FALSE(result.has_mascc_score());
  EXPECT_FALSE(result.mascc_low_risk());
  EXPECT_EQ(result.reasons(1), "MASCC not scored: missing copd [MASCC, clinical-rules.md §3]");

  // Nothing given and no birth date: every item, in §3's order.
  episode.clear_mascc();
  state.mutable_patient()->clear_birth_date();
  result = AssessFebrileEpisode(Fever(), episode, state);
  EXPECT_FALSE(result.has_mascc_score());
  EXPECT_THAT(result.reasons(),
              ElementsAre(::testing::_,
                          "MASCC not scored: missing burden_of_illness, hypotension, copd, "
                          "solid_tumor_or_no_prior_fungal_infection, "
                          "dehydration_needing_iv_fluids, outpatient_at_onset, age (no birth "
                          "date of the patient) [MASCC, clinical-rules.md §3]"));
}

}  // namespace
}  // namespace casehub::myelosuppression
