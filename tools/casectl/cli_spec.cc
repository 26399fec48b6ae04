#include "tools/casectl/cli_spec.h"

#include <algorithm>

namespace casehub::casectl {

bool CommandSpec::BeginsWith(const std::vector<std::string>& prefix) const {
  return prefix.size() <= words.size() &&
         std::equal(prefix.begin(), prefix.end(), words.begin());
}

const OptionSpec* FindOption(const std::vector<OptionSpec>& options,
                             absl::string_view name) {
  for (const OptionSpec& option : options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

}  // namespace casehub::casectl
