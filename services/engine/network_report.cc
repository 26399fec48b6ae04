#include "services/engine/network_report.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/myelo_report.h"
#include "services/engine/plugin_report.h"

namespace casehub::engine {
namespace {

// One site's figures, without the items behind them (the requests leave
// include_items unset).
absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Indicator>> FiguresOf(
    const store::Store& store, const PluginHost& plugins, const v1::NetworkReportRequest& request,
    const std::string& site) {
  google::protobuf::RepeatedPtrField<v1::Indicator> indicators;
  if (request.plugin_id().empty()) {
    v1::MyeloReportRequest one;
    one.set_site_id(site);
    one.set_from_date(request.from_date());
    one.set_to_date(request.to_date());
    one.set_tumor_type(request.tumor_type());
    ASSIGN_OR_RETURN(v1::MyeloReport report, BuildMyeloReport(store, one));
    indicators = std::move(*report.mutable_indicators());
  } else {
    v1::IndicatorReportRequest one;
    one.set_plugin_id(request.plugin_id());
    one.set_site_id(site);
    one.set_from_date(request.from_date());
    one.set_to_date(request.to_date());
    one.set_tumor_type(request.tumor_type());
    ASSIGN_OR_RETURN(v1::IndicatorReport report, BuildIndicatorReport(store, plugins, one));
    indicators = std::move(*report.mutable_indicators());
  }
  return indicators;
}

}  // namespace

absl::StatusOr<v1::NetworkReport> BuildNetworkReport(const store::Store& store,
                                                     const PluginHost& plugins,
                                                     const SiteDirectory& sites,
                                                     const v1::NetworkReportRequest& request,
                                                     absl::Time now) {
  RETURN_IF_ERROR(CheckIdField("hub_site_id", request.hub_site_id()));
  std::optional<v1::Site> hub = sites.Find(request.hub_site_id());
  if (!hub) {
    return absl::NotFoundError(
        absl::StrCat("hub_site_id: no site '", request.hub_site_id(), "' in this network"));
  }
  if (hub->kind() != v1::SITE_KIND_HUB_HOSPITAL) {
    return absl::FailedPreconditionError(absl::StrCat(
        "hub_site_id: ", hub->id(), " is not a hub hospital; a collaborator's own report is "
        "casectl report myelo / indicators"));
  }
  // Which agreements count: those covering the plugin's tumor type, or the
  // myelosuppression module.
  std::string scope(kMyeloModule);
  bool is_module = true;
  if (!request.plugin_id().empty()) {
    ASSIGN_OR_RETURN(const LoadedPlugin* plugin, plugins.RequireInstalled(request.plugin_id()));
    scope = plugin->descriptor().tumor_type();
    is_module = false;
  }
  v1::NetworkReport report;
  report.set_hub_site_id(hub->id());
  report.set_plugin_id(request.plugin_id());
  report.set_from_date(request.from_date());
  report.set_to_date(request.to_date());
  report.set_tumor_type(request.tumor_type());
  std::vector<std::string> row_sites = {hub->id()};
  for (std::string& site : sites.SupervisedSites(hub->id(), scope, is_module, now)) {
    row_sites.push_back(std::move(site));
  }
  for (const std::string& site : row_sites) {
    v1::NetworkReportRow* row = report.add_rows();
    row->set_site_id(site);
    std::optional<v1::Site> known = sites.Find(site);
    row->set_site_name(known ? known->name() : "");
    ASSIGN_OR_RETURN(*row->mutable_indicators(), FiguresOf(store, plugins, request, site));
  }
  return report;
}

}  // namespace casehub::engine
