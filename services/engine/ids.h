// Entity ids. A patient id is "p" + 12 lowercase base32 characters, chosen at
// random at registration. Everything else a patient owns is named after the
// event that created it — "<patient id>-c7" is the case opened by event 7 —
// so ids are deterministic on replay and the owning patient of any case, task
// or alert is read from its id without an index lookup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/random/random.h"

namespace casehub::engine {

enum class EntityKind : char {
  kCase = 'c',
  kTask = 't',
  kAlert = 'a',
  kAssessment = 'r',  // an FN risk assessment
  kCycle = 'y',       // a chemotherapy cycle
  kEpisode = 'f',     // a febrile episode
  kProphylaxis = 'g', // a G-CSF prophylaxis dose
  kReferral = 'e',
};

std::string NewPatientId(absl::BitGen& random);
bool IsPatientId(absl::string_view id);

std::string EntityId(absl::string_view patient_id, EntityKind kind, uint64_t seq);

// What an entity id names: its patient and the seq of the event that made it.
struct EntityRef {
  std::string patient_id;
  uint64_t seq;
};

// The parts of a case, task or alert id of the given kind; nullopt when `id`
// is not such an id.
std::optional<EntityRef> ParseEntityId(absl::string_view id, EntityKind kind);

// The patient that owns a case, task or alert id of the given kind; nullopt
// when `id` is not such an id.
std::optional<std::string> OwningPatient(absl::string_view id, EntityKind kind);

}  // namespace casehub::engine
