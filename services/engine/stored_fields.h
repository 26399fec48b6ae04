// Reads some top-level fields of a stored message without parsing the rest.
// A patient's stored state is mostly its tasks, alerts and treatment; the
// access check reads only its registration, cases, referrals and emergency
// grants (patient_access.h, kAccessStateFields), so a read that passes the
// state on as stored parses just those (architecture.md, "Reads pass stored
// values on as they are stored").
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/message.h"

namespace casehub::engine {

// Parses into `message` (cleared first) the fields of `stored` whose numbers
// are in `field_numbers`, as a full parse would set them; the others are
// skipped unread. DATA_LOSS naming `what` when `stored` does not parse, as
// for a whole stored message (Engine::LoadState).
absl::Status ParseStoredFields(absl::string_view stored, absl::Span<const int> field_numbers,
                               absl::string_view what, google::protobuf::Message& message);

}  // namespace casehub::engine
