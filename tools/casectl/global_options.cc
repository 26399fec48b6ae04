#include "tools/casectl/global_options.h"


namespace casehub::casectl {

std::vector<OptionSpec> GlobalOptionSpecs() {
  return {
      {.name = "server",
       .value_name = "ADDR",
       .help = "Hub address, host:port",
       .env = {"CASEHUB_SERVER"},
       .default_value = "127.0.0.1:7443"},
      {.name = "token-file",
       .value_name = "FILE",
       .help = "Where login keeps the token sent with every call "
               "(default $HOME/.config/casehub/token)",
       .env = {"CASEHUB_TOKEN_FILE"}},
      {.name = "tls-ca",
       .value_name = "PEM",
       .help = "Connect with TLS, trusting the hub certificate this CA signed",
       .env = {"CASEHUB_TLS_CA"}},
      {.name = "tls-server-name",
       .value_name = "NAME",
       .help = "The name the hub certificate must carry, when not the --server host",
       .env = {"CASEHUB_TLS_SERVER_NAME"}},
      {.name = "tls-cert",
       .value_name = "PEM",
       .help = "Client certificate (integrations authenticate with it instead of a token)",
       .env = {"CASEHUB_TLS_CERT"}},
      {.name = "tls-key",
       .value_name = "PEM",
       .help = "The client certificate's private key",
       .env = {"CASEHUB_TLS_KEY"}},
      {.name = "json",
       .kind = ValueKind::kFlag,
       .help = "Print the response message as JSON"},
      {.name = "timeout",
       .kind = ValueKind::kInteger,
       .value_name = "SECONDS",
       .help = "Deadline of each call; alerts watch has none",
       .env = {"CASEHUB_TIMEOUT"},
       .default_value = "10",
       .min = 1},
  };
}

GlobalOptions ReadGlobalOptions(const OptionValues& values, const std::string& home) {
  std::string token_file = values.Text("token-file");
  if (token_file.empty()) {
    token_file = home.empty() ? ".casehub-token" : home + "/.config/casehub/token";
  }
  return GlobalOptions{
      .server = values.Text("server"),
      .token_file = token_file,
      .tls_ca = values.Text("tls-ca"),
      .tls_server_name = values.Text("tls-server-name"),
      .tls_cert = values.Text("tls-cert"),
      .tls_key = values.Text("tls-key"),
      .json = values.Flag("json"),
      .timeout = absl::Seconds(values.Integer("timeout")),
  };
}

}  // namespace casehub::casectl
