// The myelosuppression indicators (clinical-rules.md §6), kept as index
// entries derived from each patient's state: every counted cycle or alert is
// one entry, so a report is a prefix scan, its figures can be audited item by
// item, and verify/rebuild cover them like any other index.
//
// Computed by the hub, not by the module, because they count core facts
// (cycles, grades, alerts, G-CSF doses, planned dates and doses).
//
// A course is a case's cycles 1..planned_cycles; it is finished once its
// last planned cycle has started, and its items (relative dose intensity,
// on-time completion) count on that day. Courses still running count
// nowhere: counting them as failures would penalize a center for every
// patient still on treatment.
#pragma once

#include <string>
#include <vector>

#include "casehub/v1/plugin.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/index_entries.h"

namespace casehub::engine {

struct IndicatorDefinition {
  const char* id;
  std::string name;
  std::string numerator;
  std::string denominator;
  v1::IndicatorKind kind = v1::INDICATOR_KIND_RATE;
  // Of a median's values.
  std::string unit{};
};

// The indicators a report lists, in order.
const std::vector<IndicatorDefinition>& MyeloIndicators();

// Items of acknowledged critical values with their minutes to acknowledge.
inline constexpr char kMinutesToAcknowledge[] = "minutes_to_acknowledge";
// Finished courses with their relative dose intensity, in percent.
inline constexpr char kMedianRdi[] = "median_relative_dose_intensity";

// A median's value as its item records it: to one decimal, i.e. 0.1
// percentage point of RDI (its cut-off is 85 %) and 0.1 minute (6 s) to
// acknowledge (targets are stated in minutes). Near-continuous values would
// give nearly every item a value counter of its own, and a long period's
// report would read them all (architecture.md, "Indicators").
std::string MedianValueText(double value);

// Adds the indicator entries `state` contributes to `entries` (which then
// needs sealing before it is read).
void AddMyeloIndicatorEntries(const v1::PatientState& state, IndexMap& entries);

}  // namespace casehub::engine
