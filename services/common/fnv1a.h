// FNV-1a, 64 bits: a hash that is the same in every process and on every
// machine, for fingerprints and ids derived from content. Not a defence
// against anyone choosing inputs to collide.
#pragma once

#include <cstdint>

#include "absl/strings/string_view.h"

namespace casehub {

inline uint64_t Fnv1a64(absl::string_view bytes) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace casehub
