// The patient's state as the plugins receive it: serialized once, on first
// use, and shared by every plugin call on that version of the state. A
// command hands the same state to each plugin concerned, before it and
// after each of its events; copying the state into every request and
// serializing it again was the largest part of a write's CPU
// (docs/performance.md, "What limits the rate").
#pragma once

#include <optional>
#include <string>

#include "casehub/v1/state.pb.h"
#include "google/protobuf/message_lite.h"

namespace casehub::engine {

class StateForPlugins {
 public:
  // Implicit on purpose: a lone call may pass the state itself. `state`
  // must outlive this object and not change while it is used.
  StateForPlugins(const v1::PatientState& state) : state_(state) {}  // NOLINT

  const v1::PatientState& state() const { return state_; }
  // Not thread-safe: one command's thread uses it.
  const std::string& bytes() const;

 private:
  const v1::PatientState& state_;
  mutable std::optional<std::string> bytes_;
};

// `request` serialized with `state` appended as its message field
// `field_number`: it parses exactly as if the state had been copied into
// that field, without the copy.
std::string SerializeWithState(const google::protobuf::MessageLite& request, int field_number,
                               const StateForPlugins& state);

}  // namespace casehub::engine
