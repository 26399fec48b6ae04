#include "services/engine/patient_access.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {
namespace {

bool SharesCase(const v1::Case& c, absl::string_view site) {
  for (const std::string& shared : c.shared_site_ids()) {
    if (shared == site) return true;
  }
  return false;
}

bool HoldsEmergencyAccess(const v1::Actor& actor, const v1::PatientState& state, absl::Time now) {
  for (const v1::EmergencyAccess& access : state.emergency_access()) {
    if (access.principal_id() == actor.principal_id() && access.site_id() == actor.site_id() &&
        ToAbslTime(access.expires_at()) > now) {
      return true;
    }
  }
  return false;
}

}  // namespace

v1::AccessBasis PatientAccessOf(const v1::Actor& actor, const v1::PatientState& state,
                                const SiteDirectory& network, absl::Time now) {
  const std::string& site = actor.site_id();
  if (!site.empty()) {
    for (const v1::Case& c : state.cases()) {
      if (c.owning_site_id() == site) return v1::ACCESS_BASIS_OWNING_SITE;
    }
    for (const v1::Case& c : state.cases()) {
      if (SharesCase(c, site)) return v1::ACCESS_BASIS_SHARING_SITE;
    }
    if (state.cases().empty() && state.patient().registering_site_id() == site) {
      return v1::ACCESS_BASIS_REGISTERING_SITE;
    }
    for (const v1::Case& c : state.cases()) {
      if (network.Supervises(site, c.owning_site_id(), c.tumor_type(), /*is_module=*/false, now)) {
        return v1::ACCESS_BASIS_SUPERVISING_HUB;
      }
    }
    for (const v1::Referral& referral : state.referrals()) {
      if (referral.to_site_id() == site && referral.status() == v1::REFERRAL_STATUS_REQUESTED) {
        return v1::ACCESS_BASIS_REFERRAL_RECEIVER;
      }
    }
  }
  if (HoldsEmergencyAccess(actor, state, now)) return v1::ACCESS_BASIS_EMERGENCY;
  return v1::ACCESS_BASIS_UNSPECIFIED;
}

absl::StatusOr<v1::AccessBasis> RequirePatientAccess(const v1::Actor& actor,
                                                     const v1::PatientState& state,
                                                     const SiteDirectory& network, absl::Time now) {
  v1::AccessBasis basis = PatientAccessOf(actor, state, network, now);
  if (basis != v1::ACCESS_BASIS_UNSPECIFIED) return basis;
  return absl::PermissionDeniedError(absl::StrCat(
      "patient ", state.patient().id(), ": site '", actor.site_id(),
      "' neither owns nor shares a case of this patient, nor supervises its owner under an "
      "agreement in force; ask for a referral, or break the glass in an emergency"));
}

std::vector<std::string> PatientSites(const v1::PatientState& state) {
  std::set<std::string> sites;
  for (const v1::Case& c : state.cases()) {
    sites.insert(c.owning_site_id());
    sites.insert(c.shared_site_ids().begin(), c.shared_site_ids().end());
  }
  if (sites.empty() && !state.patient().registering_site_id().empty()) {
    sites.insert(state.patient().registering_site_id());
  }
  return {sites.begin(), sites.end()};
}

}  // namespace casehub::engine
