// AuditSpool: the audit records that name no write request (reads, logins,
// refused reads) on their way into the store. A record is appended to one of
// two files in the data directory with a plain write(2) before the call's
// answer leaves, which a crash of the process cannot undo and which never
// waits for another write's fsync as a RocksDB write does; AuditLog moves
// the records into the store in batches and clears the file they came from
// (docs/architecture.md, "Audit").
//
// Not thread-safe: the caller runs one call at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "casehub/v1/audit.pb.h"

namespace casehub::engine {

// A record as the trail files it: stamped with its time, and its number in
// the whole trail (resumed from the last stored record at start).
struct SpooledRecord {
  uint64_t seq;
  v1::AuditRecord record;
};

class AuditSpool {
 public:
  // Opens (creating) the spool files in `dir` and reads what they hold: the
  // records of a previous run that had not reached the store, which the
  // caller puts there, then clears both files, before appending anything.
  // A frame cut short or damaged ends its file: it was a write the process
  // never finished, or one the machine lost with its unsynced cache; the
  // file is copied aside first (kDamagedSuffix) when bytes are dropped, for
  // whoever investigates. A file over kMaxFileBytes is DATA_LOSS: the
  // AuditLog never lets one grow so large.
  static constexpr uint64_t kMaxFileBytes = 1ull << 30;
  static constexpr const char* kDamagedSuffix = ".damaged";
  static absl::StatusOr<std::unique_ptr<AuditSpool>> Open(const std::filesystem::path& dir,
                                                          std::vector<SpooledRecord>* left);
  ~AuditSpool();
  AuditSpool(const AuditSpool&) = delete;
  AuditSpool& operator=(const AuditSpool&) = delete;

  // Appends the records to the current file, in one write at the end of
  // its last whole frame: what a failed append left there is overwritten.
  absl::Status Append(absl::Span<const SpooledRecord> records);
  // Makes the other file current; returns the one appended to until now.
  int Switch();
  // Empties `file` (a Switch's answer) once its records are in the store.
  absl::Status Clear(int file);

  // The two files' names in the data directory.
  static constexpr const char* kFileNames[2] = {"audit-spool.0", "audit-spool.1"};

 private:
  AuditSpool(std::filesystem::path dir, int fd0, int fd1) : dir_(std::move(dir)), fds_{fd0, fd1} {}

  std::filesystem::path dir_;
  int fds_[2];
  // Where each file's whole frames end: the next append's offset.
  size_t sizes_[2] = {0, 0};
  int current_ = 0;
};

}  // namespace casehub::engine
