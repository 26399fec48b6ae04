// Decide: the core rules of every command. Checks the command against the
// patient's current state and returns the bodies of the primary events it
// causes, or a status naming the field and the rule it broke. Pure: the only
// inputs are its arguments (the context carries "now"). Plugins validate
// after the core rules pass; see engine.h.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/plugin_host.h"
#include "services/engine/site_directory.h"

namespace casehub::engine {

struct DecideContext {
  absl::Time now;
  const SiteDirectory* sites;
  const PluginHost* plugins;
  // How long emergency access lasts.
  absl::Duration emergency_access;
};

// `state` is the patient before the command; for a registration it is empty
// but for its already-chosen patient id. `next_seq` is the seq the first
// event will get (entity ids derive from it).
absl::StatusOr<std::vector<v1::Event>> Decide(const v1::Command& command,
                                              const v1::PatientState& state,
                                              uint64_t next_seq,
                                              const DecideContext& context);

}  // namespace casehub::engine
