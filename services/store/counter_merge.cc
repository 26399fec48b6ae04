#include "services/store/counter_merge.h"

#include "services/store/keys.h"

namespace casehub::store {
namespace {

class CounterMerge final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t sum = 0;
    if (existing != nullptr) {
      std::optional<int64_t> old = DecodeCount(absl::string_view(existing->data(), existing->size()));
      if (!old) return false;  // corruption: RocksDB reports it
      sum = *old;
    }
    std::optional<int64_t> delta = DecodeCount(absl::string_view(value.data(), value.size()));
    if (!delta) return false;
    *new_value = EncodeCount(sum + *delta);
    return true;
  }

  const char* Name() const override { return "casehub.CounterAdd"; }
};

}  // namespace

std::string EncodeCount(int64_t count) {
  std::string bytes;
  AppendUint64(&bytes, static_cast<uint64_t>(count));
  return bytes;
}

std::optional<int64_t> DecodeCount(absl::string_view bytes) {
  std::optional<uint64_t> raw = ReadUint64(bytes);
  if (!raw) return std::nullopt;
  return static_cast<int64_t>(*raw);
}

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator() {
  return std::make_shared<CounterMerge>();
}

}  // namespace casehub::store
