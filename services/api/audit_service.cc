#include "casehub/v1/audit.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/services.h"

namespace casehub::api {
namespace {

// Queries only: the service has no call that changes the trail.
class AuditService final : public v1::AuditService::CallbackService {
 public:
  explicit AuditService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* QueryAudit(grpc::CallbackServerContext* call,
                                       const v1::QueryAuditRequest* request,
                                       v1::QueryAuditResponse* response) override {
    return RunOnExecutor(call, *context_.executor, response,
                         [this, call, request]() -> absl::StatusOr<v1::QueryAuditResponse> {
                           absl::StatusOr<v1::Actor> actor = ActorOf(*call);
                           if (!actor.ok()) return actor.status();
                           return context_.audit_log->Query(*request);
                         });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAuditService(const ServiceContext& context) {
  return std::make_unique<AuditService>(context);
}

}  // namespace casehub::api
