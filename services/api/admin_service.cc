#include "casehub/status_macros.h"
#include "casehub/v1/admin.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/services.h"
#include "services/engine/verify.h"

namespace casehub::api {
namespace {

class AdminService final : public v1::AdminService::CallbackService {
 public:
  explicit AdminService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* Verify(grpc::CallbackServerContext* call, const v1::VerifyRequest*,
                                   v1::VerifyResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.AdminService/Verify", response,
                         [this](const Caller&) {
                           return engine::Verify(*context_.store, *context_.plugins);
                         });
  }

  // Off the gRPC threads: the checkpoint flushes memtables and links or
  // copies every file. The spooled audit records go into the store first,
  // so the backup holds the trail of every call answered before it.
  grpc::ServerUnaryReactor* Backup(grpc::CallbackServerContext* call,
                                   const v1::BackupRequest* request,
                                   v1::BackupResponse* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.AdminService/Backup", response,
        [this, destination = request->destination_dir()](
            const Caller&) -> absl::StatusOr<v1::BackupResponse> {
          RETURN_IF_ERROR(context_.audit_log->Drain());
          absl::StatusOr<uint64_t> sequence = context_.store->Checkpoint(destination);
          if (!sequence.ok()) return sequence.status();
          v1::BackupResponse written;
          written.set_destination_dir(destination);
          written.set_sequence_number(*sequence);
          return written;
        });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAdminService(const ServiceContext& context) {
  return std::make_unique<AdminService>(context);
}

}  // namespace casehub::api
