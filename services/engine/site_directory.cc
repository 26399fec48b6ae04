#include "services/engine/site_directory.h"

#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/status_macros.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

absl::Status CheckSite(const v1::Site& site,
                       const std::map<std::string, v1::Site, std::less<>>& known) {
  static const std::regex kIdPattern("[a-z0-9-]{2,40}");
  std::string which = absl::StrCat("site '", site.id(), "': ");
  if (!std::regex_match(site.id(), kIdPattern)) {
    return absl::InvalidArgumentError(absl::StrCat(which, "id must match [a-z0-9-]{2,40}"));
  }
  if (site.name().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(which, "name is required"));
  }
  if (site.kind() == v1::SITE_KIND_UNSPECIFIED) {
    return absl::InvalidArgumentError(absl::StrCat(which, "kind is required"));
  }
  if (site.kind() == v1::SITE_KIND_HUB_HOSPITAL) {
    if (!site.parent_site_id().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(which, "a hub hospital has no parent_site_id"));
    }
    return absl::OkStatus();
  }
  if (site.parent_site_id().empty()) return absl::OkStatus();
  auto parent = known.find(site.parent_site_id());
  if (parent == known.end() || parent->second.kind() != v1::SITE_KIND_HUB_HOSPITAL) {
    return absl::InvalidArgumentError(absl::StrCat(
        which, "parent_site_id '", site.parent_site_id(),
        "' must name a hub hospital defined before it"));
  }
  return absl::OkStatus();
}

std::optional<absl::CivilDay> ParseDay(absl::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) return std::nullopt;
  return day;
}

absl::Status CheckAgreement(const v1::CollaborationAgreement& agreement,
                            const std::map<std::string, v1::Site, std::less<>>& sites) {
  static const std::regex kIdPattern("[a-z0-9-]{2,40}");
  std::string which = absl::StrCat("agreement '", agreement.id(), "': ");
  if (!std::regex_match(agreement.id(), kIdPattern)) {
    return absl::InvalidArgumentError(absl::StrCat(which, "id must match [a-z0-9-]{2,40}"));
  }
  auto hub = sites.find(agreement.hub_site_id());
  if (hub == sites.end() || hub->second.kind() != v1::SITE_KIND_HUB_HOSPITAL) {
    return absl::InvalidArgumentError(absl::StrCat(
        which, "hub_site_id '", agreement.hub_site_id(), "' must name a hub hospital"));
  }
  auto collaborator = sites.find(agreement.collaborator_site_id());
  if (collaborator == sites.end() ||
      collaborator->second.kind() == v1::SITE_KIND_HUB_HOSPITAL) {
    return absl::InvalidArgumentError(
        absl::StrCat(which, "collaborator_site_id '", agreement.collaborator_site_id(),
                     "' must name a county hospital or community clinic"));
  }
  std::optional<absl::CivilDay> start = ParseDay(agreement.start_date());
  if (!start) {
    return absl::InvalidArgumentError(absl::StrCat(which, "start_date must be YYYY-MM-DD"));
  }
  if (!agreement.end_date().empty()) {
    std::optional<absl::CivilDay> end = ParseDay(agreement.end_date());
    if (!end || *end < *start) {
      return absl::InvalidArgumentError(absl::StrCat(
          which, "end_date must be YYYY-MM-DD, not before start_date (or empty)"));
    }
  }
  return absl::OkStatus();
}

bool InForce(const v1::CollaborationAgreement& agreement, absl::Time now) {
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  std::optional<absl::CivilDay> start = ParseDay(agreement.start_date());
  if (!start || today < *start) return false;
  if (agreement.end_date().empty()) return true;
  std::optional<absl::CivilDay> end = ParseDay(agreement.end_date());
  return end && today <= *end;
}

