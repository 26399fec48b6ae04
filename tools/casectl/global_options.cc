#include "tools/casectl/global_options.h"

#include "casehub/v1/common.pb.h"
#include "tools/casectl/format.h"

namespace casehub::casectl {

std::vector<OptionSpec> GlobalOptionSpecs() {
  return {
      {.name = "server",
       .value_name = "ADDR",
       .help = "Hub address, host:port",
       .env = {"CASEHUB_SERVER"},
       .default_value = "127.0.0.1:7443"},
      {.name = "site",
       .value_name = "ID",
       .help = "Site the caller acts for",
       .env = {"CASEHUB_SITE"}},
      {.name = "user",
       .value_name = "ID",
       .help = "Caller's principal id",
       .env = {"CASEHUB_USER", "USER"},
       .default_value = "casectl"},
      {.name = "role",
       .value_name = "ROLE",
       .help = "Caller's role",
       .env = {"CASEHUB_ROLE"},
       .default_value = "case_manager",
       .choices = EnumWords<v1::Role>()},
      {.name = "json",
       .kind = ValueKind::kFlag,
       .help = "Print the response message as JSON"},
      {.name = "timeout",
       .kind = ValueKind::kInteger,
       .value_name = "SECONDS",
       .help = "Deadline of each call; alerts watch has none",
       .default_value = "10",
       .min = 1},
  };
}

GlobalOptions ReadGlobalOptions(const OptionValues& values) {
  return GlobalOptions{
      .server = values.Text("server"),
      .site = values.Text("site"),
      .user = values.Text("user"),
      .role = values.Text("role"),
      .json = values.Flag("json"),
      .timeout = absl::Seconds(values.Integer("timeout")),
  };
}

}  // namespace casehub::casectl
