// Queries: the read side — listings served from the covering index entries
// (one prefix scan each, no per-row lookups), paged with opaque tokens.
// Thread-safe; reads see committed writes only.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "casehub/v1/alert.pb.h"
#include "casehub/v1/case.pb.h"
#include "casehub/v1/patient_service.pb.h"
#include "casehub/v1/referral.pb.h"
#include "casehub/v1/task.pb.h"
#include "services/store/store.h"

namespace casehub::engine {

struct PageRequest {
  // 1..500; 0 means the default of 50.
  int page_size = 0;
  // From a previous page; empty for the first page.
  std::string page_token;
};

class Queries {
 public:
  explicit Queries(const store::Store* store) : store_(store) {}

  absl::StatusOr<v1::ListPatientsResponse> ListPatients(absl::string_view site_id,
                                                        const PageRequest& page) const;
  // Every case of the site, or of one tumor type when it is not empty.
  absl::StatusOr<v1::ListCasesResponse> ListCases(absl::string_view site_id,
                                                  absl::string_view tumor_type,
                                                  const PageRequest& page) const;
  // Open tasks of the site, earliest due first; one role's only unless
  // role is ROLE_UNSPECIFIED.
  absl::StatusOr<v1::ListWorklistResponse> ListWorklist(absl::string_view site_id,
                                                        v1::Role role,
                                                        const PageRequest& page) const;
  // Referrals the site sent or received, newest first; only the REQUESTED
  // and ACCEPTED ones when `open_only`.
  absl::StatusOr<v1::ListReferralsResponse> ListReferrals(absl::string_view site_id,
                                                          bool open_only,
                                                          const PageRequest& page) const;
  // The master patient index: records holding this national id hash, or
  // born on this day (merged records left out).
  absl::StatusOr<std::vector<v1::Patient>> PatientsByNationalIdHash(absl::string_view hash) const;
  absl::StatusOr<std::vector<v1::Patient>> PatientsBornOn(absl::string_view birth_date) const;
  // Links other records hold to `patient_id`.
  absl::StatusOr<std::vector<v1::PatientLink>> LinksTo(absl::string_view patient_id) const;
  // Open (not closed) alerts of the site, oldest first.
  absl::StatusOr<v1::ListAlertsResponse> ListAlerts(absl::string_view site_id,
                                                    const PageRequest& page) const;

 private:
  const store::Store* store_;
};

}  // namespace casehub::engine
