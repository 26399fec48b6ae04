// The rules for events a plugin derives: which kinds it may produce, and the
// fields the hub fills in (ids, times, provenance) so that a plugin cannot
// forge them and replay stays deterministic.
#pragma once

#include "absl/status/status.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/plugin_host.h"

namespace casehub::engine {

// Completes `derived` (its envelope already stamped: patient_id, seq,
// recorded_at, plugin_id) against `state`, or refuses it with INTERNAL naming
// the plugin and the rule.
absl::Status CompleteDerivedEvent(v1::Event& derived, const v1::PatientState& state,
                                  const PluginHost& plugins);

}  // namespace casehub::engine
