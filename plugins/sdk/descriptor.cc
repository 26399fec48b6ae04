#include "casehub/descriptor.h"

#include "absl/strings/str_cat.h"

namespace casehub::sdk {
namespace {

v1::CaseFieldDefinition* AddField(v1::PluginDescriptor& descriptor, absl::string_view group,
                                  absl::string_view key, absl::string_view name,
                                  v1::CaseFieldKind kind) {
  v1::CaseFieldDefinition* field = descriptor.add_case_fields();
  field->set_group(std::string(group));
  field->set_key(std::string(key));
  field->set_name(std::string(name));
  field->set_kind(kind);
  return field;
}

v1::IndicatorDefinition* AddIndicator(v1::PluginDescriptor& descriptor, absl::string_view id,
                                      absl::string_view name) {
  v1::IndicatorDefinition* indicator = descriptor.add_indicators();
  indicator->set_id(std::string(id));
  indicator->set_name(std::string(name));
  return indicator;
}

}  // namespace

v1::PluginDescriptor TumorTypeDescriptor(absl::string_view id, absl::string_view version,
                                         absl::string_view display_name) {
  v1::PluginDescriptor descriptor;
  descriptor.set_id(std::string(id));
  descriptor.set_version(std::string(version));
  descriptor.set_kind(v1::PLUGIN_KIND_TUMOR_TYPE);
  descriptor.set_tumor_type(std::string(id));
  descriptor.set_display_name(std::string(display_name));
  return descriptor;
}

void AddClaim(v1::PluginDescriptor& descriptor, absl::string_view first,
              absl::string_view last) {
  v1::Icd10Range* range = descriptor.add_icd10_claims();
  range->set_first(std::string(first));
  range->set_last(std::string(last));
}

void AddStage(v1::PluginDescriptor& descriptor, absl::string_view id, absl::string_view name) {
  v1::PathwayStage* stage = descriptor.add_stages();
  stage->set_id(std::string(id));
  stage->set_name(std::string(name));
}

void AddTransition(v1::PluginDescriptor& descriptor, absl::string_view from,
                   absl::string_view to, absl::string_view requirement,
                   const std::vector<std::string>& required_fields) {
  v1::StageTransition* transition = descriptor.add_transitions();
  transition->set_from_stage(std::string(from));
  transition->set_to_stage(std::string(to));
  transition->set_requirement(std::string(requirement));
  for (const std::string& field : required_fields) transition->add_required_fields(field);
}

void AddCodeField(v1::PluginDescriptor& descriptor, absl::string_view group,
                  absl::string_view key, absl::string_view name,
                  const std::vector<std::string>& allowed_values) {
  v1::CaseFieldDefinition* field =
      AddField(descriptor, group, key, name, v1::CASE_FIELD_KIND_CODE);
  for (const std::string& value : allowed_values) field->add_allowed_values(value);
}

void AddNumberField(v1::PluginDescriptor& descriptor, absl::string_view group,
                    absl::string_view key, absl::string_view name, double min, double max,
                    absl::string_view unit) {
  v1::CaseFieldDefinition* field =
      AddField(descriptor, group, key, name, v1::CASE_FIELD_KIND_NUMBER);
  field->set_min(min);
  field->set_max(max);
  field->set_unit(std::string(unit));
}

void AddDateField(v1::PluginDescriptor& descriptor, absl::string_view group,
                  absl::string_view key, absl::string_view name) {
  AddField(descriptor, group, key, name, v1::CASE_FIELD_KIND_DATE);
}

void AddTextField(v1::PluginDescriptor& descriptor, absl::string_view group,
                  absl::string_view key, absl::string_view name) {
  AddField(descriptor, group, key, name, v1::CASE_FIELD_KIND_TEXT);
}

void AddRateIndicator(v1::PluginDescriptor& descriptor, absl::string_view id,
                      absl::string_view name, absl::string_view numerator,
                      absl::string_view denominator) {
  v1::IndicatorDefinition* indicator = AddIndicator(descriptor, id, name);
  indicator->set_kind(v1::INDICATOR_KIND_RATE);
  indicator->set_numerator(std::string(numerator));
  indicator->set_denominator(std::string(denominator));
}

void AddMedianIndicator(v1::PluginDescriptor& descriptor, absl::string_view id,
                        absl::string_view name, absl::string_view items,
                        absl::string_view unit) {
  v1::IndicatorDefinition* indicator = AddIndicator(descriptor, id, name);
  indicator->set_kind(v1::INDICATOR_KIND_MEDIAN);
  indicator->set_denominator(std::string(items));
  indicator->set_unit(std::string(unit));
}

std::vector<std::string> Prefixed(absl::string_view prefix,
                                  std::initializer_list<absl::string_view> suffixes) {
  std::vector<std::string> values;
  for (absl::string_view suffix : suffixes) values.push_back(absl::StrCat(prefix, suffix));
  return values;
}

}  // namespace casehub::sdk
