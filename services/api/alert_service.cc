#include "casehub/v1/alert.grpc.pb.h"
#include "services/api/alert_watcher.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"

namespace casehub::api {
namespace {

class AlertService final : public v1::AlertService::CallbackService {
 public:
  explicit AlertService(const ServiceContext& context)
      : context_(context), watcher_slots_(context.max_alert_watchers) {}

  grpc::ServerUnaryReactor* ListAlerts(grpc::CallbackServerContext* call,
                                       const v1::ListAlertsRequest* request,
                                       v1::ListAlertsResponse* response) override {
    // One page of an index scan: bounded.
    return RunBoundedRead(
        call, context_, "/casehub.v1.AlertService/ListAlerts", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::ListAlertsResponse> {
          std::string site = SiteOrCallers(request->site_id(), caller.actor);
          RETURN_IF_ERROR(RequireOwnSite(caller, site));
          return context_.queries->ListAlerts(site, {request->page_size(), request->page_token()});
        });
  }

  grpc::ServerUnaryReactor* AcknowledgeAlert(grpc::CallbackServerContext* call,
                                             const v1::AcknowledgeAlertRequest* request,
                                             v1::Alert* response) override {
    v1::Command command;
    *command.mutable_acknowledge_alert() = *request;
    return RunAlertCommand(call, "/casehub.v1.AlertService/AcknowledgeAlert", std::move(command),
                           response);
  }

  grpc::ServerUnaryReactor* RecordAlertIntervention(
      grpc::CallbackServerContext* call, const v1::RecordAlertInterventionRequest* request,
      v1::Alert* response) override {
    v1::Command command;
    *command.mutable_record_alert_intervention() = *request;
    return RunAlertCommand(call, "/casehub.v1.AlertService/RecordAlertIntervention", std::move(command),
                           response);
  }

  grpc::ServerUnaryReactor* CloseAlert(grpc::CallbackServerContext* call,
                                       const v1::CloseAlertRequest* request,
                                       v1::Alert* response) override {
    v1::Command command;
    *command.mutable_close_alert() = *request;
    return RunAlertCommand(call, "/casehub.v1.AlertService/CloseAlert", std::move(command),
                           response);
  }

  grpc::ServerWriteReactor<v1::AlertUpdate>* WatchAlerts(
      grpc::CallbackServerContext* call, const v1::WatchAlertsRequest* request) override {
    // Checked on the gRPC thread: the stream's reactor must exist at once,
    // and checking a token takes microseconds.
    absl::StatusOr<Caller> caller =
        Authorize(*call, *context_.auth, "/casehub.v1.AlertService/WatchAlerts");
    if (!caller.ok()) return Refused(ToGrpcStatus(caller.status()));
    absl::StatusOr<uint64_t> cursor = engine::ParseCursor(request->after_cursor());
    if (!cursor.ok()) return Refused(ToGrpcStatus(cursor.status()));
    const std::string site = SiteOrCallers(request->site_id(), caller->actor);
    absl::Status own = RequireOwnSite(*caller, site);
    if (!own.ok()) return Refused(ToGrpcStatus(own));
    // No cursor: from now on. A cursor, even "0": everything after it.
    std::optional<uint64_t> after;
    if (!request->after_cursor().empty()) after = *cursor;
    if (!watcher_slots_.TryTake()) {
      return Refused(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("casehub serves at most ", watcher_slots_.max(),
                       " alert watchers (max_alert_watchers); retry WatchAlerts with backoff")));
    }
    return new AlertWatcher(context_.alert_feed, *context_.executor, &watcher_slots_,
                            context_.max_pending_alert_updates, site, after);
  }

 private:
  // A stream that ends at once with `status`.
  static grpc::ServerWriteReactor<v1::AlertUpdate>* Refused(const grpc::Status& status) {
    class Refusal final : public grpc::ServerWriteReactor<v1::AlertUpdate> {
     public:
      explicit Refusal(const grpc::Status& status) { Finish(status); }
      void OnDone() override { delete this; }
    };
    return new Refusal(status);
  }

  // Runs one step of the closed loop and answers with the alert after it.
  grpc::ServerUnaryReactor* RunAlertCommand(grpc::CallbackServerContext* call,
                                            absl::string_view method, v1::Command command,
                                            v1::Alert* response) {
    return RunAuthorized(call, context_, method, response,
                         [this, call, command = std::move(command)](
                             const Caller& caller) -> absl::StatusOr<v1::Alert> {
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, context_, caller, command));
                           const v1::Alert* alert =
                               engine::FindAlert(result.state, result.outcome.entity_id());
                           if (alert == nullptr) return absl::InternalError("alert vanished from state");
                           return *alert;
                         });
  }

  ServiceContext context_;
  WatcherSlots watcher_slots_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAlertService(const ServiceContext& context) {
  return std::make_unique<AlertService>(context);
}

}  // namespace casehub::api
