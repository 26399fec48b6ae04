// The rules before and during chemotherapy (clinical-rules.md §1–3 and §5):
// the regimen catalogue, the FN risk assessment form, the nadir CBC draws,
// the FN definition with MASCC, the graded management, the G-CSF drugs
// (tables/regimens, risk_factors, nadir_monitoring, febrile_neutropenia,
// management_grades, gcsf_drugs .textproto) and the
// settings that change them (assessment_valid_days, regimen_file; defaults
// in tables/settings_defaults.textproto).
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/gcsf_prophylaxis.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"
#include "plugins/myelosuppression/regimen_catalogue.h"
#include "plugins/myelosuppression/rule_tables.h"

namespace casehub::myelosuppression {

class ChemoRules {
 public:
  // Parses and checks the chemotherapy tables of `texts`, then applies
  // `settings` (the text format of a Settings message; its `site` entries
  // are SitePolicies'). INVALID_ARGUMENT naming the table file and field
  // ("risk_factors.textproto: factor[2].question: is required") or the
  // setting ("assessment_valid_days: must be > 0, got 0"; "regimen_file:
  // cannot read '/etc/x.textproto': No such file or directory").
  static absl::StatusOr<ChemoRules> Parse(const TableTexts& texts, absl::string_view settings,
                                          const RuleTables& tables);

  // The built-in regimens with the regimen_file's merged in.
  const RegimenCatalogue& regimens() const { return regimens_; }
  const RiskFactorTable& risk_factors() const { return risk_factors_; }
  const NadirMonitoring& nadir() const { return nadir_; }
  // An assessment older than this many days when its cycle starts is stale.
  int32_t assessment_valid_days() const { return assessment_valid_days_; }
  const FebrileNeutropeniaRules& febrile() const { return febrile_; }
  const ManagementGradeTable& management() const { return management_; }
  // The G-CSFs and their label rules (§2.4, §7).
  const GcsfRules& gcsf() const { return gcsf_; }
  // analytes.textproto's ANC row: the largest ANC a fever may report.
  double anc_plausible_max() const { return anc_plausible_max_; }

 private:
  RegimenCatalogue regimens_;
  RiskFactorTable risk_factors_;
  NadirMonitoring nadir_;
  int32_t assessment_valid_days_ = 0;
  FebrileNeutropeniaRules febrile_;
  ManagementGradeTable management_;
  GcsfRules gcsf_;
  double anc_plausible_max_ = 0;
};

}  // namespace casehub::myelosuppression
