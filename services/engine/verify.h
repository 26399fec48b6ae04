// Verify and Rebuild: the event log is the truth; state and indexes are
// derived. Verify proves the derivation holds on a consistent snapshot;
// Rebuild rewrites every derived row from the log (offline, with no engine
// writing at the same time).
#pragma once

#include "absl/status/statusor.h"
#include "casehub/v1/admin.pb.h"
#include "services/engine/plugin_host.h"
#include "services/store/store.h"

namespace casehub::engine {

// Replays every patient's events and compares the result with the stored
// state, index entries and indicator counters. Differences are listed in the response (up to
// 100, then counted); the status is an error only when reading fails.
absl::StatusOr<v1::VerifyResponse> Verify(const store::Store& store, const PluginHost& plugins);

// Replaces all state rows, index entries and indicator counters with those
// rebuilt from events.
// The caller must guarantee nothing else writes meanwhile.
absl::Status Rebuild(store::Store& store, const PluginHost& plugins);

}  // namespace casehub::engine
