#include "casehub/v1/clinical.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"

namespace casehub::api {
namespace {

class ClinicalService final : public v1::ClinicalService::CallbackService {
 public:
  explicit ClinicalService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* RecordLabResult(grpc::CallbackServerContext* call,
                                            const v1::RecordLabResultRequest* request,
                                            v1::RecordLabResultResponse* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.ClinicalService/RecordLabResult", response,
        [this, call, request](const Caller& caller) -> absl::StatusOr<v1::RecordLabResultResponse> {
          v1::Command command;
          *command.mutable_record_lab_result() = *request;
          ASSIGN_OR_RETURN(v1::CommandOutcome outcome,
                           ExecuteAsCaller(*call, context_, caller, std::move(command)));
          v1::RecordLabResultResponse recorded;
          recorded.set_version(outcome.last_seq());
          recorded.set_event_seq(outcome.first_seq());
          return recorded;
        });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeClinicalService(const ServiceContext& context) {
  return std::make_unique<ClinicalService>(context);
}

}  // namespace casehub::api
