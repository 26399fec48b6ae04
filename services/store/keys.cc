#include "services/store/keys.h"

#include "absl/strings/str_cat.h"

namespace casehub::store {
namespace {

constexpr char kSeparator = '\0';

// The prefix of one id's keys under a tag: the tag, the id, the separator.
std::string TaggedPrefix(absl::string_view tag, absl::string_view id) {
  std::string key = absl::StrCat(tag, id);
  key.push_back(kSeparator);
  return key;
}

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
         c == '-';
}

}  // namespace

bool IsValidId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!IsIdChar(c)) return false;
  }
  return true;
}

void AppendUint64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

std::optional<uint64_t> ReadUint64(absl::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<uint8_t>(c);
  return value;
}

uint64_t TimeToKeyMicros(absl::Time time) {
  int64_t micros = absl::ToUnixMicros(time);
  return micros < 0 ? 0 : static_cast<uint64_t>(micros);
}

absl::Time KeyMicrosToTime(uint64_t micros) {
  return absl::FromUnixMicros(static_cast<int64_t>(micros));
}

std::string EventKey(absl::string_view patient_id, uint64_t seq) {
  std::string key = EventPrefix(patient_id);
  AppendUint64(&key, seq);
  return key;
}

std::string EventPrefix(absl::string_view patient_id) {
  std::string key(patient_id);
  key.push_back(kSeparator);
  return key;
}

std::optional<uint64_t> EventKeySeq(absl::string_view key) {
  if (key.size() < 10 || key[key.size() - 9] != kSeparator) return std::nullopt;
  return ReadUint64(key.substr(key.size() - 8));
}

std::string StateKey(absl::string_view patient_id) {
  return std::string(patient_id);
}

std::string ClosedAlertsKey(absl::string_view patient_id) {
  std::string key = TaggedPrefix("", patient_id);
  key.push_back('a');
  return key;
}

absl::string_view StateKeyPatient(absl::string_view key) {
  return key.substr(0, key.find(kSeparator));
}

std::string PatientsBySitePrefix(absl::string_view site_id) {
  std::string key = absl::StrCat("P", site_id);
  key.push_back(kSeparator);
  return key;
}

std::string PatientsBySiteKey(absl::string_view site_id,
                              absl::string_view patient_id) {
  return absl::StrCat(PatientsBySitePrefix(site_id), patient_id);
}

std::string CasesBySitePrefix(absl::string_view site_id,
                              absl::string_view tumor_type) {
  std::string key = absl::StrCat("C", site_id);
  key.push_back(kSeparator);
  if (!tumor_type.empty()) {
    absl::StrAppend(&key, tumor_type);
    key.push_back(kSeparator);
  }
  return key;
}

std::string CasesBySiteKey(absl::string_view site_id,
                           absl::string_view tumor_type,
                           absl::string_view case_id) {
  return absl::StrCat(CasesBySitePrefix(site_id, tumor_type), case_id);
}

std::string WorklistPrefix(absl::string_view site_id, uint8_t role) {
  std::string key = absl::StrCat("W", site_id);
  key.push_back(kSeparator);
  key.push_back(static_cast<char>(role));
  return key;
}

std::string WorklistKey(absl::string_view site_id, uint8_t role, absl::Time due,
                        absl::string_view task_id) {
  std::string key = WorklistPrefix(site_id, role);
  AppendUint64(&key, TimeToKeyMicros(due));
  absl::StrAppend(&key, task_id);
  return key;
}

