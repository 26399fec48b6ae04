// EngineFixture: a real engine on a real RocksDB in a temporary directory,
// with the demo-like network (a hub and one county hospital), the real lung
// plugin, and a ManualClock. Helpers build the commands a client would send.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/engine/engine.h"
#include "services/engine/plugin_host.h"
#include "services/engine/site_directory.h"
#include "services/store/store.h"
#include "tests/support/temp_dir.h"

namespace casehub::engine {

inline constexpr char kHub[] = "jc-hub";
inline constexpr char kCounty[] = "qs-county";

class EngineFixture : public ::testing::Test {
 protected:
  // Loads the given plugin files from the build's plugin directory.
  explicit EngineFixture(std::vector<std::string> plugin_files = {"libcasehub_lung.so"});

  // Reopens the store and the engine on the same directory (a restart).
  void Restart();

  v1::Command As(const std::string& site = kHub) const;
  v1::Command Register(const std::string& request_id, const std::string& name = "王建国") const;
  v1::Command OpenCase(const std::string& request_id, const std::string& patient_id,
                       const std::string& icd10 = "C34.1") const;
  v1::Command RecordAnc(const std::string& request_id, const std::string& patient_id,
                        double value) const;
  v1::Command ChangeStage(const std::string& request_id, const std::string& case_id,
                          const std::string& to) const;
  v1::Command RecordCaseData(const std::string& request_id, const std::string& case_id,
                             const std::vector<std::pair<std::string, std::string>>& facts) const;
  v1::Command CompleteTask(const std::string& request_id, const std::string& task_id) const;

  // Registers a patient and returns its id (fails the test otherwise).
  std::string NewPatient(const std::string& request_id);

  std::vector<std::string> plugin_files_;
  testing::TempDir dir_;
  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0), absl::UTCTimeZone())};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SiteDirectory> sites_;
  std::unique_ptr<PluginHost> plugins_;
  std::unique_ptr<AlertFeed> alert_feed_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace casehub::engine
