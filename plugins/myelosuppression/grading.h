// CTCAE grading of one blood count (clinical-rules.md §1): a value at or
// above the lower limit of normal is grade 0; below it, the band with
// lower <= value < upper gives the grade.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "casehub/v1/clinical.pb.h"
#include "casehub/v1/event.pb.h"
#include "plugins/myelosuppression/rule_tables.h"

namespace casehub::myelosuppression {

struct Grade {
  int32_t grade;
  // The band in words, e.g. "G3: 0.5 <= ANC < 1.0".
  std::string rule;
};

// `value` and `lln` in the analyte's canonical unit.
Grade GradeValue(const AnalyteRules& rules, double value, double lln);

// The graded result (all but lab_event_seq): the value in the canonical
// unit, graded against the result's reference_low when it has one, else the
// table's default LLN, with the result's case_id and observed_at (so the hub
// can keep each cycle's worst grade). INVALID_ARGUMENT when the unit is not
// the analyte's.
absl::StatusOr<v1::LabResultGraded> GradeLabResult(const RuleTables& tables,
                                                   const AnalyteRules& rules,
                                                   const v1::LabResult& result);

}  // namespace casehub::myelosuppression
