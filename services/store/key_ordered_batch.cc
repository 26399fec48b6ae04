#include "services/store/key_ordered_batch.h"

#include <algorithm>

namespace casehub::store {
namespace {

class Collector : public rocksdb::WriteBatch::Handler {
 public:
  explicit Collector(std::vector<BatchOperation>& operations) : operations_(operations) {}

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    operations_.push_back({family, BatchOperation::Kind::kPut, key, value});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    operations_.push_back({family, BatchOperation::Kind::kDelete, key, {}});
    return rocksdb::Status::OK();
  }
  rocksdb::Status MergeCF(uint32_t family, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    operations_.push_back({family, BatchOperation::Kind::kMerge, key, value});
    return rocksdb::Status::OK();
  }

 private:
  std::vector<BatchOperation>& operations_;
};

}  // namespace

std::optional<std::vector<BatchOperation>> OperationsOf(const rocksdb::WriteBatch& batch) {
  std::vector<BatchOperation> operations;
  operations.reserve(batch.Count());
  Collector collector(operations);
  // Any other kind of operation fails the iteration (the Handler's default).
  if (!batch.Iterate(&collector).ok()) return std::nullopt;
  return operations;
}

std::optional<rocksdb::WriteBatch> KeyOrdered(
    std::vector<BatchOperation> operations,
    absl::Span<rocksdb::ColumnFamilyHandle* const> families) {
  std::stable_sort(operations.begin(), operations.end(),
                   [](const BatchOperation& a, const BatchOperation& b) {
                     if (a.family != b.family) return a.family < b.family;
                     return a.key.compare(b.key) < 0;
                   });
  size_t bytes = 0;
  for (const BatchOperation& operation : operations) {
    bytes += operation.key.size() + operation.value.size();
  }
  rocksdb::WriteBatch ordered(bytes);
  for (const BatchOperation& operation : operations) {
    auto handle = std::find_if(families.begin(), families.end(),
                               [&](rocksdb::ColumnFamilyHandle* family) {
                                 return family->GetID() == operation.family;
                               });
    if (handle == families.end()) return std::nullopt;
    rocksdb::Status added;
    switch (operation.kind) {
      case BatchOperation::Kind::kPut:
        added = ordered.Put(*handle, operation.key, operation.value);
        break;
      case BatchOperation::Kind::kDelete:
        added = ordered.Delete(*handle, operation.key);
        break;
      case BatchOperation::Kind::kMerge:
        added = ordered.Merge(*handle, operation.key, operation.value);
        break;
    }
    if (!added.ok()) return std::nullopt;
  }
  return ordered;
}

}  // namespace casehub::store
