#include "services/engine/ids.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace casehub::engine {
namespace {

constexpr absl::string_view kBase32 = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr size_t kPatientIdRandomChars = 12;

}  // namespace

std::string NewPatientId(absl::BitGen& random) {
  std::string id = "p";
  for (size_t i = 0; i < kPatientIdRandomChars; ++i) {
    id.push_back(kBase32[absl::Uniform<size_t>(random, 0, kBase32.size())]);
  }
  return id;
}

bool IsPatientId(absl::string_view id) {
  if (id.size() != 1 + kPatientIdRandomChars || id[0] != 'p') return false;
  return id.find_first_not_of(kBase32, 1) == absl::string_view::npos;
}

std::string EntityId(absl::string_view patient_id, EntityKind kind, uint64_t seq) {
  return absl::StrCat(patient_id, "-", std::string(1, static_cast<char>(kind)), seq);
}

std::optional<EntityRef> ParseEntityId(absl::string_view id, EntityKind kind) {
  size_t dash = id.find('-');
  if (dash == absl::string_view::npos || dash + 2 > id.size()) return std::nullopt;
  absl::string_view patient = id.substr(0, dash);
  if (!IsPatientId(patient) || id[dash + 1] != static_cast<char>(kind)) {
    return std::nullopt;
  }
  // Digits only, as EntityId writes them: SimpleAtoi alone would also take
  // "+7", " 7" and "07", which are not ids.
  absl::string_view digits = id.substr(dash + 2);
  if (digits.empty() || digits[0] == '0' ||
      digits.find_first_not_of("0123456789") != absl::string_view::npos) {
    return std::nullopt;
  }
  uint64_t seq = 0;
  if (!absl::SimpleAtoi(digits, &seq) || seq == 0) return std::nullopt;
  return EntityRef{std::string(patient), seq};
}

std::optional<std::string> OwningPatient(absl::string_view id, EntityKind kind) {
  std::optional<EntityRef> parsed = ParseEntityId(id, kind);
  if (!parsed) return std::nullopt;
  return std::move(parsed->patient_id);
}

}  // namespace casehub::engine
