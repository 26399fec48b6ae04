// The gRPC services of casehub, one per resource. Each is thin: it reads the
// caller, turns the request into an engine command or query on the
// executor, and maps the result to a gRPC status.
#pragma once

#include <memory>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "services/api/service_context.h"

namespace casehub::api {

std::vector<std::unique_ptr<grpc::Service>> MakeServices(const ServiceContext& context);

// One factory per service (each in its own file).
std::unique_ptr<grpc::Service> MakeSiteService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakePatientService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeCaseService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeClinicalService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeTaskService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakePluginService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeAdminService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeAlertService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeChemoService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeReportService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeAuditService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeAuthService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakePrincipalService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeReferralService(const ServiceContext& context);

}  // namespace casehub::api
