#include "tools/casectl/case_facts.h"

#include "absl/strings/str_cat.h"

namespace casehub::casectl {

absl::Status AddCaseFacts(const std::vector<std::string>& arguments,
                          v1::RecordCaseDataRequest& request) {
  for (const std::string& argument : arguments) {
    const size_t equals = argument.find('=');
    if (equals == std::string::npos || equals == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", argument, "' is not KEY=VALUE, e.g. tnm_t=T2a"));
    }
    v1::CaseFact& fact = *request.add_facts();
    fact.set_key(argument.substr(0, equals));
    fact.set_value(argument.substr(equals + 1));
  }
  return absl::OkStatus();
}

}  // namespace casehub::casectl
