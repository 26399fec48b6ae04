// TumorPluginFixture: the real engine on a real RocksDB with the four
// tumor-type plugins loaded, and short helpers to walk a case along its
// pathway the way a case manager would.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "casehub/v1/report.pb.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::testing {

using FactList = std::vector<std::pair<std::string, std::string>>;

// `months` calendar months after `from` (follow-up windows are in months).
absl::Time Months(absl::Time from, int months);
// A stored timestamp as absl::Time (whole seconds).
absl::Time At(const google::protobuf::Timestamp& timestamp);

class TumorPluginFixture : public engine::EngineFixture {
 protected:
  // Loads the four tumor-type plugins, or the given plugin files.
  TumorPluginFixture();
  explicit TumorPluginFixture(std::vector<std::string> plugin_files);

  // Registers a patient and opens a case for `icd10`; returns the case id.
  std::string NewCase(const std::string& icd10);

  absl::Status Record(const std::string& case_id, const FactList& facts);
  absl::Status Stage(const std::string& case_id, const std::string& to_stage);
  absl::Status Complete(const std::string& task_id);
  absl::Status MarkOverdue(const std::string& task_id);

  v1::PatientState StateOf(const std::string& case_id);
  v1::Case CaseOf(const std::string& case_id);
  // The case's fact `key`; an empty fact when it is not recorded.
  static v1::CaseFact FactOf(const v1::Case& c, const std::string& key);
  // The case's tasks of `kind`, in creation order.
  std::vector<v1::Task> TasksOf(const std::string& case_id, const std::string& kind);

  v1::IndicatorReport Report(const std::string& plugin_id, const std::string& from,
                             const std::string& to);
  // The report's indicator `id` (fails the test when absent).
  static v1::Indicator IndicatorIn(const v1::IndicatorReport& report, const std::string& id);

 private:
  std::string NextRequestId();
  int requests_ = 0;
};

}  // namespace casehub::testing
