// Entity ids (services/engine/ids.h) as clients send them: IsPatientId and
// OwningPatient on any text, and the round trip the engine relies on to find
// the patient behind a case, task or alert id without an index.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "services/engine/ids.h"
#include "services/store/keys.h"
#include "tests/fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub::engine;  // NOLINT: a fuzz entry point
  static constexpr EntityKind kKinds[] = {
      EntityKind::kCase,   EntityKind::kTask,    EntityKind::kAlert,      EntityKind::kAssessment,
      EntityKind::kCycle,  EntityKind::kEpisode, EntityKind::kProphylaxis};
  FuzzedDataProvider input(data, size);
  const EntityKind kind = input.PickValueInArray(kKinds);
  const uint64_t seq = input.ConsumeIntegral<uint64_t>();
  const std::string text = input.ConsumeRemainingBytesAsString();

  const bool patient = IsPatientId(text);
  if (patient) FUZZ_CHECK(casehub::store::IsValidId(text));
  for (EntityKind any : kKinds) {
    const std::optional<std::string> owner = OwningPatient(text, any);
    if (owner) {
      FUZZ_CHECK(IsPatientId(*owner));
      FUZZ_CHECK(text.compare(0, owner->size(), *owner) == 0);
      FUZZ_CHECK(casehub::store::IsValidId(text) || text.size() > 128);
    }
  }
  if (patient) {
    const std::string id = EntityId(text, kind, seq);
    FUZZ_CHECK(casehub::store::IsValidId(id));
    const std::optional<std::string> owner = OwningPatient(id, kind);
    // seq 0 is never used: events are numbered from 1.
    FUZZ_CHECK(seq == 0 ? !owner.has_value() : owner == text);
    for (EntityKind other : kKinds) {
      if (other != kind) FUZZ_CHECK(!OwningPatient(id, other).has_value());
    }
  }
  return 0;
}
