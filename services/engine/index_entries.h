// IndexEntries: every secondary-index entry one patient contributes, as a
// pure function of its state. The engine writes the difference between the
// entries before and after a command in the same batch as its events, and
// verify recomputes them from the log, so the index can never drift.
#pragma once

#include <map>
#include <string>

#include "casehub/v1/state.pb.h"

namespace casehub::engine {

// Index key (store/keys.h) -> covering value.
using IndexMap = std::map<std::string, std::string>;

IndexMap IndexEntries(const v1::PatientState& state);

}  // namespace casehub::engine
