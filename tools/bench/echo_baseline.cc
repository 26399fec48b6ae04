#include "tools/bench/echo_baseline.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "services/api/executor.h"
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

// Keys ascend like a log: each call's request is a new value.
std::string EchoKey(int64_t number) { return absl::StrFormat("echo-%016d", number); }

// How a durable echo's call ends once its write is done.
grpc::Status Answer(const rocksdb::Status& written, const EchoMessage& request,
                    EchoMessage& response) {
  if (!written.ok()) return grpc::Status(grpc::StatusCode::INTERNAL, written.ToString());
  response = request;
  return grpc::Status::OK;
}

// The durable echo as casehub writes: each call handed to a worker, which
// writes the request with its own synced put (the workers share fsyncs
// through RocksDB's group commit) and answers from there.
class WorkerDurableEchoService : public Echo::CallbackService {
 public:
  WorkerDurableEchoService(rocksdb::DB& db, int workers)
      : db_(db), workers_(workers, /*max_queued=*/1 << 16) {}

 private:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoMessage* request,
                                 EchoMessage* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    const bool queued = workers_.TrySubmit([this, request, response, reactor] {
      rocksdb::WriteOptions durable;
      durable.sync = true;
      const rocksdb::Status written =
          db_.Put(durable, EchoKey(next_key_.fetch_add(1)), request->payload());
      reactor->Finish(Answer(written, *request, *response));
    });
    if (!queued) reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "queue full"));
    return reactor;
  }

  rocksdb::DB& db_;
  std::atomic<int64_t> next_key_{0};
  api::Executor workers_;
};

// The durable echo with one committer: gRPC's thread queues the call and
// takes the next; the committer writes everything queued as one synced
// batch and answers each call from there. No thread waits per call.
class CommitterDurableEchoService : public Echo::CallbackService {
 public:
  explicit CommitterDurableEchoService(rocksdb::DB& db)
      : db_(db), committer_([this] { CommitUntilStopped(); }) {}

  // gRPC's server is shut down first, so nothing is queued any more.
  ~CommitterDurableEchoService() override {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    committer_.join();
  }

 private:
  struct QueuedCall {
    const EchoMessage* request;
    EchoMessage* response;
    grpc::ServerUnaryReactor* reactor;
  };

  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const EchoMessage* request,
                                 EchoMessage* response) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    absl::MutexLock lock(&mu_);
    queued_.push_back({request, response, reactor});
    return reactor;
  }

  void CommitUntilStopped() {
    for (;;) {
      std::vector<QueuedCall> group;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(
            +[](CommitterDurableEchoService* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
              return self->stopping_ || !self->queued_.empty();
            },
            this));
        if (queued_.empty()) return;  // stopping
        group.swap(queued_);
      }
      rocksdb::WriteBatch batch;
      for (const QueuedCall& call : group) {
        batch.Put(EchoKey(next_key_++), call.request->payload());
      }
      rocksdb::WriteOptions durable;
      durable.sync = true;
      const rocksdb::Status written = db_.Write(durable, &batch);
      for (const QueuedCall& call : group) {
        call.reactor->Finish(Answer(written, *call.request, *call.response));
      }
    }
  }

  rocksdb::DB& db_;
  absl::Mutex mu_;
  std::vector<QueuedCall> queued_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int64_t next_key_ = 0;  // the committer's own
  std::thread committer_;
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
  std::unique_ptr<Echo::CallbackService> service;
  std::unique_ptr<grpc::Server> server;
  std::shared_ptr<grpc::Channel> channel;
};

absl::StatusOr<std::unique_ptr<EchoBaseline>> EchoBaseline::Start(const std::string& token,
                                                                  absl::Duration timeout,
                                                                  rocksdb::DB* durable_into,
                                                                  int workers) {
  auto server = std::make_unique<Server>();
  if (durable_into != nullptr && workers == 0) {
    server->service = std::make_unique<CommitterDurableEchoService>(*durable_into);
  } else if (durable_into != nullptr) {
    server->service = std::make_unique<WorkerDurableEchoService>(*durable_into, workers);
  } else {
    server->service = std::make_unique<EchoService>();
  }
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(server->service.get());
  server->server = builder.BuildAndStart();
  if (server->server == nullptr || port == 0) {
    return absl::UnavailableError("echo baseline: the gRPC server did not start");
  }
  server->channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  const bool durable = durable_into != nullptr;
  return std::unique_ptr<EchoBaseline>(
      new EchoBaseline(std::move(server), token, timeout, durable));
}

EchoBaseline::EchoBaseline(std::unique_ptr<Server> server, const std::string& token,
                           absl::Duration timeout, bool durable)
    : server_(std::move(server)),
      token_(token),
      timeout_(timeout),
      payload_(TypicalAncRequestBytes()),
      durable_(durable) {}

// The server first: its shutdown waits for the calls in flight, which the
// durable echo's workers finish.
EchoBaseline::~EchoBaseline() { server_->server->Shutdown(); }

Phase EchoBaseline::MakePhase() const {
  const std::string name = durable_ ? "durable_echo" : "echo";
  return Phase{
      .name = name,
      .operation_names = {name},
      .make_caller = [this](int) -> absl::StatusOr<std::unique_ptr<Caller>> {
        return std::make_unique<EchoCaller>(server_->channel, token_, timeout_, payload_);
      },
  };
}

}  // namespace casehub::bench
