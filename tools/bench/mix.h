// The casehub operations the bench can perform and the weighted mix of them
// a run uses, parsed from e.g. "record_lab_result=50,list_worklist=20".
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace casehub::bench {

enum class CasehubOperation {
  kRegisterPatient,
  kRecordLabResult,
  // A batch of CasehubTarget::batch_size results in one RecordLabResults call.
  kRecordLabResults,
  kListWorklist,
  // The first page of the caller's site's open alerts: the ward's board.
  kListAlerts,
  // Read the worklist and complete one of its first page's tasks, as a case
  // manager works through it: the deletions this leaves in the worklist's
  // range are what later reads step over.
  kCompleteTask,
  kGetTimeline,
  kMyeloReport,
  // The next cycle of one of the caller's courses: its risk assessment,
  // consent and start (cycle_start.h), timed together.
  kStartCycle,
  // A critical value's closed loop on one of the caller's course patients:
  // the result, the patient read, acknowledge, intervene, close
  // (alert_loop.h), timed together.
  kAlertLoop,
};

absl::string_view OperationName(CasehubOperation operation);

// The mix of casehub-bench's mix phase and of casehub-soak: a ward's day,
// mostly laboratory results, then the case managers' reads, and the nurses
// closing critical values.
inline constexpr char kDefaultMix[] =
    "register_patient=5,record_lab_result=50,start_cycle=5,list_worklist=20,get_timeline=20,"
    "myelo_report=5,alert_loop=2";

// The operations with a non-zero weight, in the order they were given, and
// a caller's turn through them: smooth weighted round robin, so any run of
// as many calls as the weights add up to makes each operation exactly its
// weight's number of times, interleaved. A short run still calls every
// operation, and two runs make the same mix. Each caller has its own copy.
class Mix {
 public:
  // "name=weight,..." with the names of OperationName and integer weights.
  static absl::StatusOr<Mix> Parse(absl::string_view text);

  const std::vector<CasehubOperation>& operations() const { return operations_; }
  std::vector<std::string> OperationNames() const;
  // The index into operations() of the next call.
  int Next();

 private:
  std::vector<CasehubOperation> operations_;
  std::vector<int> weights_;
  int total_weight_ = 0;
  // Each operation's credit: raised by its weight every call, lowered by the
  // total when it is chosen.
  std::vector<int> credits_;
};

}  // namespace casehub::bench
