#include "tools/casectl/connection.h"

#include "absl/time/clock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace casehub::casectl {

Connection::Connection(const GlobalOptions& options)
    : options_(options),
      channel_(grpc::CreateChannel(options.server,
                                   grpc::InsecureChannelCredentials())) {}

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