bool Covers(const google::protobuf::RepeatedPtrField<std::string>& listed,
            absl::string_view scope) {
  if (listed.empty() || scope.empty()) return true;
  for (const std::string& item : listed) {
    if (item == scope) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SiteDirectory>> SiteDirectory::Load(store::Store* store) {
  auto directory = std::unique_ptr<SiteDirectory>(new SiteDirectory(store));
  absl::Status parse_status;
  absl::MutexLock lock(&directory->mu_);
  RETURN_IF_ERROR(store->Scan(
      store::Family::kMeta, store::kSitePrefix, "",
      [&](absl::string_view key, absl::string_view value) {
        v1::Site site;
        if (!site.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_status = absl::DataLossError(absl::StrCat("meta ", key, " does not parse"));
          return false;
        }
        directory->sites_[site.id()] = std::move(site);
        return true;
      }));
  RETURN_IF_ERROR(parse_status);
  RETURN_IF_ERROR(store->Scan(
      store::Family::kMeta, store::kAgreementPrefix, "",
      [&](absl::string_view key, absl::string_view value) {
        v1::CollaborationAgreement agreement;
        if (!agreement.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse_status = absl::DataLossError(absl::StrCat("meta ", key, " does not parse"));
          return false;
        }
        directory->agreements_[agreement.id()] = std::move(agreement);
        return true;
      }));
  RETURN_IF_ERROR(parse_status);
  return directory;
}

absl::Status SiteDirectory::Upsert(const v1::Site& site) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(CheckSite(site, sites_));
  store::WriteBatch batch = store_->NewBatch();
  batch.Put(store::Family::kMeta, store::SiteKey(site.id()), site.SerializeAsString());
  RETURN_IF_ERROR(store_->Commit(batch));
  sites_[site.id()] = site;
  return absl::OkStatus();
}

std::optional<v1::Site> SiteDirectory::Find(absl::string_view id) const {
  absl::MutexLock lock(&mu_);
  auto it = sites_.find(id);
  if (it == sites_.end()) return std::nullopt;
  return it->second;
}

std::vector<v1::Site> SiteDirectory::List() const {
  absl::MutexLock lock(&mu_);
  std::vector<v1::Site> sites;
  for (const auto& [id, site] : sites_) sites.push_back(site);
  return sites;
}


absl::Status SiteDirectory::UpsertAgreement(const v1::CollaborationAgreement& agreement) {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(CheckAgreement(agreement, sites_));
  store::WriteBatch batch = store_->NewBatch();
  batch.Put(store::Family::kMeta, store::AgreementKey(agreement.id()),
            agreement.SerializeAsString());
  RETURN_IF_ERROR(store_->Commit(batch));
  agreements_[agreement.id()] = agreement;
  return absl::OkStatus();
}

std::vector<v1::CollaborationAgreement> SiteDirectory::Agreements(
    absl::string_view site_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<v1::CollaborationAgreement> agreements;
  for (const auto& [id, agreement] : agreements_) {
    if (site_id.empty() || agreement.hub_site_id() == site_id ||
        agreement.collaborator_site_id() == site_id) {
      agreements.push_back(agreement);
    }
  }
  return agreements;
}

bool SiteDirectory::Supervises(absl::string_view hub_site_id,
                               absl::string_view collaborator_site_id, absl::string_view scope,
                               bool is_module, absl::Time now) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [id, agreement] : agreements_) {
    if (agreement.hub_site_id() == hub_site_id &&
        agreement.collaborator_site_id() == collaborator_site_id && InForce(agreement, now) &&
        Covers(is_module ? agreement.modules() : agreement.tumor_types(), scope)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> SiteDirectory::SupervisedSites(absl::string_view hub_site_id,
                                                        absl::string_view scope, bool is_module,
                                                        absl::Time now) const {
  std::set<std::string> sites;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, agreement] : agreements_) {
      if (agreement.hub_site_id() == hub_site_id && InForce(agreement, now) &&
          Covers(is_module ? agreement.modules() : agreement.tumor_types(), scope)) {
        sites.insert(agreement.collaborator_site_id());
      }
    }
  }
  return {sites.begin(), sites.end()};
}

}  // namespace casehub::engine
