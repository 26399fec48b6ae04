// The on-disk key encoding of every column family. Keys are ordered so that
// each common query is one prefix scan. Components are joined by a 0x00 byte
// (ids never contain one: see IsValidId); integers are 8-byte big-endian so
// byte order is numeric order; times are microseconds since the Unix epoch,
// clamped at 0.
//
//   events    <patient id> 00 <seq:8>                 -> Event
//   state     <patient id>                            -> PatientState  what is open
//             <patient id> 00 'a'                     -> PatientState  holding only the
//                                                                  closed alerts
//   index     'P' <site> 00 <patient id>              -> Patient   patients a site answers
//                                                                  for (patient_access.h)
//             'C' <site> 00 <tumor type> 00 <case id> -> Case      cases a site owns or
//                                                                  shares, by tumor
//             'W' <site> 00 <role:1> <due:8> <task id> -> Task     worklist by due time;
//                                                                  role 0 = every role
//             'D' <due:8> <task id>                   -> ""        open tasks not yet
//                                                                  overdue, for the scheduler
//             'A' <site> 00 <raised:8> <alert id>     -> Alert     open alerts of a site
//             'E' <acknowledge by:8> <alert id>       -> ""        raised alerts not yet
//                                                                  escalated, for the scheduler
//             'F' <site> 00 <~requested:8> <referral id> -> Referral referrals a site sent
//                                                                  or received, newest first
//                                                                  (~: max - time)
//             'O' <site> 00 <~requested:8> <referral id> -> Referral the same, REQUESTED
//                                                                  or ACCEPTED only
//             'N' 'h' <national id hash:32> <patient id> -> Patient  the master patient
//                                                                  index: by national id
//             'N' 'b' <YYYY-MM-DD> 00 <patient id>    -> Patient   ... by birth date
//                                                                  (neither for a merged record)
//             'L' <other patient id> 00 <patient id>  -> PatientLink links others hold
//                                                                  to a record
//             'I' <indicator> 00 <site> 00 <YYYY-MM-DD> 00 <tumor> 00 <part:1> <item id>
//                                                     -> value     indicator items: part
//                                                                  'N' numerator, 'D'
//                                                                  denominator, 'V' a value
//   counters  'I' <indicator> 00 <site> 00 <YYYY-MM-DD> 00 <tumor> 00 <part:1>
//                                                     -> <count:8>  how many items of an
//                                                                  indicator's 'N' or 'D' part
//                                                                  a day holds (merged deltas)
//             'I' <indicator> 00 <site> 00 <YYYY-MM-DD> 00 <tumor> 00 'V' <value>
//                                                     -> <count:8>  how many 'V' items of a day
//                                                                  have this value (a median's
//                                                                  histogram)
//             'M' <indicator> 00 <site> 00 <YYYY-MM> 00 <tumor> 00 <part:1> [<value>]
//             'Y' <indicator> 00 <site> 00 <YYYY> 00 <tumor> 00 <part:1> [<value>]
//                                                     -> <count:8>  the same counts for a whole
//                                                                  month or year, so a long
//                                                                  period reads a key per
//                                                                  month or year
//   alert_feed <site> 00 <cursor:8>                   -> AlertUpdate  every alert change,
//                                                                  in commit order
//   meta      "alert_feed_cursor"                     -> <cursor:8> the last cursor used
//   meta      "schema_version"                        -> <version:8>
//             "site/" <site id>                       -> Site
//             "agreement/" <agreement id>             -> CollaborationAgreement
//             "principal/" <principal id>             -> StoredPrincipal
//             "revoked_token/" <token id>             -> <expires:8> until then refused
//             "national_id_salt"                      -> 32 random bytes
//   requests  <request id>                            -> CommandOutcome
//   audit     'T' <time:8> <seq:8>                    -> AuditRecord  every record
//             'P' <patient id> 00 <time:8> <seq:8>    -> AuditRecord  records of a patient
//             'U' <principal id> 00 <time:8> <seq:8>  -> AuditRecord  records of a principal
//             'S' <site id> 00 <time:8> <seq:8>       -> AuditRecord  records of a site: its
//                                                                  principals' and its patients'
//             'G' <site id> 00 <time:8> <seq:8>       -> AuditRecord  the same, emergency
//                                                                  access only
//             (one record is written under each order that applies, in one
//             batch; seq makes records of the same microsecond distinct)
//
// Changing any of this needs a schema version bump (schema.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace casehub::store {

