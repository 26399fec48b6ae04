#include "services/engine/stored_elements.h"

#include "google/protobuf/unknown_field_set.h"

namespace casehub::engine {

void AppendStoredElement(google::protobuf::Message& message, int field_number,
                         absl::string_view element) {
  message.GetReflection()
      ->MutableUnknownFields(&message)
      ->AddLengthDelimited(field_number)
      ->assign(element.data(), element.size());
}

}  // namespace casehub::engine
