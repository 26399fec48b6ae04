#include "casehub/v1/report.grpc.pb.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/api/call.h"
#include "services/api/services.h"
#include "services/engine/myelo_report.h"
#include "services/engine/plugin_report.h"

namespace casehub::api {
namespace {

// The module id the myelosuppression report belongs to, as agreements name it.
constexpr absl::string_view kMyeloModule = "myelosuppression";

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
                               caller, for_site.site_id(), *context_.sites, kMyeloModule,
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

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeReportService(const ServiceContext& context) {
  return std::make_unique<ReportService>(context);
}

}  // namespace casehub::api
