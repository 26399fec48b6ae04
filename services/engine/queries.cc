#include "services/engine/queries.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/paging.h"
#include "services/engine/stored_elements.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

// How a listing's range changes: a queue's earliest entries are deleted
// as the work is done (Store::ScanQueue).
enum class Range { kOrdered, kQueue };

// Adds one stored covering value to a page; false when it does not parse.
using AddValue = std::function<bool(absl::string_view value)>;

// Parsed into the repeated field `out`.
template <typename Message>
AddValue ParsedInto(google::protobuf::RepeatedPtrField<Message>* out) {
  return [out](absl::string_view value) {
    return out->Add()->ParseFromArray(value.data(), static_cast<int>(value.size()));
  };
}

// As stored, into `response`'s repeated field `field_number`
// (stored_elements.h): for the pages the hub does not read again. The lists
// of patients and cases are parsed: another site's are filtered first.
AddValue AsStoredInto(google::protobuf::Message& response, int field_number) {
  return [&response, field_number](absl::string_view value) {
    AppendStoredElement(response, field_number, value);
    return true;
  };
}

// Reads one page of covering values under `prefix` into `add` and returns
// the token of the next page ("" at the end). The token is the last key
// returned, base64-encoded; it only works for the same prefix.
absl::StatusOr<std::string> ReadPage(const store::Store& store, absl::string_view prefix,
                                     const PageRequest& page, const AddValue& add,
                                     Range range = Range::kOrdered) {
  ASSIGN_OR_RETURN(const int size, PageSizeOf(page.page_size, kDefaultPageSize, kMaxPageSize));
  ASSIGN_OR_RETURN(const std::string start_after, KeyAfterPageToken(page.page_token, prefix));
  std::string last_key;
  int added = 0;
  bool more = false;
  absl::Status parsed = absl::OkStatus();
  auto visit = [&](absl::string_view key, absl::string_view value) {
    if (added == size) {
      more = true;
      return false;
    }
    if (!add(value)) {
      parsed = absl::DataLossError(absl::StrCat("index entry under ", prefix, " does not parse"));
      return false;
    }
    ++added;
    last_key = std::string(key);
    return true;
  };
  RETURN_IF_ERROR(range == Range::kQueue && start_after.empty()
                      ? store.ScanQueue(prefix, visit)
                      : store.Scan(store::Family::kIndex, prefix, start_after, visit));
  RETURN_IF_ERROR(parsed);
  return more ? PageTokenOf(last_key) : std::string();
}

absl::Status CheckSiteField(absl::string_view site_id) {
  return CheckIdField("site_id", site_id);
}

}  // namespace

absl::StatusOr<v1::ListPatientsResponse> Queries::ListPatients(absl::string_view site_id,
                                                               const PageRequest& page) const {
  RETURN_IF_ERROR(CheckSiteField(site_id));
  v1::ListPatientsResponse response;
  ASSIGN_OR_RETURN(*response.mutable_next_page_token(),
                   ReadPage(*store_, store::PatientsBySitePrefix(site_id), page,
                            ParsedInto(response.mutable_patients())));
  return response;
}

absl::StatusOr<v1::ListCasesResponse> Queries::ListCases(absl::string_view site_id,
                                                         absl::string_view tumor_type,
                                                         const PageRequest& page) const {
  RETURN_IF_ERROR(CheckSiteField(site_id));
  v1::ListCasesResponse response;
  ASSIGN_OR_RETURN(*response.mutable_next_page_token(),
                   ReadPage(*store_, store::CasesBySitePrefix(site_id, tumor_type), page,
                            ParsedInto(response.mutable_cases())));
  return response;
}

absl::StatusOr<v1::ListWorklistResponse> Queries::ListWorklist(absl::string_view site_id,
                                                               v1::Role role,
                                                               const PageRequest& page) const {
  RETURN_IF_ERROR(CheckSiteField(site_id));
  v1::ListWorklistResponse response;
  ASSIGN_OR_RETURN(
      *response.mutable_next_page_token(),
      ReadPage(*store_, store::WorklistPrefix(site_id, static_cast<uint8_t>(role)), page,
               AsStoredInto(response, v1::ListWorklistResponse::kTasksFieldNumber), Range::kQueue));
  return response;
}

absl::StatusOr<v1::ListAlertsResponse> Queries::ListAlerts(absl::string_view site_id,
                                                           const PageRequest& page) const {
  RETURN_IF_ERROR(CheckSiteField(site_id));
  v1::ListAlertsResponse response;
  ASSIGN_OR_RETURN(
      *response.mutable_next_page_token(),
      ReadPage(*store_, store::OpenAlertPrefix(site_id), page,
               AsStoredInto(response, v1::ListAlertsResponse::kAlertsFieldNumber), Range::kQueue));
  return response;
}

namespace {

// Every entry under `prefix`, parsed as Message.
template <typename Message>
absl::StatusOr<std::vector<Message>> ReadAll(const store::Store& store, absl::string_view prefix) {
  std::vector<Message> all;
  absl::Status parsed = absl::OkStatus();
  RETURN_IF_ERROR(store.Scan(store::Family::kIndex, prefix, "",
                             [&](absl::string_view, absl::string_view value) {
                               if (!all.emplace_back().ParseFromArray(
                                       value.data(), static_cast<int>(value.size()))) {
                                 parsed = absl::DataLossError("an index entry does not parse");
                                 return false;
                               }
                               return true;
                             }));
  RETURN_IF_ERROR(parsed);
  return all;
}

}  // namespace

absl::StatusOr<std::vector<v1::Patient>> Queries::PatientsByNationalIdHash(
    absl::string_view hash) const {
  return ReadAll<v1::Patient>(*store_, store::PersonByNationalIdPrefix(hash));
}

absl::StatusOr<std::vector<v1::Patient>> Queries::PatientsBornOn(
    absl::string_view birth_date) const {
  return ReadAll<v1::Patient>(*store_, store::PersonByBirthDatePrefix(birth_date));
}

absl::StatusOr<std::vector<v1::PatientLink>> Queries::LinksTo(absl::string_view patient_id) const {
  return ReadAll<v1::PatientLink>(*store_, store::LinkToPrefix(patient_id));
}

absl::StatusOr<v1::ListReferralsResponse> Queries::ListReferrals(absl::string_view site_id,
                                                                 bool open_only,
                                                                 const PageRequest& page) const {
  RETURN_IF_ERROR(CheckSiteField(site_id));
  v1::ListReferralsResponse response;
  ASSIGN_OR_RETURN(
      *response.mutable_next_page_token(),
      ReadPage(*store_, store::ReferralPrefix(open_only, site_id), page,
               AsStoredInto(response, v1::ListReferralsResponse::kReferralsFieldNumber)));
  return response;
}

}  // namespace casehub::engine
