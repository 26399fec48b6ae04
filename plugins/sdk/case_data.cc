#include "casehub/case_data.h"

namespace casehub::sdk {

const v1::Case* FindCase(const v1::PatientState& state, absl::string_view case_id) {
  for (const v1::Case& c : state.cases()) {
    if (c.id() == case_id) return &c;
  }
  return nullptr;
}

const v1::Case* CommandCase(const v1::Command& command, const v1::PatientState& state,
                            absl::string_view plugin_id) {
  const v1::Case* found = nullptr;
  if (command.has_change_case_stage()) {
    found = FindCase(state, command.change_case_stage().case_id());
  } else if (command.has_record_case_data()) {
    found = FindCase(state, command.record_case_data().case_id());
  }
  return found != nullptr && found->plugin_id() == plugin_id ? found : nullptr;
}

const v1::CaseFact* FindFact(const v1::Case& c, absl::string_view key) {
  for (const v1::CaseFact& fact : c.facts()) {
    if (fact.key() == key) return &fact;
  }
  return nullptr;
}

Facts FactsOf(const v1::Case& c) {
  Facts facts;
  for (const v1::CaseFact& fact : c.facts()) facts[fact.key()] = fact.value();
  return facts;
}

Facts FactsAsOf(const v1::Case& c, absl::Time when) {
  Facts facts;
  for (const v1::CaseFact& fact : c.facts()) {
    if (ToTime(fact.recorded_at()) <= when) facts[fact.key()] = fact.value();
  }
  return facts;
}

Facts FactsAfter(const v1::Case& c, const v1::Command& command) {
  Facts facts = FactsOf(c);
  if (command.has_record_case_data() && command.record_case_data().case_id() == c.id()) {
    for (const v1::CaseFact& fact : command.record_case_data().facts()) {
      facts[fact.key()] = fact.value();
    }
  }
  return facts;
}

std::optional<std::string> Fact(const Facts& facts, absl::string_view key) {
  auto found = facts.find(std::string(key));
  if (found == facts.end()) return std::nullopt;
  return found->second;
}

bool FactIn(const Facts& facts, absl::string_view key,
            std::initializer_list<absl::string_view> values) {
  std::optional<std::string> value = Fact(facts, key);
  if (!value) return false;
  for (absl::string_view candidate : values) {
    if (*value == candidate) return true;
  }
  return false;
}

std::optional<absl::Time> FirstEntered(const v1::Case& c, absl::string_view stage) {
  for (const v1::StageVisit& visit : c.stage_history()) {
    if (visit.stage() == stage) return ToTime(visit.entered_at());
  }
  return std::nullopt;
}

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t nanos = absl::ToUnixNanos(time);
  timestamp.set_seconds(nanos / 1000000000);
  timestamp.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  if (timestamp.nanos() < 0) {
    timestamp.set_seconds(timestamp.seconds() - 1);
    timestamp.set_nanos(timestamp.nanos() + 1000000000);
  }
  return timestamp;
}

std::string Day(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d", time, absl::UTCTimeZone());
}

}  // namespace casehub::sdk
