// The regimen catalogue (clinical-rules.md §2.2): each chemotherapy regimen
// an FN risk assessment or a cycle may name, with its FN risk category and
// its nadir window. Built from tables/regimens.textproto and, optionally,
// the settings' regimen_file.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

class RegimenCatalogue {
 public:
  // Parses and checks `text`, a RegimenTable in text format. Each
  // regimen's nadir window must leave room for both draws of `nadir`.
  // INVALID_ARGUMENT "<source>: regimen[3].fn_category: ..." naming the
  // field.
  static absl::StatusOr<RegimenCatalogue> Parse(absl::string_view source, absl::string_view text,
                                                const NadirMonitoring& nadir);

  // Adds the regimens of `other`; one whose id is already here replaces
  // that regimen in place.
  void Merge(RegimenCatalogue other);

  // The regimen with this id, or nullptr.
  const Regimen* Find(absl::string_view id) const;
  // "a, b, c": the ids of the regimens for `tumor_type`, in catalogue
  // order; "none" when there is none.
  std::string IdsFor(absl::string_view tumor_type) const;

 private:
  std::vector<Regimen> regimens_;
};

}  // namespace casehub::myelosuppression
