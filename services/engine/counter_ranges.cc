#include "services/engine/counter_ranges.h"

#include <algorithm>

namespace casehub::engine {
namespace {

using Unit = CounterRange::Unit;

// The first day of the unit holding `day`, and the first day of the next.
absl::CivilDay UnitStart(Unit unit, absl::CivilDay day) {
  return unit == Unit::kYear ? absl::CivilDay(absl::CivilYear(day))
                             : absl::CivilDay(absl::CivilMonth(day));
}
absl::CivilDay NextUnitStart(Unit unit, absl::CivilDay day) {
  return unit == Unit::kYear ? absl::CivilDay(absl::CivilYear(day) + 1)
                             : absl::CivilDay(absl::CivilMonth(day) + 1);
}

// Adds the ranges of [from, to] with `sign`, reading whole `unit`s (a year
// or a month) from their counters and the rest from the next smaller unit.
void AddRanges(Unit unit, absl::CivilDay from, absl::CivilDay to, int sign,
               std::vector<CounterRange>& ranges) {
  if (unit == Unit::kDays) {
    ranges.push_back({Unit::kDays, sign, from, to});
    return;
  }
  const Unit smaller = unit == Unit::kYear ? Unit::kMonth : Unit::kDays;
  for (absl::CivilDay start = UnitStart(unit, from); start <= to;
       start = NextUnitStart(unit, start)) {
    const absl::CivilDay unit_last = NextUnitStart(unit, start) - 1;
    const absl::CivilDay first = std::max(from, start);
    const absl::CivilDay last = std::min(to, unit_last);
    const auto covered = last - first + 1;
    const auto left_out = (unit_last - start + 1) - covered;
    if (covered <= left_out) {
      AddRanges(smaller, first, last, sign, ranges);
      continue;
    }
    ranges.push_back({unit, sign, start, unit_last});
    if (first > start) AddRanges(smaller, start, first - 1, -sign, ranges);
    if (last < unit_last) AddRanges(smaller, last + 1, unit_last, -sign, ranges);
  }
}

}  // namespace

std::vector<CounterRange> CounterRangesOf(absl::CivilDay from, absl::CivilDay to) {
  std::vector<CounterRange> ranges;
  AddRanges(Unit::kYear, from, to, +1, ranges);
  return ranges;
}

}  // namespace casehub::engine
