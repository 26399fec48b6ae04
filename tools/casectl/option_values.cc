#include "tools/casectl/option_values.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace casehub::casectl {

void OptionValues::Add(absl::string_view name, Value value) {
  values_[std::string(name)].push_back(std::move(value));
}

bool OptionValues::Has(absl::string_view name) const {
  return values_.find(name) != values_.end();
}

template <typename T>
T OptionValues::Get(absl::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return T{};
  const T* value = std::get_if<T>(&it->second.back());
  return value != nullptr ? *value : T{};
}

bool OptionValues::Flag(absl::string_view name) const {
  return Get<bool>(name);
}

std::string OptionValues::Text(absl::string_view name) const {
  return Get<std::string>(name);
}

int64_t OptionValues::Integer(absl::string_view name) const {
  return Get<int64_t>(name);
}

double OptionValues::Number(absl::string_view name) const {
  return Get<double>(name);
}

absl::Time OptionValues::Time(absl::string_view name) const {
  return Get<absl::Time>(name);
}

std::vector<std::string> OptionValues::Texts(absl::string_view name) const {
  std::vector<std::string> texts;
  const auto it = values_.find(name);
  if (it == values_.end()) return texts;
  for (const Value& value : it->second) {
    if (const auto* text = std::get_if<std::string>(&value)) {
      texts.push_back(*text);
    }
  }
  return texts;
}

absl::StatusOr<OptionValues::Value> ParseOptionValue(const OptionSpec& spec,
                                                     absl::string_view text) {
  switch (spec.kind) {
    case ValueKind::kFlag: {
      bool value = false;
      if (!absl::SimpleAtob(text, &value)) {
        return absl::InvalidArgumentError("expected true or false");
      }
      return value;
    }
    case ValueKind::kText:
      if (!spec.choices.empty() && !absl::c_linear_search(spec.choices, text)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "expected one of ", absl::StrJoin(spec.choices, ", ")));
      }
      return std::string(text);
    case ValueKind::kInteger: {
      int64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) {
        return absl::InvalidArgumentError("not a whole number");
      }
      if (value < spec.min || value > spec.max) {
        return absl::InvalidArgumentError(
            spec.max == std::numeric_limits<int64_t>::max()
                ? absl::StrCat("must be at least ", spec.min)
                : absl::StrCat("must be from ", spec.min, " to ", spec.max));
      }
      return value;
    }
    case ValueKind::kNumber: {
      // SimpleAtod also reads "nan" and "inf", which no field here can hold.
      double value = 0;
      if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
        return absl::InvalidArgumentError("not a number");
      }
      return value;
    }
    case ValueKind::kTime: {
      if (text == "now") return absl::Now();
      absl::Time value;
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, text, &value, &error)) {
        return absl::InvalidArgumentError(
            "not an RFC 3339 time such as 2024-05-01T08:30:00Z");
      }
      return value;
    }
  }
  return absl::InternalError("unknown option kind");
}

}  // namespace casehub::casectl
