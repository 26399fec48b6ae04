#include "tools/casectl/connection.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace casehub::casectl {
namespace {

// gRPC metadata values (not -bin) are printable ASCII; anything else makes
// gRPC abort the call as API misuse.
absl::Status CheckMetadataValue(absl::string_view option, absl::string_view value) {
  for (const char c : value) {
    if (c < 0x20 || c > 0x7e) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", option, " '", value, "' must be printable ASCII: it is sent as gRPC metadata"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

Connection::Connection(const GlobalOptions& options)
    : options_(options),
      channel_(grpc::CreateChannel(options.server,
                                   grpc::InsecureChannelCredentials())) {
  identity_ = CheckMetadataValue("user", options_.user);
  if (identity_.ok()) identity_ = CheckMetadataValue("site", options_.site);
  if (identity_.ok()) identity_ = CheckMetadataValue("role", options_.role);
}

void Connection::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
  Identify(context);
}

void Connection::Identify(grpc::ClientContext& context) const {
  // The hub fills each command's actor from these until it authenticates.
  context.AddMetadata("x-casehub-principal", options_.user);
  if (!options_.site.empty()) {
    context.AddMetadata("x-casehub-site", options_.site);
  }
  context.AddMetadata("x-casehub-role", options_.role);
}

absl::Status Connection::ToStatus(const grpc::Status& status) {
  // gRPC and absl share the canonical status codes.
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace casehub::casectl
