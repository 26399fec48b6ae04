// The hub's configuration file (services/hub/config.h): LoadConfig on any
// text, then what Hub::Start does with a config before it opens a port —
// ApplyDefaults, CheckLimits, and every site through the SiteDirectory on a
// scratch store (cleared after each input). Plugins are not loaded: a fuzz
// input must not make the process dlopen whatever path it names; plugin
// settings have their own target (myelo_settings).
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "services/engine/site_directory.h"
#include "services/hub/config.h"
#include "services/store/keys.h"
#include "services/store/store.h"
#include "tests/fuzz/check.h"

namespace casehub {
namespace {

struct Scratch {
  static Scratch& Get() {
    static Scratch* const scratch = [] {
      const char* tmp = getenv("TMPDIR");
      std::string dir = (std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                         "casehub-config-fuzz-XXXXXX")
                            .string();
      if (mkdtemp(dir.data()) == nullptr) std::abort();
      absl::StatusOr<std::unique_ptr<store::Store>> store = store::Store::Open(
          {.path = (std::filesystem::path(dir) / "store").string(), .sync_writes = false});
      if (!store.ok()) {
        std::fprintf(stderr, "opening the scratch store: %s\n", store.status().ToString().c_str());
        std::abort();
      }
      auto* scratch = new Scratch{dir, *std::move(store)};
      atexit([] {
        Scratch& scratch = Get();
        scratch.store.reset();
        std::error_code ignored;
        std::filesystem::remove_all(scratch.dir, ignored);
      });
      return scratch;
    }();
    return *scratch;
  }
  std::string dir;
  std::unique_ptr<store::Store> store;
};

// Removes every site an input added, so that the next input starts empty.
void ClearSites(store::Store& store) {
  std::vector<std::string> keys;
  FUZZ_CHECK(store
                 .Scan(store::Family::kMeta, store::kSitePrefix, "",
                       [&](absl::string_view key, absl::string_view) {
                         keys.emplace_back(key);
                         return true;
                       })
                 .ok());
  store::WriteBatch batch = store.NewBatch();
  for (const std::string& key : keys) batch.Delete(store::Family::kMeta, key);
  FUZZ_CHECK(store.Commit(batch).ok());
}

}  // namespace
}  // namespace casehub

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub;  // NOLINT: a fuzz entry point
  Scratch& scratch = Scratch::Get();
  const std::string path = (std::filesystem::path(scratch.dir) / "casehub.textproto").string();
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  absl::StatusOr<v1::HubConfig> config = hub::LoadConfig(path);
  if (!config.ok()) {
    // A syntax error names the file and the line.
    FUZZ_CHECK(config.status().code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(absl::StrContains(config.status().message(), path));
    return 0;
  }
  hub::ApplyDefaults("/opt/casehub/bin", *config);
  FUZZ_CHECK(!config->listen().empty() && !config->data_dir().empty() &&
             !config->plugin_dir().empty());
  if (!hub::CheckLimits(*config).ok()) return 0;

  absl::StatusOr<std::unique_ptr<engine::SiteDirectory>> sites =
      engine::SiteDirectory::Load(scratch.store.get());
  FUZZ_CHECK(sites.ok());
  for (const v1::Site& site : config->sites()) {
    const absl::Status added = (*sites)->Upsert(site);
    if (!added.ok()) {
      FUZZ_CHECK(added.code() == absl::StatusCode::kInvalidArgument);
      break;
    }
    FUZZ_CHECK((*sites)->Find(site.id()).has_value());
  }
  ClearSites(*scratch.store);
  return 0;
}
