#include <vector>

#include "absl/strings/str_cat.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"

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
          return Recorded(outcome);
        });
  }

  grpc::ServerUnaryReactor* RecordLabResults(grpc::CallbackServerContext* call,
                                             const v1::RecordLabResultsRequest* request,
                                             v1::RecordLabResultsResponse* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.ClinicalService/RecordLabResults", response,
        [this, call, request](const Caller& caller) -> absl::StatusOr<v1::RecordLabResultsResponse> {
          if (request->results().empty() || request->results_size() > kMaxResultsPerBatch) {
            return engine::InvalidField(
                "results", absl::StrCat("must hold 1 to ", kMaxResultsPerBatch,
                                        " results, got ", request->results_size()));
          }
          std::vector<v1::Command> commands(request->results_size());
          for (int i = 0; i < request->results_size(); ++i) {
            *commands[i].mutable_record_lab_result() = request->results(i);
          }
          ASSIGN_OR_RETURN(auto results,
                           ExecuteBatchAsCaller(*call, context_, caller, std::move(commands)));
          v1::RecordLabResultsResponse answered;
          for (const absl::StatusOr<v1::CommandOutcome>& result : results) {
            v1::RecordLabResultsResponse::Entry* entry = answered.add_entries();
            if (result.ok()) {
              *entry->mutable_recorded() = Recorded(*result);
            } else {
              const grpc::Status refused = ToGrpcStatus(result.status());
              entry->set_code(refused.error_code());
              entry->set_message(refused.error_message());
            }
          }
          return answered;
        });
  }

 private:
  // Bounds one call's work, and its request (about 150 bytes per result) to
  // well under gRPC's 4 MiB message limit.
  static constexpr int kMaxResultsPerBatch = 500;

  static v1::RecordLabResultResponse Recorded(const v1::CommandOutcome& outcome) {
    v1::RecordLabResultResponse recorded;
    recorded.set_version(outcome.last_seq());
    recorded.set_event_seq(outcome.first_seq());
    return recorded;
  }

  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeClinicalService(const ServiceContext& context) {
  return std::make_unique<ClinicalService>(context);
}

}  // namespace casehub::api
