#include "services/engine/myelo_report.h"

#include "casehub/status_macros.h"
#include "services/engine/indicator_scan.h"
#include "services/engine/myelo_indicators.h"

namespace casehub::engine {

absl::StatusOr<v1::MyeloReport> BuildMyeloReport(const store::Store& store,
                                                 const v1::MyeloReportRequest& request) {
  const ReportScope scope{request.site_id(), request.from_date(), request.to_date(),
                          request.tumor_type()};
  RETURN_IF_ERROR(CheckReportScope(scope));
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
    indicator->set_kind(definition.kind);
    indicator->set_unit(definition.unit);
    RETURN_IF_ERROR(FillIndicator(store, snapshot.get(), scope, definition.id,
                                  request.include_items(), *indicator));
  }
  v1::Indicator minutes;
  minutes.set_kind(v1::INDICATOR_KIND_MEDIAN);
  RETURN_IF_ERROR(FillIndicator(store, snapshot.get(), scope, kMinutesToAcknowledge,
                                /*with_items=*/false, minutes));
  if (minutes.has_median()) report.set_median_minutes_to_acknowledge(minutes.median());
  return report;
}

}  // namespace casehub::engine
