#include "services/api/patient_index.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/national_id.h"
#include "services/engine/patient_access.h"

namespace casehub::api {
namespace {

// The characters of a UTF-8 string (a character: a lead byte and its
// continuation bytes).
std::vector<absl::string_view> Characters(absl::string_view text) {
  std::vector<absl::string_view> characters;
  for (size_t i = 0; i < text.size();) {
    size_t end = i + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    characters.push_back(text.substr(i, end - i));
    i = end;
  }
  return characters;
}

std::string Digits(absl::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  return digits;
}

// What a caller who does not reach the record sees of it.
v1::Patient Masked(const v1::Patient& patient) {
  v1::Patient masked;
  masked.set_id(patient.id());
  masked.set_name(MaskName(patient.name()));
  masked.set_sex(patient.sex());
  masked.set_birth_date(patient.birth_date().substr(0, 4));
  masked.set_registering_site_id(patient.registering_site_id());
  return masked;
}

}  // namespace

std::string MaskName(absl::string_view name) {
  std::vector<absl::string_view> characters = Characters(name);
  if (characters.empty()) return "";
  std::string masked(characters.front());
  if (characters.size() == 1) return masked;
  for (size_t i = 1; i + 1 < characters.size(); ++i) masked += "*";
  absl::StrAppend(&masked, characters.size() == 2 ? "*" : characters.back());
  return masked;
}

absl::StatusOr<v1::FindPatientsResponse> FindPatients(const ServiceContext& context,
                                                      const Caller& caller,
                                                      const v1::FindPatientsRequest& request) {
  // The strongest basis each record matched on.
  std::map<std::string, std::pair<v1::MatchBasis, v1::Patient>> found;
  auto add = [&](v1::Patient patient, v1::MatchBasis basis) {
    auto [it, inserted] = found.try_emplace(patient.id(), basis, patient);
    if (!inserted && basis < it->second.first) it->second = {basis, std::move(patient)};
  };
  if (!request.national_id().empty()) {
    ASSIGN_OR_RETURN(std::string id,
                     engine::NormalizeNationalId("national_id", request.national_id()));
    ASSIGN_OR_RETURN(std::vector<v1::Patient> same,
                     context.queries->PatientsByNationalIdHash(context.national_ids->Hash(id)));
    for (v1::Patient& patient : same) add(std::move(patient), v1::MATCH_BASIS_NATIONAL_ID);
  } else if (request.birth_date().empty() ||
             (request.name().empty() && request.phone().empty())) {
    return engine::InvalidField(
        "national_id", "give a national_id, or a birth_date with a name or a phone");
  }
  if (!request.birth_date().empty()) {
    RETURN_IF_ERROR(engine::CheckPastDate("birth_date", request.birth_date(),
                                          context.engine->clock().Now()));
    RETURN_IF_ERROR(engine::CheckText("name", request.name(), 100, false));
    RETURN_IF_ERROR(engine::CheckText("phone", request.phone(), 24, false));
    const std::string phone = Digits(request.phone());
    ASSIGN_OR_RETURN(std::vector<v1::Patient> born,
                     context.queries->PatientsBornOn(request.birth_date()));
    for (v1::Patient& patient : born) {
      if (!request.name().empty() &&
          absl::StripAsciiWhitespace(patient.name()) ==
              absl::StripAsciiWhitespace(request.name())) {
        add(patient, v1::MATCH_BASIS_NAME_AND_BIRTH_DATE);
      }
      if (!phone.empty() && Digits(patient.phone()) == phone) {
        add(patient, v1::MATCH_BASIS_PHONE_AND_BIRTH_DATE);
      }
    }
  }
  const absl::Time now = context.engine->clock().Now();
  v1::FindPatientsResponse response;
  for (auto& [id, match] : found) {
    ASSIGN_OR_RETURN(v1::PatientState state, context.engine->LoadState(id));
    v1::PatientMatch* out = response.add_matches();
    out->set_patient_id(id);
    out->set_registering_site_id(match.second.registering_site_id());
    out->set_basis(match.first);
    out->set_reachable(engine::PatientAccessOf(caller.actor, state, *context.sites, now) !=
                       v1::ACCESS_BASIS_UNSPECIFIED);
    match.second.clear_national_id_hash();
    *out->mutable_patient() = out->reachable() ? match.second : Masked(match.second);
  }
  std::stable_sort(response.mutable_matches()->begin(), response.mutable_matches()->end(),
                   [](const v1::PatientMatch& a, const v1::PatientMatch& b) {
                     return a.basis() < b.basis();
                   });
  return response;
}

}  // namespace casehub::api
