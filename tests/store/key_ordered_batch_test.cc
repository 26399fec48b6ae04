// A batch's operations, read once, and reordered by family and key, mean
// what the batch meant: the operations on one key keep their order, and
// RocksDB, a real one, ends up holding the same as from the batch as it was
// written.
#include "services/store/key_ordered_batch.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

// The order of a batch's operations, as "<family>:<kind>:<key>=<value>".
class Recorder : public rocksdb::WriteBatch::Handler {
 public:
  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    seen.push_back(Describe(family, "put", key, value));
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    seen.push_back(Describe(family, "delete", key, ""));
    return rocksdb::Status::OK();
  }
  rocksdb::Status MergeCF(uint32_t family, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    seen.push_back(Describe(family, "merge", key, value));
    return rocksdb::Status::OK();
  }
  std::vector<std::string> seen;

 private:
  static std::string Describe(uint32_t family, const char* kind, const rocksdb::Slice& key,
                              const rocksdb::Slice& value) {
    return std::to_string(family) + ":" + kind + ":" + key.ToString() + "=" + value.ToString();
  }
};

class KeyOrderedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, {}}, {"second", {}}};
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir_.Sub("db"), families, &handles_, &db).ok());
    db_.reset(db);
  }
  void TearDown() override {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  }

  std::string Get(size_t family, const std::string& key) {
    std::string value;
    rocksdb::Status found = db_->Get({}, handles_[family], key, &value);
    return found.IsNotFound() ? "(none)" : value;
  }

  testing::TempDir dir_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

TEST_F(KeyOrderedTest, OperationsComeByFamilyAndKeyAndOnOneKeyInTheirOrder) {
  rocksdb::WriteBatch batch;
  ASSERT_TRUE(batch.Put(handles_[1], "b", "1").ok());
  ASSERT_TRUE(batch.Put(handles_[0], "z", "2").ok());
  ASSERT_TRUE(batch.Put(handles_[1], "a", "3").ok());
  ASSERT_TRUE(batch.Delete(handles_[1], "b").ok());
  ASSERT_TRUE(batch.Put(handles_[0], "m", "4").ok());
  ASSERT_TRUE(batch.Put(handles_[1], "b", "5").ok());
  ASSERT_TRUE(batch.Delete(handles_[0], "z").ok());

  std::optional<std::vector<BatchOperation>> operations = OperationsOf(batch);
  ASSERT_TRUE(operations.has_value());
  ASSERT_EQ(operations->size(), 7u);
  EXPECT_EQ(operations->front().key.ToString(), "b") << "read in the batch's order";
  std::optional<rocksdb::WriteBatch> ordered = KeyOrdered(*operations, handles_);
  ASSERT_TRUE(ordered.has_value());
  Recorder order;
  ASSERT_TRUE(ordered->Iterate(&order).ok());
  const uint32_t first = handles_[0]->GetID();
  const uint32_t second = handles_[1]->GetID();
  ASSERT_LT(first, second);
  auto in = [](uint32_t family, const std::string& rest) {
    return std::to_string(family) + ":" + rest;
  };
  EXPECT_EQ(order.seen,
            (std::vector<std::string>{in(first, "put:m=4"), in(first, "put:z=2"),
                                      in(first, "delete:z="), in(second, "put:a=3"),
                                      in(second, "put:b=1"), in(second, "delete:b="),
                                      in(second, "put:b=5")}));
  EXPECT_EQ(ordered->Count(), batch.Count());

  // Written, it leaves what the batch as given would have.
  ASSERT_TRUE(db_->Write(rocksdb::WriteOptions(), &*ordered).ok());
  EXPECT_EQ(Get(0, "z"), "(none)");
  EXPECT_EQ(Get(0, "m"), "4");
  EXPECT_EQ(Get(1, "a"), "3");
  EXPECT_EQ(Get(1, "b"), "5");
}

TEST_F(KeyOrderedTest, ABatchWithAnotherKindOfOperationIsLeftToBeWrittenAsItIs) {
  rocksdb::WriteBatch batch;
  ASSERT_TRUE(batch.Put(handles_[0], "b", "1").ok());
  ASSERT_TRUE(batch.DeleteRange(handles_[0], "a", "c").ok());
  EXPECT_FALSE(OperationsOf(batch).has_value());

  rocksdb::WriteBatch unknown_family;
  ASSERT_TRUE(unknown_family.Put(handles_[1], "b", "1").ok());
  std::optional<std::vector<BatchOperation>> operations = OperationsOf(unknown_family);
  ASSERT_TRUE(operations.has_value());
  EXPECT_FALSE(KeyOrdered(*operations, {handles_[0]}).has_value());
}

}  // namespace
}  // namespace casehub::store
