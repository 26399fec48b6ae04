// What every RPC handler shares: who is calling and whether the method
// allows them (Authorize), the absl -> gRPC status mapping (the only place it
// happens), and RunAuthorized, which moves a handler off the gRPC thread,
// authorizes the caller there and finishes the call from a worker.
#pragma once

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/common.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/api/executor.h"
#include "services/api/inline_reads.h"
#include "services/api/service_context.h"
#include "services/auth/authenticator.h"
#include "services/engine/site_directory.h"

namespace casehub::api {

// The metadata that carries a token: "authorization: Bearer <token>".
inline constexpr char kAuthorizationHeader[] = "authorization";

// An authenticated caller allowed to call the method at hand.
struct Caller {
  auth::Authenticated who;
  // What a command records as its actor: the principal, its site, and the
  // first of its roles that the method allows.
  v1::Actor actor;
  // The full name of the method called (a constant, as RunAuthorized's).
  absl::string_view method;
};

// The caller, from a bearer token, else from a TLS client certificate the
// transport verified; UNAUTHENTICATED when there is neither or it is not good.
absl::StatusOr<auth::Authenticated> Authenticate(const grpc::ServerContextBase& call,
                                                 const auth::Authenticator& authenticator);

// Authenticate, then the roles `method` allows (method_policy.h):
// PERMISSION_DENIED naming the roles when the principal has none of them.
// Notes on the call that it was authorized for `method`; the call guard
// (call_guard.h) fails any call that answers without that note.
absl::StatusOr<Caller> Authorize(grpc::ServerContextBase& call,
                                 const auth::Authenticator& authenticator,
                                 absl::string_view method);

// Whether the caller's principal holds `role` (whichever role the call acts in).
bool HoldsRole(const Caller& caller, v1::Role role);

// `requested` when set, else the caller's site.
std::string SiteOrCallers(const std::string& requested, const v1::Actor& actor);

// PERMISSION_DENIED unless `site` is the caller's own: worklists and alerts
// are worked by the site's own people.
absl::Status RequireOwnSite(const Caller& caller, absl::string_view site);

// PERMISSION_DENIED unless `site` is the caller's own or one its site
// supervises under an agreement in force on `now` covering `scope` (a tumor
// type, or a module when `is_module`; "" for any): lists and reports of a
// collaborator, for its hub.
absl::Status RequireOwnOrSupervisedSite(const Caller& caller, absl::string_view site,
                                        const engine::SiteDirectory& network,
                                        absl::string_view scope, bool is_module, absl::Time now);

grpc::Status ToGrpcStatus(const absl::Status& status);

// RESOURCE_EXHAUSTED saying what to ask for instead, for a reply of
// `reply_bytes` over `max_reply_bytes`; gRPC's own refusal of it would not.
absl::Status CheckReplySize(size_t reply_bytes, size_t max_reply_bytes);

// Finishes the call with `result`, refused with RESOURCE_EXHAUSTED when the
// reply is over `max_reply_bytes`.
template <typename Response>
void FinishWith(grpc::ServerUnaryReactor* reactor, size_t max_reply_bytes, Response* response,
                absl::StatusOr<Response> result) {
  if (result.ok()) {
    absl::Status fits = CheckReplySize(result->ByteSizeLong(), max_reply_bytes);
    if (!fits.ok()) result = fits;
  }
  if (result.ok()) *response = *std::move(result);
  reactor->Finish(ToGrpcStatus(result.status()));
}

// Runs handler() -> absl::StatusOr<Response> on the executor and finishes
// the call with its result (FinishWith). Refuses with RESOURCE_EXHAUSTED when
// the queue is full, and with DEADLINE_EXCEEDED when the deadline passed (or
// the caller cancelled) while queued.
template <typename Response, typename Handler>
grpc::ServerUnaryReactor* RunOnExecutor(grpc::CallbackServerContext* context,
                                        Executor& executor, size_t max_reply_bytes,
                                        Response* response, Handler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  bool queued = executor.TrySubmit(
      [context, reactor, response, max_reply_bytes, handler = std::move(handler)]() mutable {
        // Nobody waits for the answer any more: the caller retries with
        // the same request id if it still wants it done.
        if (context->IsCancelled() || context->deadline() < std::chrono::system_clock::now()) {
          reactor->Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                       "deadline passed while the request was queued"));
          return;
        }
        FinishWith(reactor, max_reply_bytes, response, handler());
      });
  if (!queued) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "casehub is at capacity: request queue full; retry with backoff"));
  }
  return reactor;
}

// handler(caller) after the caller is authorized for `method`.
template <typename Response, typename Handler>
auto Authorized(grpc::CallbackServerContext* call, const auth::Authenticator* authenticator,
                absl::string_view method, Handler handler) {
  return [call, authenticator, method,
          handler = std::move(handler)]() mutable -> absl::StatusOr<Response> {
    absl::StatusOr<Caller> caller = Authorize(*call, *authenticator, method);
    if (!caller.ok()) return caller.status();
    return handler(*caller);
  };
}

// RunOnExecutor for a method that needs credentials: on the worker, the
// caller is authorized for `method` first, then handler(caller) ->
// absl::StatusOr<Response> runs.
template <typename Response, typename Handler>
grpc::ServerUnaryReactor* RunAuthorized(grpc::CallbackServerContext* call,
                                        const ServiceContext& context, absl::string_view method,
                                        Response* response, Handler handler) {
  return RunOnExecutor(call, *context.executor, context.max_reply_bytes, response,
                       Authorized<Response>(call, context.auth, method, std::move(handler)));
}

// RunAuthorized for a read whose work is bounded (a point read, one page):
// answered on gRPC's own thread while one of the inline slots is free
// (inline_reads.h), else on a worker. Never for a write, which waits for an
// fsync, nor for a read that grows with the data (a whole timeline).
template <typename Response, typename Handler>
grpc::ServerUnaryReactor* RunBoundedRead(grpc::CallbackServerContext* call,
                                         const ServiceContext& context, absl::string_view method,
                                         Response* response, Handler handler) {
  if (!context.inline_reads->TryAcquire()) {
    return RunAuthorized(call, context, method, response, std::move(handler));
  }
  grpc::ServerUnaryReactor* reactor = call->DefaultReactor();
  FinishWith(reactor, context.max_reply_bytes, response,
             Authorized<Response>(call, context.auth, method, std::move(handler))());
  context.inline_reads->Release();
  return reactor;
}

}  // namespace casehub::api
