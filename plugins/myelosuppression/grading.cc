#include "plugins/myelosuppression/grading.h"

#include "absl/strings/str_cat.h"
#include "plugins/myelosuppression/number_format.h"
#include "plugins/myelosuppression/units.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {

Grade GradeValue(const AnalyteRules& rules, double value, double lln) {
  const Analyte& analyte = rules.analyte;
  auto shown = [&](double number) { return FormatNumber(number, analyte.display_decimals()); };
  const std::string lln_text = absl::StrCat(shown(lln), " (LLN)");
  if (value >= lln) return {0, absl::StrCat("G0: ", analyte.symbol(), " >= ", lln_text)};
  // Bands run from grade 1 down and the last has no lower bound (checked
  // when the tables load): the first band whose lower bound the value
  // reaches is its grade.
  const auto& bands = rules.grading.band();
  int i = 0;
  while (i + 1 < bands.size() && value < bands[i].lower()) ++i;
  const GradeBand& band = bands[i];
  return {band.grade(),
          absl::StrCat("G", band.grade(), ": ",
                       band.has_lower() ? absl::StrCat(shown(band.lower()), " <= ") : "",
                       analyte.symbol(), " < ",
                       band.has_upper() ? shown(band.upper()) : lln_text)};
}

absl::StatusOr<v1::LabResultGraded> GradeLabResult(const RuleTables& tables,
                                                   const AnalyteRules& rules,
                                                   const v1::LabResult& result) {
  const Analyte& analyte = rules.analyte;
  ASSIGN_OR_RETURN(const UnitConversion* unit, FindUnit(analyte, result.unit()));
  const double value = ToCanonical(*unit, result.value());
  const double lln = result.has_reference_low() ? ToCanonical(*unit, result.reference_low())
                                                : analyte.default_lln();
  Grade grade = GradeValue(rules, value, lln);
  v1::LabResultGraded graded;
  graded.set_analyte(analyte.id());
  graded.set_value(value);
  graded.set_unit(analyte.canonical_unit());
  graded.set_grade(grade.grade);
  graded.set_grading_system(tables.grading_system());
  graded.set_term(rules.grading.term());
  graded.set_rule(std::move(grade.rule));
  graded.set_case_id(result.case_id());
  if (result.has_observed_at()) *graded.mutable_observed_at() = result.observed_at();
  return graded;
}

}  // namespace casehub::myelosuppression
