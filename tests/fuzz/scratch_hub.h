// ScratchHub: what the command-level fuzz targets run commands against — a
// real RocksDB store in a scratch directory under TMPDIR, the network of a
// hub hospital and a county hospital, and a fixed clock. One per process.
//
// Each input gets a patient of its own, registered with an open lung case
// and a critical ANC (so an alert and tasks exist): the outcome of an input
// then depends on that input alone, and a crash replays from its file. Fuzz
// inputs cannot know the ids the setup got (patient ids are random), so
// their strings name them with tokens that Bind replaces:
//   @patient  the input's patient          @case  its lung case
//   @alert    its critical-value alert     @task  its first open task
//   @entity   what the input's last accepted command created or changed
// Every few thousand inputs the store is thrown away and opened afresh, so
// that a long run does not fill the disk.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/command.pb.h"
#include "google/protobuf/message.h"
#include "services/common/clock.h"
#include "services/engine/alert_feed.h"
#include "services/engine/engine.h"
#include "services/engine/plugin_host.h"
#include "services/engine/site_directory.h"
#include "services/store/store.h"

namespace casehub::fuzz {

inline constexpr char kHubSite[] = "jc-hub";
inline constexpr char kCountySite[] = "qs-county";
// A failed setup or a broken property: prints `what` and aborts, which
// libFuzzer reports as a crash with the input that caused it.
[[noreturn]] void Fail(absl::string_view what);

// Loads plugin files (relative to the build's plugin directory); fails on
// any that does not load.
std::unique_ptr<engine::PluginHost> LoadBuiltPlugins(const std::vector<std::string>& files);

class ScratchHub {
 public:
  static ScratchHub& Get();

  // Starts an input: an engine over `plugins` and a fresh patient. The
  // engine lives until the next StartInput. An error when the setup is
  // refused (possible only with plugins a fuzz input scripts).
  absl::StatusOr<engine::Engine*> StartInput(const engine::PluginHost& plugins);
  // `command` for this input: the tokens in its strings replaced, its
  // request id made unique to the input (so that the next input's copy of
  // a seed is not refused as a reused request id), and the default actor (a
  // case manager of the hub hospital) when it names none.
  v1::Command Bind(v1::Command command) const;
  // Replaces the tokens in every string of `message` (Bind does this first).
  void ReplaceTokens(google::protobuf::Message& message) const;
  // Binds and executes `command`; an accepted one's entity becomes @entity.
  // With CASEHUB_FUZZ_VERBOSE set in the environment, prints each command
  // and its outcome (for writing seeds and reading a crashing input).
  absl::StatusOr<v1::CommandOutcome> Run(const v1::Command& command);

  const Clock& clock() const { return clock_; }

 private:
  ScratchHub() = default;
  void OpenFreshStore();
  void Close();
  static void CloseAtExit();

  std::string dir_;
  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0),
                                     absl::UTCTimeZone())};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<engine::SiteDirectory> sites_;
  std::unique_ptr<engine::AlertFeed> alert_feed_;
  std::unique_ptr<engine::Engine> engine_;
  uint64_t inputs_ = 0;
  uint64_t stores_ = 0;
  // Token -> id, for Bind.
  std::vector<std::pair<std::string, std::string>> tokens_;
};

}  // namespace casehub::fuzz
