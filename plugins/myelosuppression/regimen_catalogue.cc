#include "plugins/myelosuppression/regimen_catalogue.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/myelosuppression/text_format_parse.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// The window holds draw 1 (first_day ± margin) from day 1 on, and draw 2
// (first_day + offset .. last_day), within the cycle when its length is
// known.
absl::Status CheckNadir(const Regimen& regimen, const NadirMonitoring& nadir,
                        absl::string_view field) {
  const NadirWindow& window = regimen.nadir();
  if (window.first_day() - nadir.first_draw_margin_days() < 1) {
    return Invalid(absl::StrCat(field, ".nadir.first_day"),
                   absl::StrCat("must be more than ", nadir.first_draw_margin_days(),
                                ": the first nadir draw starts ", nadir.first_draw_margin_days(),
                                " day(s) before it, and day 1 is the cycle's first"));
  }
  if (window.last_day() < window.first_day() + nadir.second_draw_offset_days()) {
    return Invalid(absl::StrCat(field, ".nadir.last_day"),
                   absl::StrCat("must be at least first_day + ", nadir.second_draw_offset_days(),
                                ", the second nadir draw's first day"));
  }
  if (regimen.has_cycle_days() && window.last_day() > regimen.cycle_days()) {
    return Invalid(
        absl::StrCat(field, ".nadir.last_day"),
        absl::StrCat("must be within the cycle (cycle_days ", regimen.cycle_days(), ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckRegimen(const Regimen& regimen, const NadirMonitoring& nadir,
                          absl::string_view field) {
  if (regimen.name().empty()) return Invalid(absl::StrCat(field, ".name"), "is required");
  if (regimen.tumor_types().empty()) {
    return Invalid(absl::StrCat(field, ".tumor_types"), "needs at least one tumor type");
  }
  for (const std::string& tumor_type : regimen.tumor_types()) {
    if (tumor_type.empty()) {
      return Invalid(absl::StrCat(field, ".tumor_types"), "may not hold an empty tumor type");
    }
  }
  if (regimen.fn_category() < v1::FN_RISK_LEVEL_LOW ||
      regimen.fn_category() > v1::FN_RISK_LEVEL_HIGH) {
    return Invalid(absl::StrCat(field, ".fn_category"),
                   "must be FN_RISK_LEVEL_LOW, FN_RISK_LEVEL_INTERMEDIATE or FN_RISK_LEVEL_HIGH");
  }
  if (regimen.source().empty()) return Invalid(absl::StrCat(field, ".source"), "is required");
  if (regimen.has_cycle_days() && regimen.cycle_days() <= 0) {
    return Invalid(absl::StrCat(field, ".cycle_days"),
                   absl::StrCat("must be > 0, got ", regimen.cycle_days()));
  }
  return CheckNadir(regimen, nadir, field);
}

}  // namespace

absl::StatusOr<RegimenCatalogue> RegimenCatalogue::Parse(absl::string_view source,
                                                         absl::string_view text,
                                                         const NadirMonitoring& nadir) {
  RegimenTable parsed;
  RETURN_IF_ERROR(ParseTextFormat(source, text, parsed));
  if (parsed.regimen().empty()) return Invalid(source, "holds no regimen");
  RegimenCatalogue catalogue;
  for (int i = 0; i < parsed.regimen_size(); ++i) {
    Regimen& regimen = *parsed.mutable_regimen(i);
    const std::string field = absl::StrCat(source, ": regimen[", i, "]");
    if (regimen.id().empty() || catalogue.Find(regimen.id()) != nullptr) {
      return Invalid(absl::StrCat(field, ".id"),
                     absl::StrCat("'", regimen.id(), "' must be non-empty and unique"));
    }
    RETURN_IF_ERROR(CheckRegimen(regimen, nadir, field));
    catalogue.regimens_.push_back(std::move(regimen));
  }
  return catalogue;
}

void RegimenCatalogue::Merge(RegimenCatalogue other) {
  for (Regimen& regimen : other.regimens_) {
    auto same_id = std::find_if(regimens_.begin(), regimens_.end(),
                                [&](const Regimen& known) { return known.id() == regimen.id(); });
    if (same_id == regimens_.end()) {
      regimens_.push_back(std::move(regimen));
    } else {
      *same_id = std::move(regimen);
    }
  }
}

const Regimen* RegimenCatalogue::Find(absl::string_view id) const {
  for (const Regimen& regimen : regimens_) {
    if (regimen.id() == id) return &regimen;
  }
  return nullptr;
}

std::string RegimenCatalogue::IdsFor(absl::string_view tumor_type) const {
  std::vector<absl::string_view> ids;
  for (const Regimen& regimen : regimens_) {
    const auto& types = regimen.tumor_types();
    if (std::find(types.begin(), types.end(), tumor_type) != types.end()) {
      ids.push_back(regimen.id());
    }
  }
  return ids.empty() ? "none" : absl::StrJoin(ids, ", ");
}

}  // namespace casehub::myelosuppression
