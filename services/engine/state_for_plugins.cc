#include "services/engine/state_for_plugins.h"

#include <cstdint>

namespace casehub::engine {
namespace {

// Protocol Buffers' base-128 varint: seven bits a byte, low bits first, the
// high bit set on every byte but the last.
void AppendVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Wire type 2: a length-delimited field (strings, bytes, messages).
constexpr uint32_t kLengthDelimited = 2;

}  // namespace

const std::string& StateForPlugins::bytes() const {
  if (!bytes_) bytes_ = state_.SerializeAsString();
  return *bytes_;
}

std::string SerializeWithState(const google::protobuf::MessageLite& request, int field_number,
                               const StateForPlugins& state) {
  std::string out = request.SerializeAsString();
  const std::string& state_bytes = state.bytes();
  out.reserve(out.size() + state_bytes.size() + 16);
  // A message's fields may come in any order; a field appended after the
  // others parses as if it had been set in the message.
  AppendVarint((static_cast<uint64_t>(field_number) << 3) | kLengthDelimited, out);
  AppendVarint(state_bytes.size(), out);
  out.append(state_bytes);
  return out;
}

}  // namespace casehub::engine
