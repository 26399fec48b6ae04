// SiteDirectory: the sites of the network, kept in the meta column family and
// cached in memory (there are tens of sites, read on every command).
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "casehub/v1/site.pb.h"
#include "services/store/store.h"

namespace casehub::engine {

class SiteDirectory {
 public:
  // Reads every stored site.
  static absl::StatusOr<std::unique_ptr<SiteDirectory>> Load(store::Store* store);

  // Creates or replaces a site after checking it: id [a-z0-9-]{2,40}, a name,
  // a kind, and for a collaborator a parent that is a known hub hospital.
  absl::Status Upsert(const v1::Site& site);

  std::optional<v1::Site> Find(absl::string_view id) const;
  // Sorted by id.
  std::vector<v1::Site> List() const;

 private:
  explicit SiteDirectory(store::Store* store) : store_(store) {}

  store::Store* store_;
  mutable absl::Mutex mu_;
  std::map<std::string, v1::Site, std::less<>> sites_ ABSL_GUARDED_BY(mu_);
};

}  // namespace casehub::engine
