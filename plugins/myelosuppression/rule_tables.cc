#include "plugins/myelosuppression/rule_tables.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/myelosuppression/policy_check.h"
#include "plugins/myelosuppression/text_format_parse.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

constexpr char kAnalytesFile[] = "analytes.textproto";
constexpr char kGradingFile[] = "ctcae_v5.textproto";
constexpr char kCriticalFile[] = "critical_values.textproto";

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

bool Positive(double number) { return std::isfinite(number) && number > 0; }

absl::Status CheckAnalyte(const Analyte& analyte, absl::string_view field) {
  if (analyte.symbol().empty()) return Invalid(absl::StrCat(field, ".symbol"), "is required");
  if (analyte.loinc_codes().empty()) {
    return Invalid(absl::StrCat(field, ".loinc_codes"), "needs at least one code");
  }
  bool canonical_listed = false;
  for (int i = 0; i < analyte.units_size(); ++i) {
    const UnitConversion& conversion = analyte.units(i);
    if (!Positive(conversion.numerator()) || !Positive(conversion.denominator())) {
      return Invalid(absl::StrCat(field, ".units[", i, "]"),
                     "numerator and denominator must be numbers > 0");
    }
    canonical_listed |= conversion.unit() == analyte.canonical_unit() &&
                        conversion.numerator() == conversion.denominator();
  }
  if (!canonical_listed) {
    return Invalid(absl::StrCat(field, ".canonical_unit"),
                   absl::StrCat("'", analyte.canonical_unit(),
                                "' must be listed in units with a factor of 1"));
  }
  if (!Positive(analyte.default_lln())) {
    return Invalid(absl::StrCat(field, ".default_lln"), "must be a number > 0");
  }
  if (!(analyte.plausible_max() > analyte.default_lln())) {
    return Invalid(absl::StrCat(field, ".plausible_max"), "must exceed default_lln");
  }
  return absl::OkStatus();
}

