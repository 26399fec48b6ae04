#include "casehub/v1/plugin.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/services.h"

namespace casehub::api {
namespace {

class PluginService final : public v1::PluginService::CallbackService {
 public:
  explicit PluginService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* ListPlugins(grpc::CallbackServerContext* call,
                                        const v1::ListPluginsRequest*,
                                        v1::ListPluginsResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.PluginService/ListPlugins", response,
                         [this](const Caller&) -> absl::StatusOr<v1::ListPluginsResponse> {
                           v1::ListPluginsResponse plugins;
                           for (const auto& plugin : context_.plugins->plugins()) {
                             *plugins.add_plugins() = plugin->descriptor();
                           }
                           return plugins;
                         });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakePluginService(const ServiceContext& context) {
  return std::make_unique<PluginService>(context);
}

}  // namespace casehub::api
