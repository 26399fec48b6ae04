#include "services/store/write_batch.h"

#include "rocksdb/write_batch.h"
#include "services/store/counter_merge.h"
#include "services/store/keys.h"
#include "services/store/store.h"

namespace casehub::store {

WriteBatch::WriteBatch(const Store* store)
    : store_(store), batch_(std::make_unique<rocksdb::WriteBatch>()) {}
WriteBatch::~WriteBatch() = default;
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;
WriteBatch& WriteBatch::operator=(WriteBatch&&) noexcept = default;

void WriteBatch::Put(Family family, absl::string_view key,
                     absl::string_view value) {
  // A batch only fails on a missing handle, which Store rules out.
  batch_->Put(store_->Handle(family), rocksdb::Slice(key.data(), key.size()),
              rocksdb::Slice(value.data(), value.size()))
      .PermitUncheckedError();
}

void WriteBatch::RaiseMeta(absl::string_view key, uint64_t value) {
  std::string bytes;
  AppendUint64(&bytes, value);
  batch_->Merge(store_->Handle(Family::kMeta), rocksdb::Slice(key.data(), key.size()),
                rocksdb::Slice(bytes))
      .PermitUncheckedError();
}

void WriteBatch::AddToCounter(absl::string_view key, int64_t delta) {
  const std::string value = EncodeCount(delta);
  batch_->Merge(store_->Handle(Family::kCounters), rocksdb::Slice(key.data(), key.size()),
                rocksdb::Slice(value))
      .PermitUncheckedError();
}

void WriteBatch::Delete(Family family, absl::string_view key) {
  batch_->Delete(store_->Handle(family), rocksdb::Slice(key.data(), key.size()))
      .PermitUncheckedError();
}

void WriteBatch::SetSavePoint() { batch_->SetSavePoint(); }

// Both fail only without a mark, which a caller that set one rules out.
void WriteBatch::RollbackToSavePoint() { batch_->RollbackToSavePoint().PermitUncheckedError(); }

void WriteBatch::ReleaseSavePoint() { batch_->PopSavePoint().PermitUncheckedError(); }

int WriteBatch::Count() const { return batch_->Count(); }

size_t WriteBatch::ByteSize() const { return batch_->GetDataSize(); }

}  // namespace casehub::store
