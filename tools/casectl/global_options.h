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
  // Where `casectl login` keeps the token every other call sends.
  std::string token_file;
  // TLS: the CA bundle that signed the hub's certificate (TLS is used when
  // set), the name to check it against when not the server's host, and a
  // client certificate and key (integrations).
  std::string tls_ca;
  std::string tls_server_name;
  std::string tls_cert;
  std::string tls_key;
  bool json = false;
  // Deadline of each call.
  absl::Duration timeout;
};

std::vector<OptionSpec> GlobalOptionSpecs();

// Reads values parsed against GlobalOptionSpecs(); `home` is $HOME, for the
// default token file ($HOME/.config/casehub/token).
GlobalOptions ReadGlobalOptions(const OptionValues& values, const std::string& home);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_GLOBAL_OPTIONS_H_
