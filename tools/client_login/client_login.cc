#include "tools/client_login/client_login.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "casehub/v1/auth.grpc.pb.h"
#include "tools/client_login/grpc_status.h"

namespace casehub::tools {

absl::StatusOr<std::string> LogIn(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& principal, const std::string& password,
                                  absl::Duration timeout) {
  v1::AuthService::Stub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  v1::LoginRequest request;
  request.set_principal_id(principal);
  request.set_password(password);
  v1::LoginResponse response;
  grpc::Status status = stub.Login(&context, request, &response);
  if (!status.ok()) {
    absl::Status failed = FromGrpcStatus(status);
    return absl::Status(failed.code(), absl::StrCat("login as ", principal, ": ", failed.message()));
  }
  return response.token();
}

absl::StatusOr<std::string> ReadPasswordFile(const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("--password_file is required");
  std::ifstream file(path);
  std::string password;
  if (!file || !std::getline(file, password) || password.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--password_file: ", path, " holds no password line"));
  }
  return password;
}

void PrepareCall(grpc::ClientContext& context, const std::string& token, absl::Duration timeout) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
}

}  // namespace casehub::tools
