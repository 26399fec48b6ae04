#include "tools/casectl/connection.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "tools/casectl/option_file.h"

namespace casehub::casectl {
namespace {

// gRPC metadata values (not -bin) are printable ASCII; anything else makes
// gRPC abort the call as API misuse.
bool IsPrintableAscii(absl::string_view value) {
  for (const char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> CredentialsFor(
    const GlobalOptions& options) {
  if (options.tls_ca.empty()) {
    if (!options.tls_cert.empty()) {
      return absl::InvalidArgumentError("--tls-cert: needs --tls-ca (TLS)");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions tls;
  absl::StatusOr<std::string> ca = ReadOptionFile("tls-ca", options.tls_ca);
  if (!ca.ok()) return ca.status();
  tls.pem_root_certs = *ca;
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (!options.tls_cert.empty()) {
    absl::StatusOr<std::string> cert = ReadOptionFile("tls-cert", options.tls_cert);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadOptionFile("tls-key", options.tls_key);
    if (!key.ok()) return key.status();
    tls.pem_cert_chain = *cert;
    tls.pem_private_key = *key;
  }
  return grpc::SslCredentials(tls);
}

}  // namespace

Connection::Connection(const GlobalOptions& options) : options_(options) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials = CredentialsFor(options);
  grpc::ChannelArguments arguments;
  if (!options.tls_server_name.empty()) {
    arguments.SetSslTargetNameOverride(options.tls_server_name);
  }
  channel_ = grpc::CreateCustomChannel(
      options.server, credentials.ok() ? *credentials : grpc::InsecureChannelCredentials(),
      arguments);
  setup_ = credentials.status();
  std::ifstream saved(options.token_file);
  if (setup_.ok() && saved) {
    std::stringstream contents;
    contents << saved.rdbuf();
    token_ = std::string(absl::StripAsciiWhitespace(contents.str()));
    if (!IsPrintableAscii(token_)) {
      setup_ = absl::FailedPreconditionError(absl::StrCat(
          "the token file ", options.token_file, " is damaged; run casectl login again"));
    }
  }
}

void Connection::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
  Identify(context);
}

void Connection::Identify(grpc::ClientContext& context) const {
  if (!token_.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
}

}  // namespace casehub::casectl
