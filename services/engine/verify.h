// Verify and Rebuild: the event log is the truth; state and indexes are
// derived. Verify proves the derivation holds on a consistent snapshot;
// Rebuild rewrites every derived row from the log (offline, with no engine
// writing at the same time).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "casehub/v1/admin.pb.h"
#include "services/engine/plugin_host.h"
#include "services/store/store.h"

namespace casehub::engine {

// Replays every patient's events and compares the result with the stored
// state, index entries and indicator counters. Differences are listed in the response (up to
// 100, then counted); the status is an error only when reading fails.
// The index entries and counters the log derives are gathered in a scratch
// store in a new directory inside the data directory (removed at the end)
// and compared with the stored ones in key order, so memory stays flat
// whatever the size of the network; the disk needs room for about what
// the index and counters take.
absl::StatusOr<v1::VerifyResponse> Verify(const store::Store& store, const PluginHost& plugins);

// The names of Verify's scratch directories start so.
inline constexpr char kVerifyScratchPrefix[] = "verify-scratch.";
// Removes the scratch directories of Verify runs that a crash cut short from
// `data_dir`: at the hub's start, before anything can run Verify.
absl::Status RemoveVerifyScratch(const std::string& data_dir);

// Replaces all state rows, index entries and indicator counters with those
// rebuilt from events.
// The caller must guarantee nothing else writes meanwhile.
absl::Status Rebuild(store::Store& store, const PluginHost& plugins);

}  // namespace casehub::engine
