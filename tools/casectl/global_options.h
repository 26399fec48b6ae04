// The options every command accepts: where the hub is, who is calling, and
// how to print.
#ifndef CASEHUB_TOOLS_CASECTL_GLOBAL_OPTIONS_H_
#define CASEHUB_TOOLS_CASECTL_GLOBAL_OPTIONS_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tools/casectl/cli_spec.h"
#include "tools/casectl/option_values.h"

namespace casehub::casectl {

struct GlobalOptions {
  // host:port of the hub.
  std::string server;
  // The caller, sent as metadata on every call; site may be empty.
  std::string site;
  std::string user;
  // A Role as its lower-case word, e.g. "case_manager".
  std::string role;
  bool json = false;
  // Deadline of each call.
  absl::Duration timeout;
};

std::vector<OptionSpec> GlobalOptionSpecs();

// Reads values parsed against GlobalOptionSpecs().
GlobalOptions ReadGlobalOptions(const OptionValues& values);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_GLOBAL_OPTIONS_H_
