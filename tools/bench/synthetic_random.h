// The population's randomness: one generator per patient, seeded from the
// population's seed and the patient's number, so a patient's history is the
// same whatever the thread count.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <random>

#include "absl/random/distributions.h"

namespace casehub::bench {

using Random = std::mt19937_64;

inline Random RandomForPatient(uint64_t seed, uint64_t patient) {
  std::seed_seq sequence{seed, patient};
  return Random(sequence);
}

// True with probability `p`.
inline bool Chance(Random& random, double p) { return absl::Bernoulli(random, p); }

// A whole number in [low, high].
inline int Between(Random& random, int low, int high) {
  return absl::Uniform(absl::IntervalClosedClosed, random, low, high);
}

inline double Between(Random& random, double low, double high) {
  return absl::Uniform(random, low, high);
}

template <typename T>
T Pick(Random& random, std::initializer_list<T> choices) {
  return choices.begin()[absl::Uniform<size_t>(random, 0, choices.size())];
}

}  // namespace casehub::bench
