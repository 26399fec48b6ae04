// Command validation: bytes -> v1::Command -> Engine::Execute (Decide, every
// plugin's Validate, Apply, reactions, index entries, one batch) on a real
// store with all five shipped plugins, for a patient with an open lung case
// and an open critical-value alert (scratch_hub.h; strings may name them by
// token). Any command may be refused; none may crash, leak or hit undefined
// behaviour. Two properties are checked besides:
//   - a refusal says what was wrong in the caller's terms: never INTERNAL,
//     DATA_LOSS or UNKNOWN, which would mean the hub or a shipped plugin
//     broke on input it should have refused or handled;
//   - an accepted command sent again returns the same outcome (a retried
//     write is applied once, docs/operations.md).
#include <cstddef>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "casehub/v1/command.pb.h"
#include "tests/fuzz/quiet_protobuf.h"
#include "tests/fuzz/scratch_hub.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub;        // NOLINT: a fuzz entry point
  using namespace casehub::fuzz;  // NOLINT
  static const engine::PluginHost* const plugins =
      LoadBuiltPlugins({"libcasehub_lung.so", "libcasehub_breast.so", "libcasehub_gastric.so",
                        "libcasehub_gynecologic.so", "libcasehub_myelosuppression.so"})
          .release();
  v1::Command input;
  if (!input.ParseFromArray(data, static_cast<int>(size))) return -1;

  ScratchHub& hub = ScratchHub::Get();
  absl::StatusOr<engine::Engine*> engine = hub.StartInput(*plugins);
  if (!engine.ok()) Fail(absl::StrCat("the setup was refused: ", engine.status().ToString()));

  const v1::Command command = hub.Bind(input);
  absl::StatusOr<v1::CommandOutcome> first = hub.Run(input);
  if (!first.ok()) {
    switch (first.status().code()) {
      case absl::StatusCode::kInternal:
      case absl::StatusCode::kDataLoss:
      case absl::StatusCode::kUnknown:
        Fail(absl::StrCat("a command was refused as a failure of the hub: ",
                          first.status().ToString(), "\n", command.DebugString()));
      default:
        return 0;
    }
  }
  absl::StatusOr<v1::CommandOutcome> retry = (*engine)->Execute(command);
  if (!retry.ok() || retry->SerializeAsString() != first->SerializeAsString()) {
    Fail(absl::StrCat("a retry answered differently: first ", first->DebugString(), ", then ",
                      retry.ok() ? retry->DebugString() : retry.status().ToString()));
  }
  return 0;
}
