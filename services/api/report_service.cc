#include "casehub/v1/report.grpc.pb.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/api/call.h"
#include "services/api/services.h"
#include "services/engine/indicator_items.h"
#include "services/engine/myelo_report.h"
#include "services/engine/network_report.h"
#include "services/engine/plugin_report.h"

namespace casehub::api {
namespace {

class ReportService final : public v1::ReportService::CallbackService {
 public:
  explicit ReportService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* GetMyeloReport(grpc::CallbackServerContext* call,
                                           const v1::MyeloReportRequest* request,
                                           v1::MyeloReport* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.ReportService/GetMyeloReport", response,
                         [this, request](const Caller& caller) -> absl::StatusOr<v1::MyeloReport> {
                           v1::MyeloReportRequest for_site = *request;
                           for_site.set_site_id(SiteOrCallers(request->site_id(), caller.actor));
                           RETURN_IF_ERROR(RequireOwnOrSupervisedSite(
                               caller, for_site.site_id(), *context_.sites, engine::kMyeloModule,
                               /*is_module=*/true, context_.engine->clock().Now()));
                           return engine::BuildMyeloReport(*context_.store, for_site);
                         });
  }

  grpc::ServerUnaryReactor* GetIndicatorReport(grpc::CallbackServerContext* call,
                                               const v1::IndicatorReportRequest* request,
                                               v1::IndicatorReport* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.ReportService/GetIndicatorReport", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::IndicatorReport> {
          v1::IndicatorReportRequest for_site = *request;
          for_site.set_site_id(SiteOrCallers(request->site_id(), caller.actor));
          const engine::LoadedPlugin* plugin = context_.plugins->FindById(request->plugin_id());
          RETURN_IF_ERROR(RequireOwnOrSupervisedSite(
              caller, for_site.site_id(), *context_.sites,
              plugin == nullptr ? "" : plugin->descriptor().tumor_type(), /*is_module=*/false,
              context_.engine->clock().Now()));
          return engine::BuildIndicatorReport(*context_.store, *context_.plugins, for_site);
        });
  }

  // A hub's people compare their collaborators; a network administrator
  // any hub's.
  grpc::ServerUnaryReactor* GetNetworkReport(grpc::CallbackServerContext* call,
                                             const v1::NetworkReportRequest* request,
                                             v1::NetworkReport* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.ReportService/GetNetworkReport", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::NetworkReport> {
          v1::NetworkReportRequest for_hub = *request;
          for_hub.set_hub_site_id(SiteOrCallers(request->hub_site_id(), caller.actor));
          if (!HoldsRole(caller, v1::ROLE_NETWORK_ADMIN)) {
            RETURN_IF_ERROR(RequireOwnSite(caller, for_hub.hub_site_id()));
          }
          return engine::BuildNetworkReport(*context_.store, *context_.plugins, *context_.sites,
                                            for_hub, context_.engine->clock().Now());
        });
  }

  // Reached as the report it pages through: the module's reach for a
  // myelosuppression indicator, the plugin's tumor type for a plugin's.
  grpc::ServerUnaryReactor* ListIndicatorItems(grpc::CallbackServerContext* call,
                                               const v1::ListIndicatorItemsRequest* request,
                                               v1::ListIndicatorItemsResponse* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.ReportService/ListIndicatorItems", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::ListIndicatorItemsResponse> {
          v1::ListIndicatorItemsRequest for_site = *request;
          for_site.set_site_id(SiteOrCallers(request->site_id(), caller.actor));
          const bool myelo = request->plugin_id().empty();
          const engine::LoadedPlugin* plugin =
              myelo ? nullptr : context_.plugins->FindById(request->plugin_id());
          RETURN_IF_ERROR(RequireOwnOrSupervisedSite(
              caller, for_site.site_id(), *context_.sites,
              myelo ? engine::kMyeloModule
                    : (plugin == nullptr ? "" : plugin->descriptor().tumor_type()),
              /*is_module=*/myelo, context_.engine->clock().Now()));
          return engine::ListIndicatorItems(*context_.store, *context_.plugins, for_site);
        });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeReportService(const ServiceContext& context) {
  return std::make_unique<ReportService>(context);
}

}  // namespace casehub::api
