#include "services/store/key_ordered_batch.h"

#include <algorithm>
#include <vector>

namespace casehub::store {
namespace {

// The operations of a batch, pointing into its bytes.
class Operations : public rocksdb::WriteBatch::Handler {
 public:
  enum class Kind { kPut, kDelete, kMerge };
  struct Operation {
    uint32_t family;
    Kind kind;
    rocksdb::Slice key;
    rocksdb::Slice value;
  };

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    list.push_back({family, Kind::kPut, key, value});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    list.push_back({family, Kind::kDelete, key, {}});
    return rocksdb::Status::OK();
  }
  rocksdb::Status MergeCF(uint32_t family, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    list.push_back({family, Kind::kMerge, key, value});
    return rocksdb::Status::OK();
  }

  std::vector<Operation> list;
};

}  // namespace

std::optional<rocksdb::WriteBatch> KeyOrdered(
    const rocksdb::WriteBatch& batch,
    absl::Span<rocksdb::ColumnFamilyHandle* const> families) {
  Operations operations;
  operations.list.reserve(batch.Count());
  // Any other kind of operation fails the iteration (the Handler's default).
  if (!batch.Iterate(&operations).ok()) return std::nullopt;
  std::stable_sort(operations.list.begin(), operations.list.end(),
                   [](const Operations::Operation& a, const Operations::Operation& b) {
                     if (a.family != b.family) return a.family < b.family;
                     return a.key.compare(b.key) < 0;
                   });
  rocksdb::WriteBatch ordered(batch.GetDataSize());
  for (const Operations::Operation& operation : operations.list) {
    auto handle = std::find_if(families.begin(), families.end(),
                               [&](rocksdb::ColumnFamilyHandle* family) {
                                 return family->GetID() == operation.family;
                               });
    if (handle == families.end()) return std::nullopt;
    rocksdb::Status added;
    switch (operation.kind) {
      case Operations::Kind::kPut:
        added = ordered.Put(*handle, operation.key, operation.value);
        break;
      case Operations::Kind::kDelete:
        added = ordered.Delete(*handle, operation.key);
        break;
      case Operations::Kind::kMerge:
        added = ordered.Merge(*handle, operation.key, operation.value);
        break;
    }
    if (!added.ok()) return std::nullopt;
  }
  return ordered;
}

}  // namespace casehub::store
