// Every family's table files have their index in partitions, and the
// families read by key (states and request ids) Bloom filters, the scanned
// ones none (store.cc, Open): read back from the table files themselves.
#include <filesystem>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "rocksdb/sst_file_reader.h"
#include "rocksdb/table_properties.h"
#include "services/store/keys.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::store {
namespace {

// Each family's table properties, from the table files under `path`.
std::map<std::string, rocksdb::TableProperties> PropertiesOfEachFamily(const std::string& path) {
  std::map<std::string, rocksdb::TableProperties> families;
  for (const auto& file : std::filesystem::directory_iterator(path)) {
    if (file.path().extension() != ".sst") continue;
    rocksdb::SstFileReader reader{rocksdb::Options()};
    EXPECT_TRUE(reader.Open(file.path().string()).ok()) << file.path();
    const auto properties = reader.GetTableProperties();
    families[properties->column_family_name] = *properties;
  }
  return families;
}

TEST(TableFormatTest, IndexesArePartitionedAndStatesAndRequestsHaveBloomFilters) {
  testing::TempDir dir;
  {
    auto store = Store::Open({.path = dir.path()});
    ASSERT_TRUE(store.ok()) << store.status();
    WriteBatch batch = (*store)->NewBatch();
    batch.Put(Family::kState, StateKey("p1"), "state");
    batch.Put(Family::kRequests, RequestKey("r1"), "outcome");
    batch.Put(Family::kEvents, EventKey("p1", 1), "event");
    ASSERT_TRUE((*store)->Commit(batch).ok());
    ASSERT_TRUE((*store)->Flush().ok());
  }
  const std::map<std::string, rocksdb::TableProperties> families =
      PropertiesOfEachFamily(dir.path());
  for (const char* family : {"state", "requests", "events"}) {
    ASSERT_EQ(families.count(family), 1u) << family;
    EXPECT_GE(families.at(family).index_partitions, 1u) << family;
  }
  EXPECT_EQ(families.at("state").filter_policy_name, "bloomfilter");
  EXPECT_EQ(families.at("requests").filter_policy_name, "bloomfilter");
  EXPECT_EQ(families.at("events").filter_policy_name, "");
}

}  // namespace
}  // namespace casehub::store
