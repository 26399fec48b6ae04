#include "tools/bench/mix.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace casehub::bench {
namespace {

constexpr CasehubOperation kAllOperations[] = {
    CasehubOperation::kRegisterPatient,  CasehubOperation::kRecordLabResult,
    CasehubOperation::kRecordLabResults, CasehubOperation::kListWorklist,
    CasehubOperation::kListAlerts,       CasehubOperation::kCompleteTask,
    CasehubOperation::kGetTimeline,      CasehubOperation::kMyeloReport,
    CasehubOperation::kStartCycle,       CasehubOperation::kAlertLoop,
};

}  // namespace

absl::string_view OperationName(CasehubOperation operation) {
  switch (operation) {
    case CasehubOperation::kRegisterPatient: return "register_patient";
    case CasehubOperation::kRecordLabResult: return "record_lab_result";
    case CasehubOperation::kRecordLabResults: return "record_lab_results";
    case CasehubOperation::kListWorklist: return "list_worklist";
    case CasehubOperation::kListAlerts: return "list_alerts";
    case CasehubOperation::kCompleteTask: return "complete_task";
    case CasehubOperation::kGetTimeline: return "get_timeline";
    case CasehubOperation::kMyeloReport: return "myelo_report";
    case CasehubOperation::kStartCycle: return "start_cycle";
    case CasehubOperation::kAlertLoop: return "alert_loop";
  }
  return "unknown";
}

absl::StatusOr<Mix> Mix::Parse(absl::string_view text) {
  Mix mix;
  for (absl::string_view entry : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    std::pair<absl::string_view, absl::string_view> name_weight = absl::StrSplit(entry, '=');
    const CasehubOperation* operation =
        std::find_if(std::begin(kAllOperations), std::end(kAllOperations),
                     [&](CasehubOperation o) { return OperationName(o) == name_weight.first; });
    int weight = 0;
    if (operation == std::end(kAllOperations)) {
      return absl::InvalidArgumentError(absl::StrCat("mix: unknown operation '", name_weight.first, "'"));
    }
    if (!absl::SimpleAtoi(name_weight.second, &weight) || weight < 0) {
      return absl::InvalidArgumentError(absl::StrCat("mix: '", entry, "' needs a weight >= 0"));
    }
    if (std::find(mix.operations_.begin(), mix.operations_.end(), *operation) !=
        mix.operations_.end()) {
      return absl::InvalidArgumentError(absl::StrCat("mix: '", name_weight.first, "' twice"));
    }
    if (weight == 0) continue;
    mix.operations_.push_back(*operation);
    mix.weights_.push_back(weight);
    mix.total_weight_ += weight;
  }
  if (mix.operations_.empty()) return absl::InvalidArgumentError("mix: no operation has a weight");
  mix.credits_.assign(mix.weights_.size(), 0);
  return mix;
}

int Mix::Next() {
  int chosen = 0;
  for (size_t i = 0; i < credits_.size(); ++i) {
    credits_[i] += weights_[i];
    if (credits_[i] > credits_[chosen]) chosen = static_cast<int>(i);
  }
  credits_[chosen] -= total_weight_;
  return chosen;
}

std::vector<std::string> Mix::OperationNames() const {
  std::vector<std::string> names;
  for (CasehubOperation operation : operations_) names.emplace_back(OperationName(operation));
  return names;
}

}  // namespace casehub::bench
