// Reading a patient's cases and their recorded data from a plugin.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::sdk {

const v1::Case* FindCase(const v1::PatientState& state, absl::string_view case_id);

// The case a command concerns when it is one of `plugin_id`'s cases
// (a stage change or case data); nullptr otherwise.
const v1::Case* CommandCase(const v1::Command& command, const v1::PatientState& state,
                            absl::string_view plugin_id);

// The recorded fact `key` of the case (with when and by whom), or nullptr.
const v1::CaseFact* FindFact(const v1::Case& c, absl::string_view key);

// key -> value of a case's facts.
using Facts = std::map<std::string, std::string>;

Facts FactsOf(const v1::Case& c);

// The case's facts recorded at or before `when` (a value recorded again
// later counts as unknown then: the case keeps only the latest value).
Facts FactsAsOf(const v1::Case& c, absl::Time when);

// The case's facts as they would be after `command` (a RecordCaseData
// command's facts replace the recorded ones), for cross-field rules.
Facts FactsAfter(const v1::Case& c, const v1::Command& command);

// The value of `key`, or nullopt when it is not recorded.
std::optional<std::string> Fact(const Facts& facts, absl::string_view key);

// Whether `key` is recorded with one of `values`.
bool FactIn(const Facts& facts, absl::string_view key,
            std::initializer_list<absl::string_view> values);

// When the case first entered `stage`; nullopt if it never did.
std::optional<absl::Time> FirstEntered(const v1::Case& c, absl::string_view stage);

// Protobuf timestamps <-> absl::Time.
absl::Time ToTime(const google::protobuf::Timestamp& timestamp);
google::protobuf::Timestamp ToTimestamp(absl::Time time);

// "YYYY-MM-DD" in UTC.
std::string Day(absl::Time time);

}  // namespace casehub::sdk
