#include "casehub/v1/site.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"

namespace casehub::api {
namespace {

class SiteService final : public v1::SiteService::CallbackService {
 public:
  explicit SiteService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* ListSites(grpc::CallbackServerContext* call,
                                      const v1::ListSitesRequest*,
                                      v1::ListSitesResponse* response) override {
    return RunOnExecutor(call, *context_.executor, response,
                         [this]() -> absl::StatusOr<v1::ListSitesResponse> {
                           v1::ListSitesResponse sites;
                           for (v1::Site& site : context_.sites->List()) {
                             *sites.add_sites() = std::move(site);
                           }
                           return sites;
                         });
  }

  grpc::ServerUnaryReactor* GetSite(grpc::CallbackServerContext* call,
                                    const v1::GetSiteRequest* request,
                                    v1::Site* response) override {
    return RunOnExecutor(call, *context_.executor, response,
                         [this, request]() -> absl::StatusOr<v1::Site> {
                           std::optional<v1::Site> site = context_.sites->Find(request->site_id());
                           if (!site) {
                             return absl::NotFoundError(
                                 absl::StrCat("site_id: no site '", request->site_id(), "'"));
                           }
                           return *site;
                         });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeSiteService(const ServiceContext& context) {
  return std::make_unique<SiteService>(context);
}

}  // namespace casehub::api
