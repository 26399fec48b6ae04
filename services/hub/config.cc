#include "services/hub/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "services/store/store.h"

namespace casehub::hub {
namespace {

// Collects the parser's complaints so the error names file, line and column.
class ErrorCollector final : public google::protobuf::io::ErrorCollector {
 public:
  explicit ErrorCollector(std::string path) : path_(std::move(path)) {}
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) {
      first_ = absl::StrCat(path_, ":", line + 1, ":", column + 1, ": ", message);
    }
  }
  const std::string& first() const { return first_; }

 private:
  std::string path_;
  std::string first_;
};

}  // namespace

absl::StatusOr<v1::HubConfig> LoadConfig(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("config file ", path, " cannot be read"));
  std::stringstream text;
  text << file.rdbuf();
  google::protobuf::TextFormat::Parser parser;
  ErrorCollector errors(path);
  parser.RecordErrorsTo(&errors);
  v1::HubConfig config;
  if (!parser.ParseFromString(text.str(), &config)) {
    return absl::InvalidArgumentError(absl::StrCat("config ", errors.first()));
  }
  return config;
}

void ApplyDefaults(const std::string& binary_dir, v1::HubConfig& config) {
  if (config.listen().empty()) config.set_listen("127.0.0.1:7443");
  if (config.data_dir().empty()) config.set_data_dir("./casehub-data");
  if (config.plugin_dir().empty()) {
    config.set_plugin_dir((std::filesystem::path(binary_dir) / ".." / "plugins")
                              .lexically_normal()
                              .string());
  }
  if (config.worker_threads() == 0) config.set_worker_threads(16);
  if (config.max_queued_requests() == 0) config.set_max_queued_requests(4096);
  if (config.scheduler_interval_ms() == 0) config.set_scheduler_interval_ms(1000);
  if (config.max_message_bytes() == 0) config.set_max_message_bytes(4 << 20);
  if (config.max_alert_watchers() == 0) config.set_max_alert_watchers(256);
  if (config.max_pending_alert_updates() == 0) config.set_max_pending_alert_updates(1024);
  if (config.min_free_disk_bytes() == 0) config.set_min_free_disk_bytes(64 << 20);
  if (config.token_key_file().empty()) {
    config.set_token_key_file((std::filesystem::path(config.data_dir()) / "token.key").string());
  }
  if (config.token_ttl_minutes() == 0) config.set_token_ttl_minutes(480);
  if (config.password_hash_iterations() == 0) config.set_password_hash_iterations(600000);
  if (config.emergency_access_minutes() == 0) config.set_emergency_access_minutes(240);
  // The store's own defaults (store.h), in MiB.
  const store::StoreOptions store_defaults;
  if (config.block_cache_mib() == 0) {
    config.set_block_cache_mib(static_cast<uint32_t>(store_defaults.block_cache_bytes >> 20));
  }
  if (config.memtable_mib() == 0) {
    config.set_memtable_mib(static_cast<uint32_t>(store_defaults.memtable_budget_bytes >> 20));
  }
  // More inline reads than cores cannot run at once anyway.
  if (!config.has_inline_read_slots()) {
    config.set_inline_read_slots(std::max(1u, std::thread::hardware_concurrency()));
  }
}

bool ListensOnLoopbackOnly(const std::string& listen) {
  return absl::StartsWith(listen, "127.") || absl::StartsWith(listen, "localhost:") ||
         absl::StartsWith(listen, "[::1]:") || absl::StartsWith(listen, "unix:");
}

absl::Status CheckLimits(const v1::HubConfig& config) {
  struct Limit {
    const char* field;
    uint64_t value, low, high;
  };
  const Limit limits[] = {
      {"worker_threads", config.worker_threads(), 1, 1024},
      {"max_queued_requests", config.max_queued_requests(), 1, 1 << 20},
      {"max_message_bytes", config.max_message_bytes(), 1 << 10, 1 << 30},
      {"max_alert_watchers", config.max_alert_watchers(), 1, 1 << 16},
      {"max_pending_alert_updates", config.max_pending_alert_updates(), 1, 1 << 20},
      {"token_ttl_minutes", config.token_ttl_minutes(), 1, 7 * 24 * 60},
      // Below 1000 only for tests: a real hash must cost an attacker dearly.
      {"password_hash_iterations", config.password_hash_iterations(), 1, 10000000},
      {"emergency_access_minutes", config.emergency_access_minutes(), 1, 24 * 60},
      {"inline_read_slots", config.inline_read_slots(), 0, 1024},
      {"block_cache_mib", config.block_cache_mib(), 8, 256 * 1024},
      {"memtable_mib", config.memtable_mib(), 16, 64 * 1024},
  };
  for (const Limit& limit : limits) {
    if (limit.value < limit.low || limit.value > limit.high) {
      return absl::InvalidArgumentError(absl::StrCat(limit.field, ": ", limit.value,
                                                     " is outside ", limit.low, "..", limit.high));
    }
  }
  const v1::TlsConfig& tls = config.tls();
  if (tls.cert_file().empty() != tls.key_file().empty()) {
    return absl::InvalidArgumentError("tls: cert_file and key_file go together");
  }
  if (!tls.client_ca_file().empty() && tls.cert_file().empty()) {
    return absl::InvalidArgumentError("tls.client_ca_file: needs tls.cert_file and key_file");
  }
  if (tls.cert_file().empty() && !ListensOnLoopbackOnly(config.listen())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen: ", config.listen(), " is reachable from other machines; set tls { cert_file "
        "key_file } so that passwords and tokens never cross a network in plaintext"));
  }
  return absl::OkStatus();
}

}  // namespace casehub::hub
