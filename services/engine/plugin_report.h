// The report of one plugin's declared indicators for a site and period,
// with the items behind each figure. Reads a consistent snapshot.
#pragma once

#include "absl/status/statusor.h"
#include "casehub/v1/report.pb.h"
#include "services/engine/plugin_host.h"
#include "services/store/store.h"

namespace casehub::engine {

// NOT_FOUND for a plugin that is not installed; INVALID_ARGUMENT naming the
// field for a malformed date or from > to.
absl::StatusOr<v1::IndicatorReport> BuildIndicatorReport(const store::Store& store,
                                                         const PluginHost& plugins,
                                                         const v1::IndicatorReportRequest& request);

}  // namespace casehub::engine
