// What every RPC handler shares: who is calling (the actor, from call
// metadata until authentication lands), the absl -> gRPC status mapping (the
// only place it happens), and RunOnExecutor, which moves a handler off the
// gRPC thread and finishes the call from a worker.
#pragma once

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "casehub/v1/common.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/api/executor.h"

namespace casehub::api {

// Metadata keys that name the caller. The multi-center issue replaces them
// with a verified bearer token; the handlers already take the actor from
// here only.
inline constexpr char kPrincipalHeader[] = "x-casehub-principal";
inline constexpr char kSiteHeader[] = "x-casehub-site";
inline constexpr char kRoleHeader[] = "x-casehub-role";

// The value the client sent under metadata `key`; empty when absent.
std::string MetadataValue(const grpc::ServerContextBase& context, const char* key);

// The caller; UNAUTHENTICATED without a principal, INVALID_ARGUMENT for an
// unknown role word.
absl::StatusOr<v1::Actor> ActorOf(const grpc::ServerContextBase& context);

// `requested` when set, else the caller's site; INVALID_ARGUMENT when both
// are empty.
absl::StatusOr<std::string> SiteOrCallers(const std::string& requested,
                                          const v1::Actor& actor);

grpc::Status ToGrpcStatus(const absl::Status& status);

// Runs handler() -> absl::StatusOr<Response> on the executor and finishes
// the call with its result. Refuses with RESOURCE_EXHAUSTED when the queue is
// full and with DEADLINE_EXCEEDED when the deadline passed (or the caller
// cancelled) while queued.
template <typename Response, typename Handler>
grpc::ServerUnaryReactor* RunOnExecutor(grpc::CallbackServerContext* context,
                                        Executor& executor, Response* response,
                                        Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  bool queued = executor.TrySubmit(
      [context, reactor, response, handler = std::move(handler)]() mutable {
        // Nobody waits for the answer any more: the caller retries with
        // the same request id if it still wants it done.
        if (context->IsCancelled() || context->deadline() < std::chrono::system_clock::now()) {
          reactor->Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                       "deadline passed while the request was queued"));
          return;
        }
        absl::StatusOr<Response> result = handler();
        if (result.ok()) *response = *std::move(result);
        reactor->Finish(ToGrpcStatus(result.status()));
      });
  if (!queued) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "casehub is at capacity: request queue full; retry with backoff"));
  }
  return reactor;
}

// A listing of one site — the requested one, or else the caller's: runs
// query(site) -> absl::StatusOr<Response> on the executor.
template <typename Response, typename Query>
grpc::ServerUnaryReactor* RunSiteListing(grpc::CallbackServerContext* context,
                                         Executor& executor, const std::string& requested_site,
                                         Response* response, Query query) {
  return RunOnExecutor(context, executor, response,
                       [context, requested_site, query]() -> absl::StatusOr<Response> {
                         absl::StatusOr<v1::Actor> actor = ActorOf(*context);
                         if (!actor.ok()) return actor.status();
                         absl::StatusOr<std::string> site = SiteOrCallers(requested_site, *actor);
                         if (!site.ok()) return site.status();
                         return query(*site);
                       });
}

}  // namespace casehub::api
