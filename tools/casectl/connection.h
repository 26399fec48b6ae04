// The channel to the hub, and the one way casectl calls it: every call carries
// the caller's identity as metadata and a deadline, and its gRPC status comes
// back as an absl::Status with the same code.
#ifndef CASEHUB_TOOLS_CASECTL_CONNECTION_H_
#define CASEHUB_TOOLS_CASECTL_CONNECTION_H_

#include <memory>

#include "absl/status/status.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "tools/casectl/global_options.h"

namespace casehub::casectl {

// A unary method of a generated stub, e.g. &v1::SiteService::Stub::ListSites.
template <typename Stub, typename Request, typename Response>
using UnaryMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                           Response*);

class Connection {
 public:
  // Insecure channel credentials until the hub authenticates callers.
  explicit Connection(const GlobalOptions& options);

  template <typename Stub, typename Request, typename Response>
  absl::Status Call(UnaryMethod<Stub, Request, Response> method,
                    const Request& request, Response* response) const {
    // Stubs only hold the channel and method names: cheap to make per call.
    Stub stub(channel_);
    grpc::ClientContext context;
    Prepare(context);
    return ToStatus((stub.*method)(&context, request, response));
  }

 private:
  void Prepare(grpc::ClientContext& context) const;
  static absl::Status ToStatus(const grpc::Status& status);

  GlobalOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_CONNECTION_H_
