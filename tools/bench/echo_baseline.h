// Baseline (a): a bare gRPC server in this process that answers each call
// with its own request, on the same loopback, with the same headers, request
// size and concurrency as casehub's ingest. Its throughput is the most any
// gRPC service could reach here.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

#include "tools/bench/load_loop.h"

namespace casehub::bench {

class EchoBaseline {
 public:
  // Starts the server on a free loopback port.
  static absl::StatusOr<std::unique_ptr<EchoBaseline>> Start(const std::string& token,
                                                             absl::Duration timeout);
  ~EchoBaseline();

  Phase MakePhase() const;

 private:
  struct Server;
  EchoBaseline(std::unique_ptr<Server> server, const std::string& token,
               absl::Duration timeout);

  std::unique_ptr<Server> server_;
  std::string token_;
  absl::Duration timeout_;
  std::string payload_;
};

}  // namespace casehub::bench
