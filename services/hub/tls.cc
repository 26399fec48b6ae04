#include "services/hub/tls.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "grpcpp/security/server_credentials.h"

namespace casehub::hub {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& field, const std::string& path) {
  std::ifstream file(path);
  std::stringstream contents;
  contents << file.rdbuf();
  if (!file || contents.str().find("-----BEGIN") == std::string::npos) {
    return absl::FailedPreconditionError(
        absl::StrCat("tls.", field, ": ", path, " cannot be read as PEM"));
  }
  return contents.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const v1::TlsConfig& tls) {
  if (tls.cert_file().empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadPem("cert_file", tls.cert_file()));
  ASSIGN_OR_RETURN(pair.private_key, ReadPem("key_file", tls.key_file()));
  // A client certificate is optional: people log in with tokens over the
  // same port, integrations and other hubs may present one instead.
  grpc::SslServerCredentialsOptions options(
      tls.client_ca_file().empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                   : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!tls.client_ca_file().empty()) {
    ASSIGN_OR_RETURN(options.pem_root_certs, ReadPem("client_ca_file", tls.client_ca_file()));
  }
  options.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(options);
}

}  // namespace casehub::hub
