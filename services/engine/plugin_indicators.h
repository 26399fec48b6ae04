// The items of plugin-declared indicators, kept as index entries like the
// myelosuppression ones: each plugin computes them from the patient's state
// (IndicatorItems in the ABI), the hub files them under the case's owning
// site and tumor type, keyed "<plugin id>.<indicator id>".
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/index_entries.h"
#include "services/engine/plugin_host.h"

namespace casehub::engine {

// The index name of a plugin's indicator.
std::string PluginIndicatorKeyId(absl::string_view plugin_id, absl::string_view indicator_id);

// Adds the entries of every plugin that manages one of the patient's cases
// (and every module that declares indicators). INTERNAL when a plugin
// reports an undeclared indicator, a case it does not manage, an item of
// another patient or a malformed date.
absl::Status AddPluginIndicatorEntries(const StateForPlugins& shared, const PluginHost& plugins,
                                       IndexMap& entries);

}  // namespace casehub::engine
