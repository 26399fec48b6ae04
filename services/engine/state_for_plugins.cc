#include "services/engine/state_for_plugins.h"

#include <cstdint>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace casehub::engine {
namespace {

using google::protobuf::internal::WireFormatLite;

// The fields of serialized `whole` whose numbers are in `parts`, copied as
// they are: a message's serialized form is its fields one after the other,
// so dropping some leaves the others' form intact. No parse.
std::string OnlyParts(const std::string& whole, StateParts parts) {
  std::string out;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(whole.data()),
                                            static_cast<int>(whole.size()));
  for (;;) {
    const int start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    // The state's own serialization, so it always reads to its end.
    if (tag == 0 || !WireFormatLite::SkipField(&in, tag)) break;
    const uint32_t field = WireFormatLite::GetTagFieldNumber(tag);
    if (field < 64 && (parts >> field & 1) != 0) {
      out.append(whole, start, in.CurrentPosition() - start);
    }
  }
  return out;
}

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

const std::string& StateForPlugins::bytes(StateParts parts) const {
  if (!bytes_) bytes_ = state_.SerializeAsString();
  if (parts == kWholeState) return *bytes_;
  for (const auto& [made_for, made] : parts_bytes_) {
    if (made_for == parts) return made;
  }
  return parts_bytes_.emplace_back(parts, OnlyParts(*bytes_, parts)).second;
}

std::string SerializeWithState(const google::protobuf::MessageLite& request, int field_number,
                               const StateForPlugins& state, StateParts parts) {
  std::string out = request.SerializeAsString();
  const std::string& state_bytes = state.bytes(parts);
  out.reserve(out.size() + state_bytes.size() + 16);
  // A message's fields may come in any order; a field appended after the
  // others parses as if it had been set in the message.
  AppendVarint((static_cast<uint64_t>(field_number) << 3) | kLengthDelimited, out);
  AppendVarint(state_bytes.size(), out);
  out.append(state_bytes);
  return out;
}

}  // namespace casehub::engine
