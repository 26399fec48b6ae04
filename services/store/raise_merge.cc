#include "services/store/raise_merge.h"

#include <algorithm>

#include "services/store/keys.h"

namespace casehub::store {
namespace {

class RaiseMerge final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    std::optional<uint64_t> raised = ReadUint64(absl::string_view(value.data(), value.size()));
    if (!raised) return false;  // corruption: RocksDB reports it
    if (existing != nullptr) {
      std::optional<uint64_t> old =
          ReadUint64(absl::string_view(existing->data(), existing->size()));
      if (!old) return false;
      raised = std::max(*old, *raised);
    }
    new_value->clear();
    AppendUint64(new_value, *raised);
    return true;
  }

  const char* Name() const override { return "casehub.Raise"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewRaiseMergeOperator() {
  return std::make_shared<RaiseMerge>();
}

}  // namespace casehub::store
