#include "services/engine/site_directory.h"

#include <regex>

#include "absl/strings/str_cat.h"
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

}  // namespace casehub::engine
