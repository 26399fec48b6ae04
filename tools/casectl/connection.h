// The channel to the hub (plaintext, or TLS with --tls-ca), and the ways
// casectl calls it: every call carries the token `casectl login` saved,
// every unary call a deadline, and its gRPC status comes back as an
// absl::Status with the same code.
#ifndef CASEHUB_TOOLS_CASECTL_CONNECTION_H_
#define CASEHUB_TOOLS_CASECTL_CONNECTION_H_

#include <memory>

#include "absl/status/status.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "grpcpp/support/sync_stream.h"
#include "tools/casectl/global_options.h"
#include "tools/client_login/grpc_status.h"

namespace casehub::casectl {

// A unary method of a generated stub, e.g. &v1::SiteService::Stub::ListSites.
template <typename Stub, typename Request, typename Response>
using UnaryMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                           Response*);

// A server-streaming method of a generated stub, e.g.
// &v1::AlertService::Stub::WatchAlerts.
template <typename Stub, typename Request, typename Response>
using StreamingMethod = std::unique_ptr<grpc::ClientReader<Response>> (Stub::*)(
    grpc::ClientContext*, const Request&);

class Connection {
 public:
  explicit Connection(const GlobalOptions& options);

  template <typename Stub, typename Request, typename Response>
  absl::Status Call(UnaryMethod<Stub, Request, Response> method,
                    const Request& request, Response* response) const {
    if (!setup_.ok()) return setup_;
    // Stubs only hold the channel and method names: cheap to make per call.
    Stub stub(channel_);
    grpc::ClientContext context;
    Prepare(context);
    return tools::FromGrpcStatus((stub.*method)(&context, request, response));
  }

  // Calls a server-streaming method and hands each message to `on_message`
  // as it arrives, until the server ends the stream (its status is returned)
  // or on_message(message) returns false (OK). No deadline: a stream lasts
  // as long as the caller wants it.
  template <typename Stub, typename Request, typename Response,
            typename OnMessage>
  absl::Status Stream(StreamingMethod<Stub, Request, Response> method,
                      const Request& request, OnMessage on_message) const {
    if (!setup_.ok()) return setup_;
    Stub stub(channel_);
    grpc::ClientContext context;
    Identify(context);
    std::unique_ptr<grpc::ClientReader<Response>> reader =
        (stub.*method)(&context, request);
    Response message;
    while (reader->Read(&message)) {
      if (!on_message(message)) {
        context.TryCancel();
        // CANCELLED, as asked; Finish() still releases the call.
        reader->Finish().IgnoreError();
        return absl::OkStatus();
      }
    }
    return tools::FromGrpcStatus(reader->Finish());
  }

 private:
  // A unary call: the caller's token and the deadline.
  void Prepare(grpc::ClientContext& context) const;
  // The token saved by login, when there is one.
  void Identify(grpc::ClientContext& context) const;

  GlobalOptions options_;
  // Why no call can be made (an unreadable TLS file, a damaged token
  // file), or OK.
  absl::Status setup_;
  std::string token_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_CONNECTION_H_
