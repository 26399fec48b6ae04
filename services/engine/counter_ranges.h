// How a report period is read from the indicator counters (day, month and
// year counters, store/keys.h): a whole year or month from its own counters;
// a partial one either from the smaller units it covers or, when the part
// left out is smaller, as the whole less that part. A period of any length
// then reads a few key sets per year, month and half-month, not one per day.
#pragma once

#include <vector>

#include "absl/time/civil_time.h"

namespace casehub::engine {

struct CounterRange {
  enum class Unit { kDays, kMonth, kYear };
  Unit unit;
  // +1: the range's counts are added; -1: subtracted.
  int sign;
  // Days: the first and the last. A month or a year: its first and last day.
  absl::CivilDay first;
  absl::CivilDay last;

  bool operator==(const CounterRange&) const = default;
};

// The ranges whose signed counts sum to those of [from, to]; from <= to.
std::vector<CounterRange> CounterRangesOf(absl::CivilDay from, absl::CivilDay to);

}  // namespace casehub::engine
