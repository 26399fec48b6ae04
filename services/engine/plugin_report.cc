#include "services/engine/plugin_report.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/indicator_scan.h"
#include "services/engine/plugin_indicators.h"

namespace casehub::engine {

absl::StatusOr<v1::IndicatorReport> BuildIndicatorReport(
    const store::Store& store, const PluginHost& plugins,
    const v1::IndicatorReportRequest& request) {
  ASSIGN_OR_RETURN(const LoadedPlugin* plugin, plugins.RequireInstalled(request.plugin_id()));
  const ReportScope scope{request.site_id(), request.from_date(), request.to_date(),
                          request.tumor_type()};
  RETURN_IF_ERROR(CheckReportScope(scope));
  std::unique_ptr<store::Snapshot> snapshot = store.NewSnapshot();
  v1::IndicatorReport report;
  report.set_plugin_id(plugin->id());
  report.set_site_id(request.site_id());
  report.set_from_date(request.from_date());
  report.set_to_date(request.to_date());
  report.set_tumor_type(request.tumor_type());
  for (const v1::IndicatorDefinition& definition : plugin->descriptor().indicators()) {
    v1::Indicator* indicator = report.add_indicators();
    indicator->set_id(definition.id());
    indicator->set_name(definition.name());
    indicator->set_numerator_definition(definition.numerator());
    indicator->set_denominator_definition(definition.denominator());
    indicator->set_kind(definition.kind());
    indicator->set_unit(definition.unit());
    RETURN_IF_ERROR(FillIndicator(store, snapshot.get(), scope,
                                  PluginIndicatorKeyId(plugin->id(), definition.id()),
                                  request.include_items(), *indicator));
  }
  return report;
}

}  // namespace casehub::engine
