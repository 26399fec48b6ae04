// WriteBatch: the set of changes one command makes, committed atomically by
// Store::Commit. Made by Store::NewBatch. Not thread-safe; one batch belongs
// to one command.
#pragma once

#include <cstddef>
#include <memory>
#include "absl/strings/string_view.h"

#include "services/store/column_families.h"

namespace rocksdb {
class WriteBatch;
}

namespace casehub::store {

class Store;

class WriteBatch {
 public:
  ~WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;
  WriteBatch& operator=(WriteBatch&&) noexcept;

  void Put(Family family, absl::string_view key, absl::string_view value);
  void Delete(Family family, absl::string_view key);
  // Adds `delta` to the counter under `key` in the counters family
  // (counter_merge.h): concurrent batches add up, none overwrites another.
  void AddToCounter(absl::string_view key, int64_t delta);
  // Raises the number under `key` in the meta family to `value` unless it
  // is higher already (raise_merge.h).
  void RaiseMeta(absl::string_view key, uint64_t value);
  // Marks the batch as it is now; RollbackToSavePoint takes it back to the
  // latest mark (and removes the mark), ReleaseSavePoint removes the latest
  // mark and keeps what came after it.
  void SetSavePoint();
  void RollbackToSavePoint();
  void ReleaseSavePoint();
  // Number of puts and deletes so far.
  int Count() const;
  // Size in bytes of the batch's serialized form (what goes to the WAL).
  size_t ByteSize() const;

 private:
  friend class Store;
  explicit WriteBatch(const Store* store);

  const Store* store_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
};

}  // namespace casehub::store
