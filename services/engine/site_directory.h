// SiteDirectory: the network — its sites and the collaboration agreements
// between hub hospitals and their collaborators — kept in the meta column
// family and cached in memory (there are tens of each, read on every call).
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
#include "absl/time/time.h"
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

  // Creates or replaces an agreement after checking it: id [a-z0-9-]{2,40},
  // a known hub hospital, a known county hospital or clinic, dates
  // "YYYY-MM-DD" with the end (if any) not before the start.
  absl::Status UpsertAgreement(const v1::CollaborationAgreement& agreement);
  // Agreements `site_id` is a party to (every one when empty), sorted by id.
  std::vector<v1::CollaborationAgreement> Agreements(absl::string_view site_id = "") const;
  // Whether an agreement in force on `now`'s UTC day lets `hub_site_id`
  // supervise `collaborator_site_id` for `scope`: a tumor type, or a module
  // id when `is_module`; an empty scope asks for any agreement in force. An
  // agreement that lists no tumor types (modules) covers them all.
  bool Supervises(absl::string_view hub_site_id, absl::string_view collaborator_site_id,
                  absl::string_view scope, bool is_module, absl::Time now) const;
  // The collaborators `hub_site_id` supervises on `now`'s day for `scope`
  // (as in Supervises), sorted.
  std::vector<std::string> SupervisedSites(absl::string_view hub_site_id, absl::string_view scope,
                                           bool is_module, absl::Time now) const;

 private:
  explicit SiteDirectory(store::Store* store) : store_(store) {}

  store::Store* store_;
  mutable absl::Mutex mu_;
  std::map<std::string, v1::Site, std::less<>> sites_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, v1::CollaborationAgreement, std::less<>> agreements_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace casehub::engine
