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
    return RunAuthorized(call, context_, "/casehub.v1.SiteService/ListSites", response,
                         [this](const Caller&) -> absl::StatusOr<v1::ListSitesResponse> {
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
    return RunAuthorized(call, context_, "/casehub.v1.SiteService/GetSite", response,
                         [this, request](const Caller&) -> absl::StatusOr<v1::Site> {
                           std::optional<v1::Site> site = context_.sites->Find(request->site_id());
                           if (!site) {
                             return absl::NotFoundError(
                                 absl::StrCat("site_id: no site '", request->site_id(), "'"));
                           }
                           return *site;
                         });
  }

  grpc::ServerUnaryReactor* ListAgreements(grpc::CallbackServerContext* call,
                                           const v1::ListAgreementsRequest* request,
                                           v1::ListAgreementsResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.SiteService/ListAgreements", response,
                         [this, request](const Caller&) -> absl::StatusOr<v1::ListAgreementsResponse> {
                           v1::ListAgreementsResponse agreements;
                           for (v1::CollaborationAgreement& agreement :
                                context_.sites->Agreements(request->site_id())) {
                             *agreements.add_agreements() = std::move(agreement);
                           }
                           return agreements;
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
