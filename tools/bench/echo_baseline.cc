#include "tools/bench/echo_baseline.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "tools/bench/echo.grpc.pb.h"
#include "tools/bench/lab_result_request.h"
#include "tools/client_login/client_login.h"
#include "tools/client_login/grpc_status.h"

namespace casehub::bench {
namespace {

// Answers on the gRPC thread: no executor hop, no disk.
class EchoService : public Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoMessage* request,
                                 EchoMessage* response) override {
    *response = *request;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

class EchoCaller : public Caller {
 public:
  EchoCaller(std::shared_ptr<grpc::Channel> channel, const std::string& token,
             absl::Duration timeout, const std::string& payload)
      : stub_(std::move(channel)), token_(token), timeout_(timeout) {
    request_.set_payload(payload);
  }

  int ChooseOperation() override { return 0; }

  absl::Status Perform(int) override {
    grpc::ClientContext context;
    tools::PrepareCall(context, token_, timeout_);
    EchoMessage response;
    return tools::FromGrpcStatus(stub_.Echo(&context, request_, &response));
  }

 private:
  Echo::Stub stub_;
  const std::string& token_;
  absl::Duration timeout_;
  EchoMessage request_;
};

}  // namespace

struct EchoBaseline::Server {
  EchoService service;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
};

absl::StatusOr<std::unique_ptr<EchoBaseline>> EchoBaseline::Start(const std::string& token,
                                                                 absl::Duration timeout) {
  auto server = std::make_unique<Server>();
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&server->service);
  server->server = builder.BuildAndStart();
  if (server->server == nullptr || port == 0) {
    return absl::UnavailableError("echo baseline: the gRPC server did not start");
  }
  server->channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                        grpc::InsecureChannelCredentials());
  return std::unique_ptr<EchoBaseline>(new EchoBaseline(std::move(server), token, timeout));
}

EchoBaseline::EchoBaseline(std::unique_ptr<Server> server, const std::string& token,
                           absl::Duration timeout)
    : server_(std::move(server)),
      token_(token),
      timeout_(timeout),
      payload_(TypicalAncRequestBytes()) {}

EchoBaseline::~EchoBaseline() { server_->server->Shutdown(); }

Phase EchoBaseline::MakePhase() const {
  return Phase{
      .name = "echo",
      .operation_names = {"echo"},
      .make_caller = [this](int) -> absl::StatusOr<std::unique_ptr<Caller>> {
        return std::make_unique<EchoCaller>(server_->channel, token_, timeout_, payload_);
      },
  };
}

}  // namespace casehub::bench
