#include "services/api/services.h"

namespace casehub::api {

std::vector<std::unique_ptr<grpc::Service>> MakeServices(const ServiceContext& context) {
  std::vector<std::unique_ptr<grpc::Service>> services;
  services.push_back(MakeSiteService(context));
  services.push_back(MakePatientService(context));
  services.push_back(MakeCaseService(context));
  services.push_back(MakeClinicalService(context));
  services.push_back(MakeTaskService(context));
  services.push_back(MakePluginService(context));
  services.push_back(MakeChemoService(context));
  services.push_back(MakeAlertService(context));
  services.push_back(MakeReportService(context));
  services.push_back(MakeAuditService(context));
  services.push_back(MakeAdminService(context));
  services.push_back(MakeAuthService(context));
  services.push_back(MakePrincipalService(context));
  services.push_back(MakeReferralService(context));
  return services;
}

}  // namespace casehub::api
