// A laboratory's batch: bytes -> v1::RecordLabResultsRequest -> one command
// per result -> Engine::ExecuteBatch, on the scratch hub's patient (strings
// may name it by token, scratch_hub.h). Any result may be refused; none may
// crash, leak or hit undefined behaviour. Checked besides:
//   - the commit succeeds, and a refusal says what was wrong in the
//     caller's terms (never INTERNAL, DATA_LOSS or UNKNOWN);
//   - the same batch sent again answers every result recorded the first
//     time with the same outcome (docs/operations.md, "Idempotency").
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "casehub/v1/clinical.pb.h"
#include "casehub/v1/command.pb.h"
#include "tests/fuzz/quiet_protobuf.h"
#include "tests/fuzz/scratch_hub.h"

namespace {

using casehub::engine::Engine;

void CheckRefusals(const Engine::BatchOutcome& batch,
                   const std::vector<casehub::v1::Command>& sent) {
  if (!batch.commit.ok()) {
    casehub::fuzz::Fail(absl::StrCat("the batch's commit failed: ", batch.commit.ToString()));
  }
  for (size_t i = 0; i < batch.results.size(); ++i) {
    switch (batch.results[i].status().code()) {
      case absl::StatusCode::kInternal:
      case absl::StatusCode::kDataLoss:
      case absl::StatusCode::kUnknown:
        casehub::fuzz::Fail(absl::StrCat("a result was refused as a failure of the hub: ",
                                         batch.results[i].status().ToString(), "\n",
                                         sent[i].DebugString()));
      default:
        break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub;        // NOLINT: a fuzz entry point
  using namespace casehub::fuzz;  // NOLINT
  static const engine::PluginHost* const plugins =
      LoadBuiltPlugins({"libcasehub_lung.so", "libcasehub_myelosuppression.so"}).release();
  v1::RecordLabResultsRequest input;
  if (!input.ParseFromArray(data, static_cast<int>(size))) return -1;
  // The service takes at most 500; a fuzz input that long only slows the run.
  if (input.results_size() > 50) return -1;

  ScratchHub& hub = ScratchHub::Get();
  absl::StatusOr<engine::Engine*> engine = hub.StartInput(*plugins);
  if (!engine.ok()) Fail(absl::StrCat("the setup was refused: ", engine.status().ToString()));

  std::vector<v1::Command> commands;
  for (const v1::RecordLabResultRequest& result : input.results()) {
    v1::Command command;
    *command.mutable_record_lab_result() = result;
    commands.push_back(hub.Bind(command));
  }
  const Engine::BatchOutcome first = (*engine)->ExecuteBatch(commands);
  CheckRefusals(first, commands);
  const Engine::BatchOutcome again = (*engine)->ExecuteBatch(commands);
  CheckRefusals(again, commands);
  for (size_t i = 0; i < commands.size(); ++i) {
    if (!first.results[i].ok()) continue;
    if (!again.results[i].ok() ||
        again.results[i]->SerializeAsString() != first.results[i]->SerializeAsString()) {
      Fail(absl::StrCat("a retried result answered differently: first ",
                        first.results[i]->DebugString(), ", then ",
                        again.results[i].ok() ? again.results[i]->DebugString()
                                              : again.results[i].status().ToString()));
    }
  }
  return 0;
}
