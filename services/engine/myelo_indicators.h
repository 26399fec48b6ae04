// The myelosuppression indicators (clinical-rules.md §6), kept as index
// entries derived from each patient's state: every counted cycle or alert is
// one entry, so a report is a prefix scan, its figures can be audited item by
// item, and verify/rebuild cover them like any other index.
//
// Computed by the hub, not by the module, because they count core facts
// (cycles, grades, alerts, G-CSF doses). Indicators that need planned dates
// or doses (delays, on-time completion, RDI) arrive with those facts.
#pragma once

#include <string>
#include <vector>

#include "casehub/v1/state.pb.h"
#include "services/engine/index_entries.h"

namespace casehub::engine {

struct IndicatorDefinition {
  const char* id;
  const char* name;
  const char* numerator;
  const char* denominator;
};

// The indicators a report lists, in order.
const std::vector<IndicatorDefinition>& MyeloIndicators();

// Items of acknowledged critical values with their minutes to acknowledge.
inline constexpr char kMinutesToAcknowledge[] = "minutes_to_acknowledge";

// Adds the indicator entries `state` contributes to `entries`.
void AddMyeloIndicatorEntries(const v1::PatientState& state, IndexMap& entries);

}  // namespace casehub::engine
