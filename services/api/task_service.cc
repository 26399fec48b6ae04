#include "casehub/v1/task.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"

namespace casehub::api {
namespace {

class TaskService final : public v1::TaskService::CallbackService {
 public:
  explicit TaskService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* ListWorklist(grpc::CallbackServerContext* call,
                                         const v1::ListWorklistRequest* request,
                                         v1::ListWorklistResponse* response) override {
    // One page of an index scan: bounded.
    return RunBoundedRead(
        call, context_, "/casehub.v1.TaskService/ListWorklist", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::ListWorklistResponse> {
          std::string site = SiteOrCallers(request->site_id(), caller.actor);
          RETURN_IF_ERROR(RequireOwnSite(caller, site));
          return context_.queries->ListWorklist(site, request->role(),
                                                {request->page_size(), request->page_token()});
        });
  }

  grpc::ServerUnaryReactor* CompleteTask(grpc::CallbackServerContext* call,
                                         const v1::CompleteTaskRequest* request,
                                         v1::Task* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.TaskService/CompleteTask", response,
                         [this, call, request](const Caller& caller) -> absl::StatusOr<v1::Task> {
                           v1::Command command;
                           *command.mutable_complete_task() = *request;
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, context_, caller, command));
                           const v1::Task* task = engine::FindTask(result.state, request->task_id());
                           if (task == nullptr) {
                             return absl::InternalError("completed task vanished from state");
                           }
                           return *task;
                         });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeTaskService(const ServiceContext& context) {
  return std::make_unique<TaskService>(context);
}

}  // namespace casehub::api
