#include "casehub/v1/report.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/services.h"
#include "services/engine/myelo_report.h"
#include "services/engine/plugin_report.h"

namespace casehub::api {
namespace {

class ReportService final : public v1::ReportService::CallbackService {
 public:
  explicit ReportService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* GetMyeloReport(grpc::CallbackServerContext* call,
                                           const v1::MyeloReportRequest* request,
                                           v1::MyeloReport* response) override {
    return RunSiteListing(call, *context_.executor, request->site_id(), response,
                          [this, request](const std::string& site) {
                            v1::MyeloReportRequest for_site = *request;
                            for_site.set_site_id(site);
                            return engine::BuildMyeloReport(*context_.store, for_site);
                          });
  }

  grpc::ServerUnaryReactor* GetIndicatorReport(grpc::CallbackServerContext* call,
                                               const v1::IndicatorReportRequest* request,
                                               v1::IndicatorReport* response) override {
    return RunSiteListing(call, *context_.executor, request->site_id(), response,
                          [this, request](const std::string& site) {
                            v1::IndicatorReportRequest for_site = *request;
                            for_site.set_site_id(site);
                            return engine::BuildIndicatorReport(*context_.store,
                                                                *context_.plugins, for_site);
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