// Bands run from grade 1 at the LLN down to the most severe grade, each
// ending where the previous one starts; grading relies on that shape.
absl::Status CheckBands(const GradingRule& rule, absl::string_view field) {
  if (rule.band().empty()) return Invalid(field, "needs at least one band");
  for (int i = 0; i < rule.band_size(); ++i) {
    const GradeBand& band = rule.band(i);
    const std::string at = absl::StrCat(field, ".band[", i, "]");
    const bool last = i + 1 == rule.band_size();
    if (band.grade() != i + 1) {
      return Invalid(absl::StrCat(at, ".grade"),
                     absl::StrCat("must be ", i + 1, ": bands are grades 1, 2, ... in order"));
    }
    if (i == 0 && band.has_upper()) {
      return Invalid(absl::StrCat(at, ".upper"), "must be unset: grade 1 ends at the LLN");
    }
    if (i > 0 && (!band.has_upper() || band.upper() != rule.band(i - 1).lower())) {
      return Invalid(absl::StrCat(at, ".upper"), "must equal the lower bound of the band before");
    }
    if (band.has_lower() == last) {
      return Invalid(absl::StrCat(at, ".lower"),
                     last ? "must be unset: the most severe band has no lower bound"
                          : "is required on every band but the last");
    }
    if (band.has_lower() && band.has_upper() && !(band.lower() < band.upper())) {
      return Invalid(absl::StrCat(at, ".lower"), "must be below upper");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RuleTables> RuleTables::Parse(const TableTexts& texts) {
  AnalyteTable analytes;
  RETURN_IF_ERROR(ParseTextFormat(kAnalytesFile, texts.analytes, analytes));
  GradingTable grading;
  RETURN_IF_ERROR(ParseTextFormat(kGradingFile, texts.ctcae_v5, grading));
  RuleTables tables;
  RETURN_IF_ERROR(
      ParseTextFormat(kCriticalFile, texts.critical_values, tables.critical_defaults_));
  RETURN_IF_ERROR(tables.AddAnalytes(analytes));
  RETURN_IF_ERROR(tables.AddGrading(grading));
  RETURN_IF_ERROR(tables.CheckCriticalDefaults());
  return tables;
}

absl::Status RuleTables::AddAnalytes(const AnalyteTable& table) {
  for (int i = 0; i < table.analyte_size(); ++i) {
    const Analyte& analyte = table.analyte(i);
    const std::string field = absl::StrCat(kAnalytesFile, ": analyte[", i, "]");
    if (analyte.id().empty() || FindById(analyte.id()) != nullptr) {
      return Invalid(absl::StrCat(field, ".id"),
                     absl::StrCat("'", analyte.id(), "' must be non-empty and unique"));
    }
    for (const std::string& code : analyte.loinc_codes()) {
      if (const AnalyteRules* owner = FindByLoinc(code); owner != nullptr) {
        return Invalid(absl::StrCat(field, ".loinc_codes"),
                       absl::StrCat("'", code, "' is already a code of ", owner->analyte.id()));
      }
    }
    RETURN_IF_ERROR(CheckAnalyte(analyte, field));
    analytes_.push_back({analyte, {}});
  }
  return absl::OkStatus();
}

absl::Status RuleTables::AddGrading(const GradingTable& table) {
  if (table.grading_system().empty()) {
    return Invalid(absl::StrCat(kGradingFile, ": grading_system"), "is required");
  }
  grading_system_ = table.grading_system();
  for (int i = 0; i < table.rule_size(); ++i) {
    const GradingRule& rule = table.rule(i);
    const std::string field = absl::StrCat(kGradingFile, ": rule[", i, "]");
    auto target = std::find_if(analytes_.begin(), analytes_.end(), [&](const AnalyteRules& rules) {
      return rules.analyte.id() == rule.analyte();
    });
    if (target == analytes_.end()) {
      return Invalid(absl::StrCat(field, ".analyte"),
                     absl::StrCat("'", rule.analyte(), "' is not an analyte (known: ",
                                  AnalyteIds(), ")"));
    }
    if (!target->grading.analyte().empty()) {
      return Invalid(absl::StrCat(field, ".analyte"),
                     absl::StrCat("'", rule.analyte(), "' already has a rule"));
    }
    if (rule.term().empty()) return Invalid(absl::StrCat(field, ".term"), "is required");
    RETURN_IF_ERROR(CheckBands(rule, field));
    target->grading = rule;
  }
  for (const AnalyteRules& rules : analytes_) {
    if (rules.grading.analyte().empty()) {
      return Invalid(kGradingFile, absl::StrCat("no rule grades '", rules.analyte.id(), "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status RuleTables::CheckCriticalDefaults() const {
  const std::string prefix = absl::StrCat(kCriticalFile, ": ");
  RETURN_IF_ERROR(CheckPolicy(critical_defaults_, prefix, *this));
  if (!critical_defaults_.site_id().empty()) {
    return Invalid(absl::StrCat(prefix, "site_id"),
                   "must be unset: these are every site's defaults");
  }
  if (!critical_defaults_.has_acknowledge_within_minutes()) {
    return Invalid(absl::StrCat(prefix, "acknowledge_within_minutes"), "is required");
  }
  if (!critical_defaults_.has_escalate_to()) {
    return Invalid(absl::StrCat(prefix, "escalate_to"), "is required");
  }
  return CheckLimitsOrdered(critical_defaults_, kCriticalFile);
}

const AnalyteRules* RuleTables::FindByLoinc(absl::string_view loinc_code) const {
  for (const AnalyteRules& rules : analytes_) {
    for (const std::string& code : rules.analyte.loinc_codes()) {
      if (code == loinc_code) return &rules;
    }
  }
  return nullptr;
}

const AnalyteRules* RuleTables::FindById(absl::string_view analyte_id) const {
  for (const AnalyteRules& rules : analytes_) {
    if (rules.analyte.id() == analyte_id) return &rules;
  }
  return nullptr;
}

std::string RuleTables::AnalyteIds() const {
  return absl::StrJoin(analytes_, ", ", [](std::string* out, const AnalyteRules& rules) {
    out->append(rules.analyte.id());
  });
}

}  // namespace casehub::myelosuppression