namespace {

std::string DueKey(absl::string_view prefix, absl::Time due, absl::string_view id) {
  std::string key(prefix);
  AppendUint64(&key, TimeToKeyMicros(due));
  absl::StrAppend(&key, id);
  return key;
}

std::optional<DueTask> ParseDueKey(absl::string_view prefix, absl::string_view key) {
  if (key.size() < prefix.size() + 9 || key.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  std::optional<uint64_t> micros = ReadUint64(key.substr(prefix.size(), 8));
  if (!micros) return std::nullopt;
  return DueTask{KeyMicrosToTime(*micros), std::string(key.substr(prefix.size() + 8))};
}

}  // namespace

std::optional<DueTask> ParseDueTaskKey(absl::string_view key) {
  return ParseDueKey(kDueTaskPrefix, key);
}

std::string EscalationDueKey(absl::Time due, absl::string_view alert_id) {
  return DueKey(kEscalationDuePrefix, due, alert_id);
}

std::optional<DueTask> ParseEscalationDueKey(absl::string_view key) {
  return ParseDueKey(kEscalationDuePrefix, key);
}

std::string OpenAlertPrefix(absl::string_view site_id) { return TaggedPrefix("A", site_id); }

std::string PersonByNationalIdPrefix(absl::string_view national_id_hash) {
  return absl::StrCat("Nh", national_id_hash);
}

std::string PersonByNationalIdKey(absl::string_view national_id_hash,
                                  absl::string_view patient_id) {
  return absl::StrCat(PersonByNationalIdPrefix(national_id_hash), patient_id);
}

std::string PersonByBirthDatePrefix(absl::string_view birth_date) {
  return TaggedPrefix("Nb", birth_date);
}

std::string PersonByBirthDateKey(absl::string_view birth_date, absl::string_view patient_id) {
  return absl::StrCat(PersonByBirthDatePrefix(birth_date), patient_id);
}

std::string LinkToPrefix(absl::string_view other_patient_id) {
  return TaggedPrefix("L", other_patient_id);
}

std::string LinkToKey(absl::string_view other_patient_id, absl::string_view patient_id) {
  return absl::StrCat(LinkToPrefix(other_patient_id), patient_id);
}

std::string ReferralPrefix(bool open, absl::string_view site_id) {
  return TaggedPrefix(open ? "O" : "F", site_id);
}

std::string ReferralKey(bool open, absl::string_view site_id, absl::Time requested,
                        absl::string_view referral_id) {
  std::string key = ReferralPrefix(open, site_id);
  // Inverted, so the newest referral comes first in key order.
  AppendUint64(&key, ~TimeToKeyMicros(requested));
  absl::StrAppend(&key, referral_id);
  return key;
}

std::string OpenAlertKey(absl::string_view site_id, absl::Time raised, absl::string_view alert_id) {
  std::string key = OpenAlertPrefix(site_id);
  AppendUint64(&key, TimeToKeyMicros(raised));
  absl::StrAppend(&key, alert_id);
  return key;
}

std::string IndicatorPrefix(absl::string_view indicator) {
  std::string key = absl::StrCat("I", indicator);
  key.push_back(kSeparator);
  return key;
}

std::string IndicatorPrefix(absl::string_view indicator, absl::string_view site_id) {
  std::string key = IndicatorPrefix(indicator);
  absl::StrAppend(&key, site_id);
  key.push_back(kSeparator);
  return key;
}

std::string IndicatorKey(absl::string_view indicator, absl::string_view site_id,
                         absl::string_view date, absl::string_view tumor_type, char part,
                         absl::string_view item_id) {
  std::string key = IndicatorPrefix(indicator, site_id);
  absl::StrAppend(&key, date);
  key.push_back(kSeparator);
  absl::StrAppend(&key, tumor_type);
  key.push_back(kSeparator);
  key.push_back(part);
  absl::StrAppend(&key, item_id);
  return key;
}

std::optional<IndicatorKeyParts> ParseIndicatorKeyRest(absl::string_view rest) {
  size_t date_end = rest.find(kSeparator);
  if (date_end == absl::string_view::npos) return std::nullopt;
  size_t tumor_end = rest.find(kSeparator, date_end + 1);
  if (tumor_end == absl::string_view::npos || tumor_end + 2 > rest.size()) return std::nullopt;
  return IndicatorKeyParts{std::string(rest.substr(0, date_end)),
                           std::string(rest.substr(date_end + 1, tumor_end - date_end - 1)),
                           rest[tumor_end + 1], std::string(rest.substr(tumor_end + 2))};
}

namespace {

// In an indicator item's or day counter's key ('I' <indicator> 00 <site> 00
// <day> 00 <tumor> 00 <part> ...): where the field after the `fields`-th
// separator begins; nullopt for any other key, or one that ends there.
std::optional<size_t> IndicatorFieldPosition(absl::string_view key, int fields) {
  if (key.empty() || key[0] != 'I') return std::nullopt;
  size_t position = 0;
  for (int separators = 0; separators < fields; ++separators) {
    position = key.find(kSeparator, position);
    if (position == absl::string_view::npos) return std::nullopt;
    ++position;
  }
  if (position >= key.size()) return std::nullopt;
  return position;
}

// Where the part of an indicator item's key lies: past the indicator, the
// site, the date and the tumor type.
std::optional<size_t> IndicatorPartPosition(absl::string_view index_key) {
  return IndicatorFieldPosition(index_key, 4);
}

}  // namespace

std::optional<char> IndicatorItemPart(absl::string_view index_key) {
  std::optional<size_t> position = IndicatorPartPosition(index_key);
  if (!position) return std::nullopt;
  return index_key[*position];
}

std::optional<std::string> IndicatorItemPatientId(absl::string_view index_key) {
  std::optional<size_t> position = IndicatorPartPosition(index_key);
  if (!position) return std::nullopt;
  const absl::string_view item = index_key.substr(*position + 1);
  return std::string(item.substr(0, item.find('-')));
}

std::optional<std::string> IndicatorCounterKey(absl::string_view index_key,
                                               absl::string_view value) {
  std::optional<size_t> position = IndicatorPartPosition(index_key);
  if (!position) return std::nullopt;
  const char part = index_key[*position];
  if (part == 'N' || part == 'D') return std::string(index_key.substr(0, *position + 1));
  if (part == 'V') return absl::StrCat(index_key.substr(0, *position + 1), value);
  return std::nullopt;
}

std::optional<std::string> IndicatorRollupCounterKey(absl::string_view day_counter_key,
                                                     Rollup rollup) {
  // Past the indicator and the site: the day, YYYY-MM-DD, and its separator.
  constexpr size_t kDayLength = 10;
  std::optional<size_t> day = IndicatorFieldPosition(day_counter_key, 2);
  if (!day || *day + kDayLength >= day_counter_key.size() ||
      day_counter_key[*day + kDayLength] != kSeparator) {
    return std::nullopt;
  }
  const size_t period_length = rollup == Rollup::kMonth ? 7 : 4;  // YYYY-MM, YYYY
  return absl::StrCat(std::string(1, static_cast<char>(rollup)),
                      day_counter_key.substr(1, *day - 1),
                      day_counter_key.substr(*day, period_length),
                      day_counter_key.substr(*day + kDayLength));
}

std::vector<std::string> IndicatorCounterKeys(absl::string_view index_key,
                                              absl::string_view value) {
  std::vector<std::string> keys;
  std::optional<std::string> day = IndicatorCounterKey(index_key, value);
  if (!day) return keys;
  keys.push_back(*std::move(day));
  for (Rollup rollup : {Rollup::kMonth, Rollup::kYear}) {
    if (std::optional<std::string> key = IndicatorRollupCounterKey(keys.front(), rollup)) {
      keys.push_back(*std::move(key));
    }
  }
  return keys;
}

std::string IndicatorRollupPrefix(Rollup rollup, absl::string_view indicator,
                                  absl::string_view site_id, absl::string_view period) {
  std::string key = absl::StrCat(std::string(1, static_cast<char>(rollup)), indicator);
  key.push_back(kSeparator);
  absl::StrAppend(&key, site_id);
  key.push_back(kSeparator);
  if (period.empty()) return key;
  absl::StrAppend(&key, period);
  key.push_back(kSeparator);
  return key;
}

std::string AlertFeedPrefix(absl::string_view site_id) {
  std::string key(site_id);
  key.push_back(kSeparator);
  return key;
}

std::string AlertFeedKey(absl::string_view site_id, uint64_t cursor) {
  std::string key = AlertFeedPrefix(site_id);
  AppendUint64(&key, cursor);
  return key;
}

std::optional<uint64_t> AlertFeedKeyCursor(absl::string_view key) {
  // Same layout as an event key: <id> 00 <n:8>.
  return EventKeySeq(key);
}

std::string DueTaskKey(absl::Time due, absl::string_view task_id) {
  return DueKey(kDueTaskPrefix, due, task_id);
}

std::string SiteKey(absl::string_view site_id) {
  return absl::StrCat(kSitePrefix, site_id);
}

std::string AgreementKey(absl::string_view agreement_id) {
  return absl::StrCat(kAgreementPrefix, agreement_id);
}

std::string PrincipalKey(absl::string_view principal_id) {
  return absl::StrCat(kPrincipalPrefix, principal_id);
}

std::string RevokedTokenKey(absl::string_view token_id) {
  return absl::StrCat(kRevokedTokenPrefix, token_id);
}

std::string RequestKey(absl::string_view request_id) {
  return std::string(request_id);
}

std::string AuditByPatientPrefix(absl::string_view patient_id) {
  return TaggedPrefix("P", patient_id);
}

std::string AuditByPrincipalPrefix(absl::string_view principal_id) {
  return TaggedPrefix("U", principal_id);
}

std::string AuditBySitePrefix(absl::string_view site_id) { return TaggedPrefix("S", site_id); }

std::string AuditEmergencyBySitePrefix(absl::string_view site_id) {
  return TaggedPrefix("G", site_id);
}

std::string AuditTimeBound(absl::string_view prefix, absl::Time time) {
  std::string key(prefix);
  AppendUint64(&key, TimeToKeyMicros(time));
  return key;
}

std::string AuditKey(absl::string_view prefix, absl::Time time, uint64_t seq) {
  std::string key = AuditTimeBound(prefix, time);
  AppendUint64(&key, seq);
  return key;
}

std::optional<AuditKeyPosition> ParseAuditKey(absl::string_view prefix, absl::string_view key) {
  if (key.size() != prefix.size() + 16 || key.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  std::optional<uint64_t> micros = ReadUint64(key.substr(prefix.size(), 8));
  std::optional<uint64_t> seq = ReadUint64(key.substr(prefix.size() + 8));
  if (!micros || !seq) return std::nullopt;
  return AuditKeyPosition{KeyMicrosToTime(*micros), *seq};
}

}  // namespace casehub::store
