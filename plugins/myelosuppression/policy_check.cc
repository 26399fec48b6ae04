#include "plugins/myelosuppression/policy_check.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

absl::Status CheckLimit(bool set, double limit, absl::string_view field) {
  if (!set || (std::isfinite(limit) && limit > 0)) return absl::OkStatus();
  return Invalid(field, absl::StrCat("must be a number > 0, got ", limit));
}

}  // namespace

absl::Status CheckPolicy(const CriticalValuePolicy& policy,
                         absl::string_view prefix, const RuleTables& tables) {
  for (int i = 0; i < policy.critical_size(); ++i) {
    const CriticalLimits& limits = policy.critical(i);
    const std::string field = absl::StrCat(prefix, "critical[", i, "]");
    if (tables.FindById(limits.analyte()) == nullptr) {
      return Invalid(absl::StrCat(field, ".analyte"),
                     absl::StrCat("'", limits.analyte(), "' is not an analyte (known: ",
                                  tables.AnalyteIds(), ")"));
    }
    for (int j = 0; j < i; ++j) {
      if (policy.critical(j).analyte() == limits.analyte()) {
        return Invalid(absl::StrCat(field, ".analyte"),
                       absl::StrCat("'", limits.analyte(),
                                    "' appears twice; give both limits in one entry"));
      }
    }
    if (!limits.has_below() && !limits.has_above()) {
      return Invalid(field, "sets neither below nor above");
    }
    RETURN_IF_ERROR(
        CheckLimit(limits.has_below(), limits.below(), absl::StrCat(field, ".below")));
    RETURN_IF_ERROR(
        CheckLimit(limits.has_above(), limits.above(), absl::StrCat(field, ".above")));
  }
  if (policy.has_acknowledge_within_minutes() && policy.acknowledge_within_minutes() <= 0) {
    return Invalid(absl::StrCat(prefix, "acknowledge_within_minutes"),
                   absl::StrCat("must be > 0, got ", policy.acknowledge_within_minutes()));
  }
  if (policy.has_escalate_to() && (policy.escalate_to() == v1::ROLE_UNSPECIFIED ||
                                   !v1::Role_IsValid(policy.escalate_to()))) {
    return Invalid(absl::StrCat(prefix, "escalate_to"),
                   "must name a role, e.g. ROLE_PHYSICIAN or ROLE_NURSE");
  }
  return absl::OkStatus();
}

absl::Status CheckLimitsOrdered(const CriticalValuePolicy& policy,
                                absl::string_view field) {
  for (const CriticalLimits& limits : policy.critical()) {
    if (limits.has_below() && limits.has_above() && !(limits.below() < limits.above())) {
      return Invalid(field, absl::StrCat(limits.analyte(), " below ", limits.below(),
                                         " must be less than above ", limits.above()));
    }
  }
  return absl::OkStatus();
}

}  // namespace casehub::myelosuppression
