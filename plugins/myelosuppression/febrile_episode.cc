#include "plugins/myelosuppression/febrile_episode.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "plugins/myelosuppression/number_format.h"

namespace casehub::myelosuppression {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

std::string Celsius(double value) { return absl::StrCat(FormatNumber(value, 1), " °C"); }

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

// §1: the FN reason, e.g. "ANC 0.8 < 1.0 and temperature 38.5 °C > 38.3 °C →
// febrile neutropenia [CTCAE v5.0, clinical-rules.md §1]".
bool CheckDefinition(const FebrileNeutropeniaRules& rules, const v1::FebrileEpisode& episode,
                     std::string& reason) {
  const bool neutropenic = episode.anc() < rules.anc_below();
  const std::string anc =
      absl::StrCat("ANC ", FormatNumber(episode.anc(), 1), neutropenic ? " < " : " is not < ",
                   FormatNumber(rules.anc_below(), 1));
  const double t = episode.temperature_c();
  const bool single = t > rules.single_above_c();
  const bool sustained = episode.temperature_sustained_1h() && t >= rules.sustained_at_least_c();
  std::string fever;
  if (single) {
    fever = absl::StrCat("temperature ", Celsius(t), " > ", Celsius(rules.single_above_c()));
  } else if (sustained) {
    fever = absl::StrCat("temperature ", Celsius(t), " >= ", Celsius(rules.sustained_at_least_c()),
                         " sustained > 1 h");
  } else {
    fever = absl::StrCat("temperature ", Celsius(t),
                         episode.temperature_sustained_1h() ? " sustained > 1 h" : "",
                         " is neither > ", Celsius(rules.single_above_c()), " nor >= ",
                         Celsius(rules.sustained_at_least_c()), " sustained > 1 h");
  }
  const bool fn = neutropenic && (single || sustained);
  reason = absl::StrCat(anc, " and ", fever, fn ? " → febrile neutropenia" : " → not febrile neutropenia",
                        " [", rules.definition_source(), "]");
  return fn;
}

// Full years from `birth_date` ("YYYY-MM-DD") to `at` (UTC); nullopt when the
// date does not parse.
std::optional<int> AgeAt(const std::string& birth_date, absl::Time at) {
  absl::CivilDay born;
  if (!absl::ParseCivilTime(birth_date, &born)) return std::nullopt;
  const absl::CivilDay day = absl::ToCivilDay(at, absl::UTCTimeZone());
  int age = static_cast<int>(day.year() - born.year());
  if (day.month() < born.month() || (day.month() == born.month() && day.day() < born.day())) {
    --age;
  }
  return age;
}

struct Item {
  std::string name;
  int32_t points;
};

// §3: each item's points; the names of those missing in `missing`.
std::vector<Item> MasccItems(const MasccIndex& index, const v1::FebrileEpisode& episode,
                             const v1::PatientState& state, std::vector<std::string>& missing) {
  const v1::MasccItems& items = episode.mascc();
  std::vector<Item> scored;
  switch (items.burden_of_illness()) {
    case v1::ILLNESS_BURDEN_NONE_OR_MILD:
      scored.push_back({"burden of illness none/mild", index.burden_none_or_mild()});
      break;
    case v1::ILLNESS_BURDEN_MODERATE:
      scored.push_back({"burden of illness moderate", index.burden_moderate()});
      break;
    case v1::ILLNESS_BURDEN_SEVERE:
      scored.push_back({"burden of illness severe", index.burden_severe()});
      break;
    default:
      missing.push_back("burden_of_illness");
  }
  auto add = [&](bool given, bool holds, absl::string_view field, absl::string_view name,
                 int32_t points) {
    if (!given) {
      missing.emplace_back(field);
      return;
    }
    scored.push_back({std::string(name), holds ? points : 0});
  };
  add(items.has_hypotension(), !items.hypotension(), "hypotension", "no hypotension",
      index.no_hypotension());
  add(items.has_copd(), !items.copd(), "copd", "no COPD", index.no_copd());
  add(items.has_solid_tumor_or_no_prior_fungal_infection(),
      items.solid_tumor_or_no_prior_fungal_infection(),
      "solid_tumor_or_no_prior_fungal_infection", "solid tumor or no prior fungal infection",
      index.solid_tumor_or_no_prior_fungal_infection());
  add(items.has_dehydration_needing_iv_fluids(), !items.dehydration_needing_iv_fluids(),
      "dehydration_needing_iv_fluids", "no dehydration needing IV fluids",
      index.no_dehydration());
  add(items.has_outpatient_at_onset(), items.outpatient_at_onset(), "outpatient_at_onset",
      "outpatient at onset", index.outpatient_at_onset());
  const std::optional<int> age = AgeAt(state.patient().birth_date(), ToTime(episode.observed_at()));
  if (!age) {
    missing.push_back("age (no birth date of the patient)");
  } else {
    scored.push_back({absl::StrCat("age ", *age, *age < index.age_below_years() ? " < " : " >= ",
                                   index.age_below_years()),
                      *age < index.age_below_years() ? index.age_points() : 0});
  }
  return scored;
}

void ScoreMascc(const MasccIndex& index, const v1::FebrileEpisode& episode,
                const v1::PatientState& state, v1::FebrileEpisodeAssessed& result) {
  std::vector<std::string> missing;
  const std::vector<Item> items = MasccItems(index, episode, state, missing);
  const std::string source = absl::StrCat("[", index.source(), "]");
  if (!missing.empty()) {
    result.add_reasons(absl::StrCat("MASCC not scored: missing ", absl::StrJoin(missing, ", "),
                                    " ", source));
    return;
  }
  int32_t score = 0;
  for (const Item& item : items) score += item.points;
  const bool low = score >= index.low_risk_at_least();
  result.set_mascc_score(score);
  result.set_mascc_low_risk(low);
  result.add_reasons(absl::StrCat(
      "MASCC ", score, " of ", index.max_score(), " (",
      absl::StrJoin(items, ", ",
                    [](std::string* out, const Item& item) {
                      absl::StrAppend(out, item.name, " ", item.points);
                    }),
      ") ", low ? ">= " : "< ", index.low_risk_at_least(),
      low ? " → low risk, candidate for oral or outpatient antibiotics "
          : " → high risk, admit for IV antibiotics ",
      source));
}

}  // namespace

