// LoadedPlugin: one plugin shared object, loaded through the ABI of
// plugins/sdk/include/casehub/plugin_abi.h. The hub never unloads a plugin.
// Thread-safe: Validate and React may be called from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "casehub/plugin_abi.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/plugin.pb.h"
#include "casehub/v1/plugin_abi.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/state_for_plugins.h"

namespace casehub::engine {

// Field numbers of a Command's or an Event's body oneof.
using BodyCases = absl::flat_hash_set<int>;

class LoadedPlugin {
 public:
  // Loads `path` and hands it `settings`. NOT_FOUND when the file is
  // missing; FAILED_PRECONDITION when it is not a casehub plugin, was built
  // for another ABI version (the message names both), describes itself
  // inconsistently (a command, event or state part it names that this hub
  // does not know), or refuses its settings (with its reason).
  static absl::StatusOr<std::unique_ptr<LoadedPlugin>> Load(const std::string& path,
                                                            const std::string& settings);

  const v1::PluginDescriptor& descriptor() const { return descriptor_; }
  const std::string& id() const { return descriptor_.id(); }

  // The plugin's verdict on a command (its own status, prefixed with its id);
  // OK without a call for a command it does not validate (its descriptor's
  // `validates`).
  absl::Status Validate(const v1::Command& command, const StateForPlugins& state,
                        absl::Time now) const;

  // Derived event bodies for an applied event; none without a call for an
  // event it does not react to (its descriptor's `reacts_to`).
  absl::StatusOr<std::vector<v1::Event>> React(const v1::Event& event,
                                               const StateForPlugins& state) const;

  // The patient's items of the plugin's indicators; none from a plugin
  // built for ABI 1.0, whose table has no indicator_items.
  absl::StatusOr<std::vector<v1::IndicatorEntry>> IndicatorItems(
      const StateForPlugins& state) const;

 private:
  LoadedPlugin(const casehub_plugin_v1* table, v1::PluginDescriptor descriptor,
               BodyCases validates, BodyCases reacts_to, StateParts reads)
      : table_(table),
        descriptor_(std::move(descriptor)),
        validates_(std::move(validates)),
        reacts_to_(std::move(reacts_to)),
        reads_(reads) {}

  const casehub_plugin_v1* table_;  // owned by the plugin, lives forever
  v1::PluginDescriptor descriptor_;
  // The body field numbers the plugin declared; empty: every one.
  BodyCases validates_;
  BodyCases reacts_to_;
  // The parts of the state each call hands it (its descriptor's `reads`).
  StateParts reads_;
};

}  // namespace casehub::engine
