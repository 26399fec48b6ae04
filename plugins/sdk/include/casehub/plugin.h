// The C++ face of the plugin ABI for plugin authors. Derive from
// casehub::sdk::Plugin, override what your plugin needs, and register the
// class once with CASEHUB_PLUGIN(YourClass) in one .cc file:
//
//   class Colorectal final : public casehub::sdk::Plugin {
//     casehub::v1::PluginDescriptor Describe() const override { ... }
//   };
//   CASEHUB_PLUGIN(Colorectal)
//
// The hub calls Validate and React from many threads at once: keep them pure
// functions of their arguments (no wall clock, no global state), so that a
// replay of the event log reproduces the same state.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "casehub/plugin_abi.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/plugin.pb.h"
#include "casehub/v1/plugin_abi.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::sdk {

class Plugin {
 public:
  virtual ~Plugin() = default;

  // Who the plugin is and what it claims. Called once, at load.
  virtual v1::PluginDescriptor Describe() const = 0;

  // Names, in the descriptor's `validates` and `reacts_to`, the commands
  // Validate and the events React look at; the hub then calls them for
  // those only. In `reads`, the parts of the patient's state the plugin's
  // calls read; the hub then hands over those only, the others empty.
  // Called on Describe()'s descriptor. The default names none: every
  // command, every event, the whole state.
  virtual void DeclareInterests(v1::PluginDescriptor& descriptor) const;

  // Takes the plugin's settings text from the hub config, once, after
  // Describe and before any other call. Refuse bad settings with a status
  // that says what is wrong; the hub will not start. The default accepts
  // only empty settings.
  virtual absl::Status Configure(absl::string_view settings);

  // Accepts or refuses a command before anything is written. `state` is the
  // patient before the command; `now` is the hub's clock for this command
  // (use it, never the wall clock). Refuse with a status whose message names
  // the field and the rule (e.g. FAILED_PRECONDITION "stage mdt requires ...").
  virtual absl::Status Validate(const v1::Command& command, const v1::PatientState& state,
                                absl::Time now) const;

  // Derived events for an event just applied; `state` already includes it.
  // Set only each event's body; the hub fills the envelope.
  virtual std::vector<v1::Event> React(const v1::Event& event,
                                       const v1::PatientState& state) const;

  // The items this patient contributes to the plugin's indicators, as a
  // pure function of the stored state: the hub keeps them as index entries,
  // rebuilds them on replay and checks them in verify.
  virtual std::vector<v1::IndicatorEntry> IndicatorItems(const v1::PatientState& state) const;
};

namespace internal {
// The ABI functions, written once for every plugin (sdk.cc).
int Describe(const Plugin& plugin, casehub_sink out);
int Validate(const Plugin& plugin, const uint8_t* request, size_t size,
             casehub_sink out);
int React(const Plugin& plugin, const uint8_t* request, size_t size,
          casehub_sink out);
int Configure(Plugin& plugin, const uint8_t* settings, size_t size,
              casehub_sink error_out);
int IndicatorItems(const Plugin& plugin, const uint8_t* request, size_t size,
                   casehub_sink out);

// Binds the ABI table to one plugin class.
template <typename PluginClass>
struct Binding {
  static Plugin& Instance() {
    static PluginClass instance;
    return instance;
  }
  static int DescribeFn(casehub_sink out) { return Describe(Instance(), out); }
  static int ValidateFn(const uint8_t* request, size_t size, casehub_sink out) {
    return Validate(Instance(), request, size, out);
  }
  static int ReactFn(const uint8_t* request, size_t size, casehub_sink out) {
    return React(Instance(), request, size, out);
  }
  static int ConfigureFn(const uint8_t* settings, size_t size,
                         casehub_sink error_out) {
    return Configure(Instance(), settings, size, error_out);
  }
  static int IndicatorItemsFn(const uint8_t* request, size_t size, casehub_sink out) {
    return IndicatorItems(Instance(), request, size, out);
  }
  static constexpr casehub_plugin_v1 kTable = {
      CASEHUB_PLUGIN_ABI_VERSION, sizeof(casehub_plugin_v1), &DescribeFn,
      &ValidateFn, &ReactFn, &ConfigureFn, &IndicatorItemsFn};
};
}  // namespace internal

}  // namespace casehub::sdk

// Exports the ABI entry point for PluginClass. Use exactly once per plugin.
#define CASEHUB_PLUGIN(PluginClass)                                       \
  extern "C" __attribute__((visibility("default"))) const casehub_plugin_v1* \
  casehub_plugin_entry(void) {                                            \
    return &::casehub::sdk::internal::Binding<PluginClass>::kTable;       \
  }
