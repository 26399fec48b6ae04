// The items behind one indicator's numerator or denominator, a page at a
// time: at a large site a report's `include_items` outgrows a reply within
// days (a month's myelosuppression items at one site of a 1 000 000-patient
// network come to about 9 MB), so an evaluator pages through the items of
// the figure being checked instead.
#pragma once

#include "absl/status/statusor.h"
#include "casehub/v1/report.pb.h"
#include "services/engine/plugin_host.h"
#include "services/store/store.h"

namespace casehub::engine {

// One page of the items, in date order. INVALID_ARGUMENT naming the field for
// a bad period, page size or token; NOT_FOUND naming the ones there are for
// an unknown plugin or indicator. `request.site_id()` must be set.
absl::StatusOr<v1::ListIndicatorItemsResponse> ListIndicatorItems(
    const store::Store& store, const PluginHost& plugins,
    const v1::ListIndicatorItemsRequest& request);

}  // namespace casehub::engine
