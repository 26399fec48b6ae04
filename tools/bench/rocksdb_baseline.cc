#include "tools/bench/rocksdb_baseline.h"

#include <stdlib.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "tools/bench/lab_result_request.h"

namespace casehub::bench {
namespace {

class RocksDbCaller : public Caller {
 public:
  RocksDbCaller(rocksdb::DB& db, int caller_index, const std::string& value, int values_per_write)
      : db_(db), caller_index_(caller_index), value_(value), values_per_write_(values_per_write) {}

  int ChooseOperation() override { return 0; }

  absl::Status Perform(int) override {
    rocksdb::WriteOptions durable;
    durable.sync = true;
    rocksdb::WriteBatch batch;
    for (int i = 0; i < values_per_write_; ++i) {
      // Distinct keys per caller, ascending like a patient's event stream.
      batch.Put(absl::StrFormat("%04d-%016d", caller_index_, next_++), value_);
    }
    rocksdb::Status written = db_.Write(durable, &batch);
    if (written.ok()) return absl::OkStatus();
    return absl::InternalError(absl::StrCat("rocksdb put: ", written.ToString()));
  }

 private:
  rocksdb::DB& db_;
  int caller_index_;
  const std::string& value_;
  const int values_per_write_;
  int64_t next_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<RocksDbBaseline>> RocksDbBaseline::Open(
    const std::string& scratch_parent) {
  std::string pattern = (std::filesystem::path(scratch_parent) / "casehub-bench-rocksdb-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::UnavailableError(absl::StrCat("cannot create a directory like ", pattern));
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* db = nullptr;
  rocksdb::Status opened = rocksdb::DB::Open(options, pattern, &db);
  if (!opened.ok()) {
    std::filesystem::remove_all(pattern);
    return absl::UnavailableError(absl::StrCat("opening ", pattern, ": ", opened.ToString()));
  }
  return std::unique_ptr<RocksDbBaseline>(
      new RocksDbBaseline(std::move(pattern), std::unique_ptr<rocksdb::DB>(db)));
}

RocksDbBaseline::RocksDbBaseline(std::string directory, std::unique_ptr<rocksdb::DB> db)
    : directory_(std::move(directory)), db_(std::move(db)), value_(TypicalAncRequestBytes()) {}

RocksDbBaseline::~RocksDbBaseline() {
  db_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

Phase RocksDbBaseline::MakePhase() const { return MakePhase("rocksdb", "synced_put", 1); }

Phase RocksDbBaseline::MakeBatchPhase(int values_per_write) const {
  return MakePhase("rocksdb_batch", "synced_batch", values_per_write);
}

Phase RocksDbBaseline::MakePhase(std::string name, std::string operation,
                                 int values_per_write) const {
  return Phase{
      .name = std::move(name),
      .operation_names = {std::move(operation)},
      .make_caller = [this, values_per_write](int caller_index)
          -> absl::StatusOr<std::unique_ptr<Caller>> {
        return std::make_unique<RocksDbCaller>(*db_, caller_index, value_, values_per_write);
      },
  };
}

}  // namespace casehub::bench
