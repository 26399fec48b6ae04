// The blood-count rule tables (tables/analytes, ctcae_v5 and
// critical_values .textproto), parsed and checked: the analytes with their
// LOINC codes and units, their CTCAE grading, and the default critical
// values.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

// The text of each table file, named after it. RuleTables parses the first
// three, ChemoRules (chemo_rules.h) the others.
struct TableTexts {
  absl::string_view analytes;
  absl::string_view ctcae_v5;
  absl::string_view critical_values;
  absl::string_view regimens;
  absl::string_view risk_factors;
  absl::string_view nadir_monitoring;
  absl::string_view settings_defaults;
  absl::string_view febrile_neutropenia;
  absl::string_view management_grades;
  absl::string_view gcsf_drugs;
};

// An analyte and the rule that grades it.
struct AnalyteRules {
  Analyte analyte;
  GradingRule grading;
};

class RuleTables {
 public:
  // Parses and checks the tables: INVALID_ARGUMENT naming the file and the
  // field when a row is malformed, names an unknown analyte, or leaves an
  // analyte without a grading rule.
  static absl::StatusOr<RuleTables> Parse(const TableTexts& texts);

  // The analyte a LOINC code reports, or nullptr when none of the tables'.
  const AnalyteRules* FindByLoinc(absl::string_view loinc_code) const;
  const AnalyteRules* FindById(absl::string_view analyte_id) const;
  // "anc, wbc, ...", for messages that list what is known.
  std::string AnalyteIds() const;

  const std::string& grading_system() const { return grading_system_; }
  // Every limit, acknowledge_within_minutes and escalate_to are set.
  const CriticalValuePolicy& critical_defaults() const { return critical_defaults_; }

 private:
  // Each step of Parse, in order: analytes first, since the grading rules
  // and the critical defaults name them.
  absl::Status AddAnalytes(const AnalyteTable& table);
  absl::Status AddGrading(const GradingTable& table);
  absl::Status CheckCriticalDefaults() const;

  std::vector<AnalyteRules> analytes_;
  std::string grading_system_;
  CriticalValuePolicy critical_defaults_;
};

}  // namespace casehub::myelosuppression