absl::Status CheckFebrileEpisode(const ChemoRules& rules,
                                 const v1::RecordFebrileEpisodeRequest& request,
                                 const v1::PatientState& state) {
  const FebrileNeutropeniaRules& fever = rules.febrile();
  const double t = request.temperature_c();
  if (!(t >= fever.plausible_temperature_min_c() && t <= fever.plausible_temperature_max_c())) {
    return Invalid("temperature_c",
                   absl::StrCat(FormatNumber(t, 1), " is not a plausible body temperature (",
                                FormatNumber(fever.plausible_temperature_min_c(), 1), " to ",
                                Celsius(fever.plausible_temperature_max_c()), ")"));
  }
  if (!(request.anc() >= 0 && request.anc() <= rules.anc_plausible_max())) {
    return Invalid("anc", absl::StrCat(FormatNumber(request.anc(), 1),
                                       " is not a plausible ANC (0 to ",
                                       FormatNumber(rules.anc_plausible_max(), 1), " 10*9/L)"));
  }
  const auto& cases = state.cases();
  if (std::none_of(cases.begin(), cases.end(),
                   [&](const v1::Case& c) { return c.id() == request.case_id(); })) {
    return absl::NotFoundError(absl::StrCat("case_id: case ", request.case_id(), " not found"));
  }
  if (!request.has_observed_at()) return Invalid("observed_at", "is required");
  return absl::OkStatus();
}

v1::FebrileEpisodeAssessed AssessFebrileEpisode(const FebrileNeutropeniaRules& rules,
                                                const v1::FebrileEpisode& episode,
                                                const v1::PatientState& state) {
  v1::FebrileEpisodeAssessed result;
  result.set_episode_id(episode.id());
  std::string reason;
  result.set_febrile_neutropenia(CheckDefinition(rules, episode, reason));
  result.add_reasons(std::move(reason));
  ScoreMascc(rules.mascc(), episode, state, result);
  return result;
}

}  // namespace casehub::myelosuppression
