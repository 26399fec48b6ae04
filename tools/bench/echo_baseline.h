// Baseline (a): a bare gRPC server in this process that answers each call
// with its own request, on the same loopback, with the same headers, request
// size and concurrency as casehub's ingest. Its throughput is the most any
// gRPC service could reach here.
//
// Baseline (c), the durable echo: the same server, but each call is answered
// only once the request's bytes are written to RocksDB with a synced commit.
// By default one committer thread writes every call queued meanwhile as one
// batch (the most a durable gRPC ingest reaches here); with workers, each
// call is handed to a worker that makes its own synced put, as casehub's
// writes are today. What casehub adds beyond it is its own work
// (authentication, the engine, the plugins, the audit trail).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "tools/bench/load_loop.h"

namespace casehub::bench {

class EchoBaseline {
 public:
  // Starts the server on a free loopback port. With `durable_into`, it is
  // the durable echo, writing each request there, synced, before it is
  // answered: by one committer when `workers` is 0, else by `workers` (> 0)
  // threads a call each. `durable_into` must outlive the baseline.
  static absl::StatusOr<std::unique_ptr<EchoBaseline>> Start(const std::string& token,
                                                             absl::Duration timeout,
                                                             rocksdb::DB* durable_into = nullptr,
                                                             int workers = 0);
  ~EchoBaseline();

  // "echo" (operation echo) or "durable_echo" (operation durable_echo).
  Phase MakePhase() const;

 private:
  struct Server;
  EchoBaseline(std::unique_ptr<Server> server, const std::string& token, absl::Duration timeout,
               bool durable);

  std::unique_ptr<Server> server_;
  std::string token_;
  absl::Duration timeout_;
  std::string payload_;
  bool durable_;
};

}  // namespace casehub::bench
