// IndexEntries: every secondary-index entry one patient contributes, as a
// pure function of its state (and of the installed plugins' indicators). The engine writes the difference between the
// entries before and after a command in the same batch as its events, and
// verify recomputes them from the log, so the index can never drift.
#pragma once

#include "absl/status/statusor.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/index_map.h"
#include "services/engine/plugin_host.h"
#include "services/engine/state_for_plugins.h"

namespace casehub::engine {

// Sealed. INTERNAL when a plugin's indicator items break the rules
// (plugin_indicators.h). A state already serialized for storing is passed
// as such, so the plugins receive those bytes.
absl::StatusOr<IndexMap> IndexEntries(const StateForPlugins& shared, const PluginHost& plugins);

}  // namespace casehub::engine
