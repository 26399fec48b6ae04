#include "services/engine/state_for_plugins.h"

#include <cstdint>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"

namespace casehub::engine {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// The tag and length of a length-delimited field (a message, here).
void WriteLengthDelimitedHeader(int number, size_t size,
                                google::protobuf::io::CodedOutputStream& coded) {
  coded.WriteTag(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
  coded.WriteVarint32(static_cast<uint32_t>(size));
}

// `state` serialized with only the fields numbered in `parts`, in number
// order as a whole serialization has them, so it parses as the state with
// the other parts empty. Parts are messages, repeated or not, or single
// uint64s (StatePartsOf in plugin_loader.cc takes no other kind).
std::string SerializeParts(const v1::PatientState& state, StateParts parts) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    const google::protobuf::Reflection& reflection = *state.GetReflection();
    auto write_message = [&](int number, const google::protobuf::Message& message) {
      // ByteSizeLong caches the sizes SerializeWithCachedSizes writes with.
      WriteLengthDelimitedHeader(number, message.ByteSizeLong(), coded);
      message.SerializeWithCachedSizes(&coded);
    };
    for (int number = 1; number < 64; ++number) {
      if ((parts >> number & 1) == 0) continue;
      const FieldDescriptor* field = state.GetDescriptor()->FindFieldByNumber(number);
      if (field == nullptr) continue;
      if (field->is_repeated()) {
        for (int i = 0; i < reflection.FieldSize(state, field); ++i) {
          write_message(number, reflection.GetRepeatedMessage(state, field, i));
        }
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        if (reflection.HasField(state, field)) {
          write_message(number, reflection.GetMessage(state, field));
        }
      } else if (const uint64_t value = reflection.GetUInt64(state, field); value != 0) {
        coded.WriteTag(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_VARINT));
        coded.WriteVarint64(value);
      }
    }
  }  // the streams flush `out` as they go
  return out;
}

}  // namespace

const std::string& StateForPlugins::bytes(StateParts parts) const {
  if (parts == kWholeState) {
    if (!bytes_) bytes_ = state_.SerializeAsString();
    return *bytes_;
  }
  for (const auto& [made_for, made] : parts_bytes_) {
    if (made_for == parts) return made;
  }
  return parts_bytes_.emplace_back(parts, SerializeParts(state_, parts)).second;
}

std::string SerializeWithState(const google::protobuf::MessageLite& request, int field_number,
                               const StateForPlugins& state, StateParts parts) {
  std::string out = request.SerializeAsString();
  const std::string& state_bytes = state.bytes(parts);
  out.reserve(out.size() + state_bytes.size() + 16);
  {
    // Appends: a message's fields may come in any order, and a field
    // appended after the others parses as if it had been set in the message.
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    WriteLengthDelimitedHeader(field_number, state_bytes.size(), coded);
    coded.WriteRaw(state_bytes.data(), static_cast<int>(state_bytes.size()));
  }
  return out;
}

}  // namespace casehub::engine
