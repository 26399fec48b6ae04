// A call as a careful client makes it: with the caller's token and a
// deadline, and when the outcome is unknown (the hub was killed, the call
// timed out or could not connect) sent again with the same request (same
// request id, same body) until casehub answers - across restarts.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "tools/client_login/client_login.h"
#include "tools/client_login/grpc_status.h"
#include "tools/crashloop/hub_link.h"
#include "tools/crashloop/ledger.h"

namespace casehub::crashloop {

struct Caller {
  HubLink* link = nullptr;
  // The bearer token every attempt carries, and the site it acts for.
  std::string token = "";
  std::string site = "";
  // Deadline of each attempt.
  absl::Duration timeout = absl::Seconds(5);
  // A write still unanswered this long after its first attempt is a problem.
  absl::Duration give_up_after = absl::Seconds(120);
};

// Codes that leave the outcome unknown, so the request is sent again; every
// other code is casehub's answer.
bool IsUnknownOutcome(grpc::StatusCode code);

// The pause before attempt `attempt` + 1.
absl::Duration Backoff(int attempt);

// Sends `request` until casehub answers. With `ledger`, each attempt and
// each unknown outcome is noted under `request_id`. CANCELLED when the link
// closed first; DEADLINE_EXCEEDED after caller.give_up_after.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallUntilAnswered(
    const Caller& caller,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    const Request& request, Ledger* ledger = nullptr, const std::string& request_id = "") {
  const absl::Time first = absl::Now();
  for (int attempt = 0;; ++attempt) {
    std::shared_ptr<grpc::Channel> channel = caller.link->Await();
    if (channel == nullptr) {
      return absl::CancelledError("the harness stopped before casehub answered");
    }
    Stub stub(channel);
    grpc::ClientContext context;
    tools::PrepareCall(context, caller.token, caller.timeout);
    if (ledger != nullptr) ledger->Attempt(request_id, absl::Now());
    Response response;
    grpc::Status status = (stub.*method)(&context, request, &response);
    if (status.ok()) return response;
    if (!IsUnknownOutcome(status.error_code())) return tools::FromGrpcStatus(status);
    if (ledger != nullptr) ledger->UnknownOutcome(request_id);
    if (absl::Now() - first > caller.give_up_after) {
      return absl::DeadlineExceededError(absl::StrCat(
          "no answer after ", attempt + 1, " attempts in ",
          absl::FormatDuration(caller.give_up_after), "; the last: ", status.error_message()));
    }
    absl::SleepFor(Backoff(attempt));
  }
}

}  // namespace casehub::crashloop
