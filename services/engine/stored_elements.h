// A stored value that is the serialized form of a message is also the wire
// form of that message as an element of a repeated field, or as the value of
// a singular message field the reply does not set otherwise. A read that
// only passes such values on appends them to its reply unparsed, as an
// unknown field of the element's number: the client parses them as the elements
// they are, and the hub neither parses, copies, serializes nor frees them
// (architecture.md, "Reads pass stored values on as they are stored"). Only for
// replies nothing in the hub reads after they are built.
#pragma once

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace casehub::engine {

// Appends `element` to `message`'s repeated message field `field_number`
// (or sets its unset singular one).
void AppendStoredElement(google::protobuf::Message& message, int field_number,
                         absl::string_view element);

}  // namespace casehub::engine
