#include "services/engine/case_data_rules.h"

#include <cmath>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {
namespace {

constexpr int kMaxFactsPerRequest = 50;
constexpr int kMaxTextLength = 500;

const v1::CaseFieldDefinition* FindField(const v1::PluginDescriptor& descriptor,
                                         absl::string_view key) {
  for (const v1::CaseFieldDefinition& field : descriptor.case_fields()) {
    if (field.key() == key) return &field;
  }
  return nullptr;
}

std::string FieldKeys(const v1::PluginDescriptor& descriptor) {
  std::vector<std::string> keys;
  for (const v1::CaseFieldDefinition& field : descriptor.case_fields()) keys.push_back(field.key());
  return absl::StrJoin(keys, ", ");
}

absl::Status CheckValue(const std::string& field_path, const v1::CaseFieldDefinition& field,
                        const std::string& value, absl::Time now) {
  switch (field.kind()) {
    case v1::CASE_FIELD_KIND_CODE:
      for (const std::string& allowed : field.allowed_values()) {
        if (value == allowed) return absl::OkStatus();
      }
      return InvalidField(field_path, absl::StrCat(field.key(), " must be one of ",
                                                   absl::StrJoin(field.allowed_values(), ", "),
                                                   "; got '", value, "'"));
    case v1::CASE_FIELD_KIND_NUMBER: {
      double number = 0;
      if (!absl::SimpleAtod(value, &number) || !std::isfinite(number)) {
        return InvalidField(field_path,
                            absl::StrCat(field.key(), " must be a number, got '", value, "'"));
      }
      if ((field.has_min() && number < field.min()) || (field.has_max() && number > field.max())) {
        return InvalidField(field_path, absl::StrCat(field.key(), " must be within ", field.min(),
                                                     "..", field.max(), " ", field.unit(),
                                                     "; got ", value));
      }
      return absl::OkStatus();
    }
    case v1::CASE_FIELD_KIND_DATE:
      return CheckPastDate(field_path, value, now);
    case v1::CASE_FIELD_KIND_TEXT:
      return CheckText(field_path, value, kMaxTextLength, true);
    default:
      return absl::FailedPreconditionError(
          absl::StrCat(field.key(), ": the plugin declares no kind for this field"));
  }
}

}  // namespace

absl::StatusOr<const LoadedPlugin*> CasePlugin(const PluginHost& plugins, const v1::Case& c) {
  const LoadedPlugin* plugin = plugins.FindById(c.plugin_id());
  if (plugin == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "case ", c.id(), " is managed by plugin '", c.plugin_id(), "', which is not installed"));
  }
  return plugin;
}

absl::Status CheckRequiredFields(const v1::Case& c, const v1::StageTransition& transition,
                                 const v1::PluginDescriptor& descriptor) {
  std::set<std::string> recorded;
  for (const v1::CaseFact& fact : c.facts()) recorded.insert(fact.key());
  std::vector<std::string> missing;
  for (const std::string& key : transition.required_fields()) {
    if (recorded.count(key) > 0) continue;
    const v1::CaseFieldDefinition* field = FindField(descriptor, key);
    missing.push_back(field == nullptr ? key : absl::StrCat(key, " (", field->name(), ")"));
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the ", descriptor.id(), " pathway requires for ", transition.from_stage(), " -> ",
      transition.to_stage(), " (", transition.requirement(), "): ", absl::StrJoin(missing, ", "),
      " not recorded; record them first (RecordCaseData, casectl cases data)"));
}

absl::StatusOr<v1::Event> DecideRecordCaseData(const v1::RecordCaseDataRequest& request,
                                               const v1::Actor& actor,
                                               const v1::PatientState& state,
                                               const PluginHost& plugins, absl::Time now) {
  const v1::Case* found = FindCase(state, request.case_id());
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("case_id: case ", request.case_id(), " not found"));
  }
  if (found->status() != v1::CASE_STATUS_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("case ", found->id(), " is closed"));
  }
  if (request.facts().empty()) return InvalidField("facts", "at least one fact is required");
  if (request.facts_size() > kMaxFactsPerRequest) {
    return InvalidField("facts", absl::StrCat("at most ", kMaxFactsPerRequest, " per request"));
  }
  ASSIGN_OR_RETURN(const LoadedPlugin* plugin, CasePlugin(plugins, *found));
  const v1::PluginDescriptor& descriptor = plugin->descriptor();
  v1::Event event;
  v1::CaseDataRecorded* recorded = event.mutable_case_data_recorded();
  recorded->set_case_id(found->id());
  std::set<std::string> seen;
  for (int i = 0; i < request.facts_size(); ++i) {
    const v1::CaseFact& fact = request.facts(i);
    const std::string path = absl::StrCat("facts[", i, "]");
    const v1::CaseFieldDefinition* field = FindField(descriptor, fact.key());
    if (field == nullptr) {
      return InvalidField(absl::StrCat(path, ".key"),
                          absl::StrCat("'", fact.key(), "' is not a field of ", descriptor.id(),
                                       " case data (", FieldKeys(descriptor), ")"));
    }
    if (!seen.insert(fact.key()).second) {
      return InvalidField(absl::StrCat(path, ".key"),
                          absl::StrCat("'", fact.key(), "' is given twice"));
    }
    RETURN_IF_ERROR(CheckValue(absl::StrCat(path, ".value"), *field, fact.value(), now));
    v1::CaseFact* stored = recorded->add_facts();
    stored->set_key(fact.key());
    stored->set_value(fact.value());
    *stored->mutable_recorded_at() = ToProtoTime(now);
    stored->set_recorded_by(actor.principal_id());
  }
  return event;
}

absl::Status CheckDerivedFacts(const v1::CaseDataRecorded& recorded,
                               const v1::PluginDescriptor& descriptor, absl::Time now) {
  for (const v1::CaseFact& fact : recorded.facts()) {
    const v1::CaseFieldDefinition* field = FindField(descriptor, fact.key());
    if (field == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("'", fact.key(), "' is not a declared field"));
    }
    RETURN_IF_ERROR(CheckValue(fact.key(), *field, fact.value(), now));
  }
  return absl::OkStatus();
}

}  // namespace casehub::engine
