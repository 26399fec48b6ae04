// The network view: a hub hospital and each collaborator it supervises,
// their indicators side by side for one period — the figures only, never the
// patients behind them, so the view can go to whoever coaches the network.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/report.pb.h"
#include "services/engine/plugin_host.h"
#include "services/engine/site_directory.h"
#include "services/store/store.h"

namespace casehub::engine {

// `request.hub_site_id` must be a hub hospital (FAILED_PRECONDITION
// otherwise); its rows follow the agreements in force on `now`.
absl::StatusOr<v1::NetworkReport> BuildNetworkReport(const store::Store& store,
                                                     const PluginHost& plugins,
                                                     const SiteDirectory& sites,
                                                     const v1::NetworkReportRequest& request,
                                                     absl::Time now);

}  // namespace casehub::engine
