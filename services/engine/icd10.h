// ICD-10 code handling for routing cases to the plugin that claims them.
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "casehub/v1/plugin.pb.h"

namespace casehub::engine {

// Upper-cases and removes the dot: "c34.1" -> "C341".
std::string NormalizeIcd10(absl::string_view code);

// A letter, two digits, then optionally a dot and 1..8 letters or digits, so
// that the extension codes of China's national clinical edition
// (e.g. "C34.900x001") are accepted as written.
bool IsWellFormedIcd10(absl::string_view code);

// Whether the range (see Icd10Range in plugin.proto) contains `code`.
bool RangeContains(const v1::Icd10Range& range, absl::string_view code);

// Whether some code lies in both ranges.
bool RangesOverlap(const v1::Icd10Range& a, const v1::Icd10Range& b);

}  // namespace casehub::engine
