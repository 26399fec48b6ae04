#include "services/engine/myelo_report.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/myelo_indicators.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

absl::Status CheckDate(absl::string_view field, const std::string& date) {
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &day)) {
    return InvalidField(field, absl::StrCat("must be a date YYYY-MM-DD, got '", date, "'"));
  }
  return absl::OkStatus();
}

v1::IndicatorItem Item(const store::IndicatorKeyParts& parts) {
  v1::IndicatorItem item;
  item.set_id(parts.item_id);
  item.set_patient_id(parts.item_id.substr(0, parts.item_id.find('-')));
  item.set_date(parts.date);
  return item;
}

// Calls visit(parts, value) for each item of `indicator` at the site within
// the request's dates and tumor type.
template <typename Visit>
absl::Status ForEachItem(const store::Store& store, const store::Snapshot* snapshot,
                         const v1::MyeloReportRequest& request, absl::string_view indicator,
                         Visit visit) {
  const std::string prefix = store::IndicatorPrefix(indicator, request.site_id());
  bool malformed = false;
  RETURN_IF_ERROR(store.Scan(
      store::Family::kIndex, prefix, absl::StrCat(prefix, request.from_date()),
      [&](absl::string_view key, absl::string_view value) {
        std::optional<store::IndicatorKeyParts> parts =
            store::ParseIndicatorKeyRest(key.substr(prefix.size()));
        if (!parts) {
          malformed = true;
          return false;
        }
        if (parts->date > request.to_date()) return false;  // ordered by date
        if (request.tumor_type().empty() || parts->tumor_type == request.tumor_type()) {
          visit(*parts, value);
        }
        return true;
      },
      snapshot));
  if (malformed) return absl::DataLossError(absl::StrCat("malformed ", indicator, " index key"));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::MyeloReport> BuildMyeloReport(const store::Store& store,
                                                 const v1::MyeloReportRequest& request) {
  RETURN_IF_ERROR(CheckIdField("site_id", request.site_id()));
  RETURN_IF_ERROR(CheckDate("from_date", request.from_date()));
  RETURN_IF_ERROR(CheckDate("to_date", request.to_date()));
  if (request.from_date() > request.to_date()) {
    return InvalidField("from_date", "must not be after to_date");
  }
  std::unique_ptr<store::Snapshot> snapshot = store.NewSnapshot();
  v1::MyeloReport report;
  report.set_site_id(request.site_id());
  report.set_from_date(request.from_date());
  report.set_to_date(request.to_date());
  report.set_tumor_type(request.tumor_type());
  for (const IndicatorDefinition& definition : MyeloIndicators()) {
    v1::Indicator* indicator = report.add_indicators();
    indicator->set_id(definition.id);
    indicator->set_name(definition.name);
    indicator->set_numerator_definition(definition.numerator);
    indicator->set_denominator_definition(definition.denominator);
    RETURN_IF_ERROR(ForEachItem(store, snapshot.get(), request, definition.id,
                                [&](const store::IndicatorKeyParts& parts, absl::string_view) {
                                  *(parts.part == 'N' ? indicator->add_numerator_items()
                                                      : indicator->add_denominator_items()) =
                                      Item(parts);
                                }));
    indicator->set_numerator(indicator->numerator_items_size());
    indicator->set_denominator(indicator->denominator_items_size());
    if (indicator->denominator() > 0) {
      indicator->set_rate(static_cast<double>(indicator->numerator()) /
                          static_cast<double>(indicator->denominator()));
    }
  }
  std::vector<double> minutes;
  RETURN_IF_ERROR(ForEachItem(store, snapshot.get(), request, kMinutesToAcknowledge,
                              [&](const store::IndicatorKeyParts&, absl::string_view value) {
                                double parsed = 0;
                                if (absl::SimpleAtod(value, &parsed)) minutes.push_back(parsed);
                              }));
  if (!minutes.empty()) {
    std::sort(minutes.begin(), minutes.end());
    const size_t middle = minutes.size() / 2;
    report.set_median_minutes_to_acknowledge(
        minutes.size() % 2 == 1 ? minutes[middle] : (minutes[middle - 1] + minutes[middle]) / 2);
  }
  return report;
}

}  // namespace casehub::engine
