// The plugin settings: each site's critical-value policy, the table's
// defaults with the site's overrides applied.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"
#include "plugins/myelosuppression/rule_tables.h"

namespace casehub::myelosuppression {

class SitePolicies {
 public:
  // Parses `settings`, the text format of a Settings message (empty: every
  // site keeps the defaults). INVALID_ARGUMENT naming the field, e.g.
  // "site[0].critical[0].below: must be a number > 0, got 0".
  static absl::StatusOr<SitePolicies> Parse(absl::string_view settings,
                                            const RuleTables& tables);

  // The policy that applies at `site_id`: every limit, the minutes and the
  // role are set.
  const CriticalValuePolicy& ForSite(absl::string_view site_id) const;

 private:
  CriticalValuePolicy defaults_;
  std::vector<CriticalValuePolicy> sites_;
};

}  // namespace casehub::myelosuppression
