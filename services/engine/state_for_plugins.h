// The patient's state as the plugins receive it: serialized once, on first
// use, and shared by every plugin call on that version of the state. A
// command hands the same state to each plugin concerned, before it and
// after each of its events; copying the state into every request and
// serializing it again was the largest part of a write's CPU
// (docs/performance.md, "What limits the rate").
#pragma once

#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <utility>

#include "casehub/v1/state.pb.h"
#include "google/protobuf/message_lite.h"

namespace casehub::engine {

// The parts of a PatientState a plugin reads (its descriptor's `reads`): bit
// n stands for the field numbered n.
using StateParts = uint64_t;
inline constexpr StateParts kWholeState = ~StateParts{0};

class StateForPlugins {
 public:
  // Implicit on purpose: a lone call may pass the state itself. `state`
  // must outlive this object and not change while it is used.
  StateForPlugins(const v1::PatientState& state) : state_(state) {}  // NOLINT

  const v1::PatientState& state() const { return state_; }
  // The state serialized with only `parts` (the others empty), each set of
  // parts once: a plugin's parts are serialized alone, not cut from the
  // whole, which most of a command's states are never serialized as. Not
  // thread-safe: one command's thread uses it.
  const std::string& bytes(StateParts parts = kWholeState) const;

 private:
  const v1::PatientState& state_;
  mutable std::optional<std::string> bytes_;
  // A few plugins read a few sets of parts: a list beats a map, and keeps
  // the bytes handed out where they are when another set is added.
  mutable std::list<std::pair<StateParts, std::string>> parts_bytes_;
};

// `request` serialized with `parts` of `state` appended as its message
// field `field_number`: it parses exactly as if those parts had been copied
// into that field, without the copy.
std::string SerializeWithState(const google::protobuf::MessageLite& request, int field_number,
                               const StateForPlugins& state, StateParts parts = kWholeState);

}  // namespace casehub::engine
