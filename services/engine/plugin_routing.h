// Which plugins hear about an event: the tumor-type plugin that owns the
// event's case, plus every cross-cutting module. Used both to validate a
// command (with its primary events) and to collect reactions.
#pragma once

#include <vector>

#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/plugin_host.h"

namespace casehub::engine {

// The id of the plugin owning the case `event` concerns, or "" when the
// event concerns no case.
std::string OwningPluginId(const v1::Event& event, const v1::PatientState& state);

// The owning plugins of all `events` and every module, each once, in load order.
std::vector<const LoadedPlugin*> PluginsConcerned(const std::vector<v1::Event>& events,
                                                  const v1::PatientState& state,
                                                  const PluginHost& host);

}  // namespace casehub::engine
