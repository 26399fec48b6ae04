#include "plugins/myelosuppression/chemo_rules.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "plugins/myelosuppression/text_format_parse.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

constexpr char kRegimensFile[] = "regimens.textproto";
constexpr char kRiskFactorsFile[] = "risk_factors.textproto";
constexpr char kNadirFile[] = "nadir_monitoring.textproto";
constexpr char kDefaultsFile[] = "settings_defaults.textproto";
constexpr char kFebrileFile[] = "febrile_neutropenia.textproto";
constexpr char kManagementFile[] = "management_grades.textproto";
// The CTCAE grades a blood count can have below its LLN (§1).
constexpr int32_t kWorstGrade = 4;

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

absl::Status CheckNadirMonitoring(const NadirMonitoring& nadir, const RuleTables& tables) {
  const std::string prefix = absl::StrCat(kNadirFile, ": ");
  if (nadir.first_draw_margin_days() < 0) {
    return Invalid(absl::StrCat(prefix, "first_draw_margin_days"),
                   absl::StrCat("must be >= 0, got ", nadir.first_draw_margin_days()));
  }
  if (nadir.second_draw_offset_days() <= nadir.first_draw_margin_days()) {
    return Invalid(absl::StrCat(prefix, "second_draw_offset_days"),
                   "must exceed first_draw_margin_days, so that the two draws do not overlap");
  }
  if (nadir.cbc_analytes().empty()) {
    return Invalid(absl::StrCat(prefix, "cbc_analytes"), "needs at least one analyte");
  }
  for (const std::string& analyte : nadir.cbc_analytes()) {
    if (tables.FindById(analyte) == nullptr) {
      return Invalid(
          absl::StrCat(prefix, "cbc_analytes"),
          absl::StrCat("'", analyte, "' is not an analyte (known: ", tables.AnalyteIds(), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRiskFactors(const RiskFactorTable& table) {
  if (table.factor().empty()) return Invalid(kRiskFactorsFile, "holds no factor");
  for (int i = 0; i < table.factor_size(); ++i) {
    const RiskFactor& factor = table.factor(i);
    const std::string field = absl::StrCat(kRiskFactorsFile, ": factor[", i, "]");
    if (factor.key().empty()) return Invalid(absl::StrCat(field, ".key"), "is required");
    for (int j = 0; j < i; ++j) {
      if (table.factor(j).key() == factor.key()) {
        return Invalid(absl::StrCat(field, ".key"),
                       absl::StrCat("'", factor.key(), "' appears twice"));
      }
    }
    if (factor.question().empty()) {
      return Invalid(absl::StrCat(field, ".question"), "is required");
    }
    if (factor.source().empty()) return Invalid(absl::StrCat(field, ".source"), "is required");
  }
  const int32_t grade = table.secondary_prophylaxis_anc_grade();
  if (grade < 1 || grade > kWorstGrade) {
    return Invalid(absl::StrCat(kRiskFactorsFile, ": secondary_prophylaxis_anc_grade"),
                   absl::StrCat("must be a CTCAE grade from 1 to ", kWorstGrade, ", got ", grade));
  }
  return absl::OkStatus();
}

absl::Status CheckFebrile(const FebrileNeutropeniaRules& rules) {
  const std::string prefix = absl::StrCat(kFebrileFile, ": ");
  if (!(rules.plausible_temperature_min_c() > 0 &&
        rules.plausible_temperature_min_c() < rules.plausible_temperature_max_c())) {
    return Invalid(absl::StrCat(prefix, "plausible_temperature_min_c"),
                   "must be > 0 and below plausible_temperature_max_c");
  }
  if (!(rules.anc_below() > 0)) {
    return Invalid(absl::StrCat(prefix, "anc_below"), "must be a number > 0");
  }
  if (!(rules.sustained_at_least_c() > rules.plausible_temperature_min_c() &&
        rules.sustained_at_least_c() <= rules.single_above_c() &&
        rules.single_above_c() < rules.plausible_temperature_max_c())) {
    return Invalid(absl::StrCat(prefix, "single_above_c"),
                   "must lie between sustained_at_least_c and plausible_temperature_max_c");
  }
  if (rules.definition_source().empty()) {
    return Invalid(absl::StrCat(prefix, "definition_source"), "is required");
  }
  const MasccIndex& mascc = rules.mascc();
  for (int32_t points : {mascc.burden_none_or_mild(), mascc.burden_moderate(),
                         mascc.burden_severe(), mascc.no_hypotension(), mascc.no_copd(),
                         mascc.solid_tumor_or_no_prior_fungal_infection(), mascc.no_dehydration(),
                         mascc.outpatient_at_onset(), mascc.age_points()}) {
    if (points < 0) return Invalid(absl::StrCat(prefix, "mascc"), "points must be >= 0");
  }
  const int32_t most = std::max({mascc.burden_none_or_mild(), mascc.burden_moderate(),
                                 mascc.burden_severe()}) +
                       mascc.no_hypotension() + mascc.no_copd() +
                       mascc.solid_tumor_or_no_prior_fungal_infection() +
                       mascc.no_dehydration() + mascc.outpatient_at_onset() + mascc.age_points();
  if (mascc.max_score() != most) {
    return Invalid(absl::StrCat(prefix, "mascc.max_score"),
                   absl::StrCat("must be the sum of the items' greatest points, ", most, ", got ",
                                mascc.max_score()));
  }
  if (mascc.low_risk_at_least() < 1 || mascc.low_risk_at_least() > mascc.max_score()) {
    return Invalid(absl::StrCat(prefix, "mascc.low_risk_at_least"),
                   "must be from 1 to max_score");
  }
  if (mascc.age_below_years() <= 0) {
    return Invalid(absl::StrCat(prefix, "mascc.age_below_years"), "must be > 0");
  }
  if (mascc.source().empty()) return Invalid(absl::StrCat(prefix, "mascc.source"), "is required");
  return absl::OkStatus();
}

// Highest level first, each with a label, a nursing level and a condition;
// the last, and only it, applies `otherwise`.
absl::Status CheckManagement(const ManagementGradeTable& table) {
  if (table.level().empty()) return Invalid(kManagementFile, "holds no level");
  for (int i = 0; i < table.level_size(); ++i) {
    const ManagementLevel& row = table.level(i);
    const std::string field = absl::StrCat(kManagementFile, ": level[", i, "]");
    const bool last = i + 1 == table.level_size();
    if (row.level() < 1 || (i > 0 && row.level() >= table.level(i - 1).level())) {
      return Invalid(absl::StrCat(field, ".level"),
                     "must be >= 1 and below the level before: highest first");
    }
    if (row.bedside_label().empty()) {
      return Invalid(absl::StrCat(field, ".bedside_label"), "is required");
    }
    if (row.nursing_level().empty()) {
      return Invalid(absl::StrCat(field, ".nursing_level"), "is required");
    }
    if (row.source().empty()) return Invalid(absl::StrCat(field, ".source"), "is required");
    if (row.has_anc_grade_at_least() &&
        (row.anc_grade_at_least() < 1 || row.anc_grade_at_least() > kWorstGrade)) {
      return Invalid(absl::StrCat(field, ".anc_grade_at_least"),
                     absl::StrCat("must be a CTCAE grade from 1 to ", kWorstGrade));
    }
    if (row.otherwise() != last) {
      return Invalid(absl::StrCat(field, ".otherwise"),
                     last ? "must be set on the last level" : "is only for the last level");
    }
    if (!row.otherwise() && !row.has_anc_grade_at_least() && !row.confirmed_fn() &&
        row.overall_risk() == v1::FN_RISK_LEVEL_UNSPECIFIED) {
      return Invalid(field, "needs a condition");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckDefaults(const Settings& defaults) {
  const std::string prefix = absl::StrCat(kDefaultsFile, ": ");
  if (!defaults.site().empty()) {
    return Invalid(absl::StrCat(prefix, "site"),
                   "must be unset: each site's defaults are critical_values.textproto");
  }
  if (!defaults.regimen_file().empty()) {
    return Invalid(absl::StrCat(prefix, "regimen_file"),
                   "must be unset: the built-in catalogue is regimens.textproto");
  }
  if (!defaults.has_assessment_valid_days()) {
    return Invalid(absl::StrCat(prefix, "assessment_valid_days"), "is required");
  }
  return absl::OkStatus();
}

absl::Status CheckValidDays(int32_t days, absl::string_view field) {
  if (days > 0) return absl::OkStatus();
  return Invalid(field, absl::StrCat("must be > 0, got ", days));
}

absl::Status CannotRead(const std::string& path, int error) {
  return Invalid("regimen_file", absl::StrCat("cannot read '", path, "': ", std::strerror(error)));
}

// The whole file; a failure names the path and the system's reason.
absl::StatusOr<std::string> ReadRegimenFile(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return CannotRead(path, errno);
  std::string text;
  char buffer[4096];
  size_t read;
  while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, read);
  const int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) return CannotRead(path, error);
  return text;
}

}  // namespace

absl::StatusOr<ChemoRules> ChemoRules::Parse(const TableTexts& texts, absl::string_view settings,
                                             const RuleTables& tables) {
  ChemoRules rules;
  // The nadir draws first: every regimen's window is checked against them.
  RETURN_IF_ERROR(ParseTextFormat(kNadirFile, texts.nadir_monitoring, rules.nadir_));
  RETURN_IF_ERROR(CheckNadirMonitoring(rules.nadir_, tables));
  ASSIGN_OR_RETURN(rules.regimens_,
                   RegimenCatalogue::Parse(kRegimensFile, texts.regimens, rules.nadir_));
  RETURN_IF_ERROR(ParseTextFormat(kRiskFactorsFile, texts.risk_factors, rules.risk_factors_));
  RETURN_IF_ERROR(CheckRiskFactors(rules.risk_factors_));
  RETURN_IF_ERROR(ParseTextFormat(kFebrileFile, texts.febrile_neutropenia, rules.febrile_));
  RETURN_IF_ERROR(CheckFebrile(rules.febrile_));
  RETURN_IF_ERROR(ParseTextFormat(kManagementFile, texts.management_grades, rules.management_));
  RETURN_IF_ERROR(CheckManagement(rules.management_));
  ASSIGN_OR_RETURN(rules.gcsf_, GcsfRules::Parse(texts.gcsf_drugs));
  const AnalyteRules* anc = tables.FindById("anc");
  if (anc == nullptr) return Invalid("analytes.textproto", "no analyte 'anc': fevers need it");
  rules.anc_plausible_max_ = anc->analyte.plausible_max();
  Settings defaults;
  RETURN_IF_ERROR(ParseTextFormat(kDefaultsFile, texts.settings_defaults, defaults));
  RETURN_IF_ERROR(CheckDefaults(defaults));
  RETURN_IF_ERROR(CheckValidDays(defaults.assessment_valid_days(),
                                 absl::StrCat(kDefaultsFile, ": assessment_valid_days")));

  Settings parsed;
  RETURN_IF_ERROR(ParseTextFormat("settings", settings, parsed));
  rules.assessment_valid_days_ = parsed.has_assessment_valid_days()
                                     ? parsed.assessment_valid_days()
                                     : defaults.assessment_valid_days();
  RETURN_IF_ERROR(CheckValidDays(rules.assessment_valid_days_, "assessment_valid_days"));
  if (!parsed.regimen_file().empty()) {
    ASSIGN_OR_RETURN(const std::string text, ReadRegimenFile(parsed.regimen_file()));
    ASSIGN_OR_RETURN(RegimenCatalogue extra,
                     RegimenCatalogue::Parse(absl::StrCat("regimen_file: ", parsed.regimen_file()),
                                             text, rules.nadir_));
    rules.regimens_.Merge(std::move(extra));
  }
  return rules;
}

}  // namespace casehub::myelosuppression