// Ids (patients, sites, requests, ...) are 1..128 bytes of [A-Za-z0-9._:-].
bool IsValidId(absl::string_view id);

// Fixed-width big-endian integers, so that byte order is numeric order.
void AppendUint64(std::string* out, uint64_t value);
std::optional<uint64_t> ReadUint64(absl::string_view bytes);
uint64_t TimeToKeyMicros(absl::Time time);
absl::Time KeyMicrosToTime(uint64_t micros);

// events
std::string EventKey(absl::string_view patient_id, uint64_t seq);
std::string EventPrefix(absl::string_view patient_id);
// The seq of an event key, or nullopt if `key` is not one.
std::optional<uint64_t> EventKeySeq(absl::string_view key);

// state
std::string StateKey(absl::string_view patient_id);
// The patient's closed alerts (engine/closed_alerts.h).
std::string ClosedAlertsKey(absl::string_view patient_id);
// The patient a state family key belongs to (a state's or a closed alert's).
absl::string_view StateKeyPatient(absl::string_view key);

// index
std::string PatientsBySiteKey(absl::string_view site_id,
                              absl::string_view patient_id);
std::string PatientsBySitePrefix(absl::string_view site_id);

std::string CasesBySiteKey(absl::string_view site_id,
                           absl::string_view tumor_type,
                           absl::string_view case_id);
// Every case of the site, or (non-empty tumor_type) only that tumor type's.
std::string CasesBySitePrefix(absl::string_view site_id,
                              absl::string_view tumor_type);

std::string WorklistKey(absl::string_view site_id, uint8_t role, absl::Time due,
                        absl::string_view task_id);
std::string WorklistPrefix(absl::string_view site_id, uint8_t role);

std::string DueTaskKey(absl::Time due, absl::string_view task_id);
inline constexpr absl::string_view kDueTaskPrefix = "D";
// A due-time key: when, and the task (or alert) it is for.
struct DueTask {
  absl::Time due;
  std::string task_id;
};
std::optional<DueTask> ParseDueTaskKey(absl::string_view key);

std::string OpenAlertKey(absl::string_view site_id, absl::Time raised, absl::string_view alert_id);
std::string OpenAlertPrefix(absl::string_view site_id);

// Referrals of a site, newest first; `open` selects the REQUESTED and
// ACCEPTED ones' order.
std::string ReferralKey(bool open, absl::string_view site_id, absl::Time requested,
                        absl::string_view referral_id);
std::string ReferralPrefix(bool open, absl::string_view site_id);

// The master patient index. The hash is the fixed 32 bytes of an
// HMAC-SHA256 (it may hold a zero byte: it is not separated, it is sized).
std::string PersonByNationalIdKey(absl::string_view national_id_hash,
                                  absl::string_view patient_id);
std::string PersonByNationalIdPrefix(absl::string_view national_id_hash);
std::string PersonByBirthDateKey(absl::string_view birth_date, absl::string_view patient_id);
std::string PersonByBirthDatePrefix(absl::string_view birth_date);
std::string LinkToKey(absl::string_view other_patient_id, absl::string_view patient_id);
std::string LinkToPrefix(absl::string_view other_patient_id);

// Shares the due-key layout of DueTaskKey, under its own prefix.
std::string EscalationDueKey(absl::Time due, absl::string_view alert_id);
inline constexpr absl::string_view kEscalationDuePrefix = "E";
std::optional<DueTask> ParseEscalationDueKey(absl::string_view key);

// Indicator items, one per counted entity (see the layout above).
std::string IndicatorKey(absl::string_view indicator, absl::string_view site_id,
                         absl::string_view date, absl::string_view tumor_type, char part,
                         absl::string_view item_id);
// Items of one indicator and site, optionally from `date` on.
std::string IndicatorPrefix(absl::string_view indicator, absl::string_view site_id);
// Items of one indicator at every site.
std::string IndicatorPrefix(absl::string_view indicator);
struct IndicatorKeyParts {
  std::string date;
  std::string tumor_type;
  char part;
  std::string item_id;
};
// The parts after IndicatorPrefix; nullopt if `rest` is malformed.
std::optional<IndicatorKeyParts> ParseIndicatorKeyRest(absl::string_view rest);

