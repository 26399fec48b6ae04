// Option values after parsing: checked against their OptionSpec and typed.
#ifndef CASEHUB_TOOLS_CASECTL_OPTION_VALUES_H_
#define CASEHUB_TOOLS_CASECTL_OPTION_VALUES_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "tools/casectl/cli_spec.h"

namespace casehub::casectl {

class OptionValues {
 public:
  using Value = std::variant<bool, std::string, int64_t, double, absl::Time>;

  // Adds a value of option `name`: a repeatable option has one for each time
  // it was given, any other at most one.
  void Add(absl::string_view name, Value value);
  bool Has(absl::string_view name) const;

  // Each accessor reads an option of the matching kind. An absent option reads
  // as the zero value; use Has() where absence matters.
  bool Flag(absl::string_view name) const;
  std::string Text(absl::string_view name) const;
  int64_t Integer(absl::string_view name) const;
  double Number(absl::string_view name) const;
  absl::Time Time(absl::string_view name) const;
  // Every value of a repeatable text option, in the order given; none when
  // it is absent.
  std::vector<std::string> Texts(absl::string_view name) const;

 private:
  template <typename T>
  T Get(absl::string_view name) const;

  std::map<std::string, std::vector<Value>, std::less<>> values_;
};

// Checks `text` against `spec` and converts it to the spec's kind. The error
// message says what was expected, e.g. "not a number".
absl::StatusOr<OptionValues::Value> ParseOptionValue(const OptionSpec& spec,
                                                     absl::string_view text);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_OPTION_VALUES_H_
