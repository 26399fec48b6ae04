// Loading and checking the hub's configuration (HubConfig in
// proto/casehub/v1/config.proto, written in protobuf text format).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "casehub/v1/config.pb.h"

namespace casehub::hub {

// Reads a text-format HubConfig. INVALID_ARGUMENT naming the line on a
// syntax error, NOT_FOUND when the file is missing.
absl::StatusOr<v1::HubConfig> LoadConfig(const std::string& path);

// Fills every unset field with its documented default. `binary_dir` is the
// directory of the casehub binary (the default plugin_dir is ../plugins
// from there, where the build puts them).
void ApplyDefaults(const std::string& binary_dir, v1::HubConfig& config);

// Whether `listen` (host:port) binds a loopback address only.
bool ListensOnLoopbackOnly(const std::string& listen);

// INVALID_ARGUMENT naming the field when a limit (threads, queue, message
// size, watchers, token and hash settings) is outside what one process can
// honour, when TLS is half configured, or when a port reachable from other
// machines would serve without TLS. Run after ApplyDefaults.
absl::Status CheckLimits(const v1::HubConfig& config);

}  // namespace casehub::hub