// The part of an indicator item's index key ('N', 'D' or 'V'); nullopt for
// any other index entry.
std::optional<char> IndicatorItemPart(absl::string_view index_key);
// The patient an indicator item counts (its item id starts with the
// patient's id); nullopt for any other index entry.
std::optional<std::string> IndicatorItemPatientId(absl::string_view index_key);
// The day counter an indicator item (its index key and value) adds to: for
// a numerator ('N') or denominator ('D') item the key without its item id,
// for a value ('V') the key with the value in place of the item id, so a
// median is read from one counter per distinct value a day. nullopt for any
// other index entry.
std::optional<std::string> IndicatorCounterKey(absl::string_view index_key,
                                               absl::string_view value);
// Counters of a longer period than a day, summed with the day counters so a
// long report period reads a key set per month or year, not per day.
enum class Rollup : char { kMonth = 'M', kYear = 'Y' };
// The month or year counter a day counter adds to: the rollup's letter for
// 'I' and the day cut to its month (YYYY-MM) or year (YYYY); nullopt if
// `day_counter_key` is not a day counter's key.
std::optional<std::string> IndicatorRollupCounterKey(absl::string_view day_counter_key,
                                                     Rollup rollup);
// Every counter an indicator item adds to: its day's, its month's and its
// year's; empty for any other index entry.
std::vector<std::string> IndicatorCounterKeys(absl::string_view index_key,
                                              absl::string_view value);
// The month or year counters of one indicator and site, or of one month
// ("YYYY-MM") or year ("YYYY") of them; what follows the prefix without a
// period parses as ParseIndicatorKeyRest, its date being the period.
std::string IndicatorRollupPrefix(Rollup rollup, absl::string_view indicator,
                                  absl::string_view site_id, absl::string_view period = "");

// alert_feed
std::string AlertFeedKey(absl::string_view site_id, uint64_t cursor);
std::string AlertFeedPrefix(absl::string_view site_id);
// The cursor of an alert feed key, or nullopt if `key` is not one.
std::optional<uint64_t> AlertFeedKeyCursor(absl::string_view key);

// meta
inline constexpr absl::string_view kAlertFeedCursorKey = "alert_feed_cursor";
inline constexpr absl::string_view kSchemaVersionKey = "schema_version";
// The network's salt for national id hashes: 32 random bytes made once.
inline constexpr absl::string_view kNationalIdSaltKey = "national_id_salt";
std::string SiteKey(absl::string_view site_id);
inline constexpr absl::string_view kSitePrefix = "site/";
std::string AgreementKey(absl::string_view agreement_id);
inline constexpr absl::string_view kAgreementPrefix = "agreement/";
std::string PrincipalKey(absl::string_view principal_id);
inline constexpr absl::string_view kPrincipalPrefix = "principal/";
std::string RevokedTokenKey(absl::string_view token_id);
inline constexpr absl::string_view kRevokedTokenPrefix = "revoked_token/";

// requests
std::string RequestKey(absl::string_view request_id);

// audit: each order is a prefix, then <time:8> <seq:8>; the record itself is
// under kAuditByTimePrefix, the other orders' values are empty.
inline constexpr absl::string_view kAuditByTimePrefix = "T";
std::string AuditByPatientPrefix(absl::string_view patient_id);
std::string AuditByPrincipalPrefix(absl::string_view principal_id);
std::string AuditBySitePrefix(absl::string_view site_id);
std::string AuditEmergencyBySitePrefix(absl::string_view site_id);
std::string AuditKey(absl::string_view prefix, absl::Time time, uint64_t seq);
// Sorts before every key of `prefix` at or after `time` and after every
// earlier one: a scan's start_after for "from `time` on".
std::string AuditTimeBound(absl::string_view prefix, absl::Time time);
struct AuditKeyPosition {
  absl::Time time;
  uint64_t seq;
};
// The time and seq of an audit key under `prefix`; nullopt if it is not one.
std::optional<AuditKeyPosition> ParseAuditKey(absl::string_view prefix, absl::string_view key);

}  // namespace casehub::store
