#include "plugins/myelosuppression/site_policies.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "plugins/myelosuppression/policy_check.h"
#include "plugins/myelosuppression/text_format_parse.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

CriticalLimits& LimitsOf(CriticalValuePolicy& policy, const std::string& analyte) {
  for (CriticalLimits& limits : *policy.mutable_critical()) {
    if (limits.analyte() == analyte) return limits;
  }
  CriticalLimits& added = *policy.add_critical();
  added.set_analyte(analyte);
  return added;
}

// The defaults, with what `site` sets replacing them limit by limit.
CriticalValuePolicy Apply(const CriticalValuePolicy& defaults, const CriticalValuePolicy& site) {
  CriticalValuePolicy policy = defaults;
  policy.set_site_id(site.site_id());
  for (const CriticalLimits& limits : site.critical()) {
    LimitsOf(policy, limits.analyte()).MergeFrom(limits);
  }
  if (site.has_acknowledge_within_minutes()) {
    policy.set_acknowledge_within_minutes(site.acknowledge_within_minutes());
  }
  if (site.has_escalate_to()) policy.set_escalate_to(site.escalate_to());
  return policy;
}

}  // namespace

absl::StatusOr<SitePolicies> SitePolicies::Parse(absl::string_view settings,
                                                 const RuleTables& tables) {
  Settings parsed;
  RETURN_IF_ERROR(ParseTextFormat("settings", settings, parsed));
  SitePolicies policies;
  policies.defaults_ = tables.critical_defaults();
  for (int i = 0; i < parsed.site_size(); ++i) {
    const CriticalValuePolicy& site = parsed.site(i);
    const std::string field = absl::StrCat("site[", i, "]");
    if (site.site_id().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".site_id: is required"));
    }
    // ForSite answers the defaults, whose site_id is empty, for a new site.
    if (policies.ForSite(site.site_id()).site_id() == site.site_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".site_id: '", site.site_id(), "' appears twice"));
    }
    RETURN_IF_ERROR(CheckPolicy(site, absl::StrCat(field, "."), tables));
    CriticalValuePolicy applied = Apply(policies.defaults_, site);
    RETURN_IF_ERROR(CheckLimitsOrdered(applied, field));
    policies.sites_.push_back(std::move(applied));
  }
  return policies;
}

const CriticalValuePolicy& SitePolicies::ForSite(absl::string_view site_id) const {
  auto found = std::find_if(sites_.begin(), sites_.end(), [&](const CriticalValuePolicy& policy) {
    return policy.site_id() == site_id;
  });
  return found == sites_.end() ? defaults_ : *found;
}

}  // namespace casehub::myelosuppression
