// Builders for a PluginDescriptor, so a plugin's Describe() reads as a list
// of its claims, stages, fields and indicators.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "casehub/v1/plugin.pb.h"

namespace casehub::sdk {

// The descriptor of a tumor-type plugin whose tumor type is its id.
v1::PluginDescriptor TumorTypeDescriptor(absl::string_view id, absl::string_view version,
                                         absl::string_view display_name);

// Claims ICD-10 codes first..last inclusive, compared by prefix
// ("C50".."C50" claims C50 and every C50.x).
void AddClaim(v1::PluginDescriptor& descriptor, absl::string_view first,
              absl::string_view last);

void AddStage(v1::PluginDescriptor& descriptor, absl::string_view id, absl::string_view name);

// An allowed stage change; the hub refuses it while any required field is
// unrecorded on the case.
void AddTransition(v1::PluginDescriptor& descriptor, absl::string_view from,
                   absl::string_view to, absl::string_view requirement,
                   const std::vector<std::string>& required_fields = {});

void AddCodeField(v1::PluginDescriptor& descriptor, absl::string_view group,
                  absl::string_view key, absl::string_view name,
                  const std::vector<std::string>& allowed_values);
void AddNumberField(v1::PluginDescriptor& descriptor, absl::string_view group,
                    absl::string_view key, absl::string_view name, double min, double max,
                    absl::string_view unit);
void AddDateField(v1::PluginDescriptor& descriptor, absl::string_view group,
                  absl::string_view key, absl::string_view name);
void AddTextField(v1::PluginDescriptor& descriptor, absl::string_view group,
                  absl::string_view key, absl::string_view name);

void AddRateIndicator(v1::PluginDescriptor& descriptor, absl::string_view id,
                      absl::string_view name, absl::string_view numerator,
                      absl::string_view denominator);
void AddMedianIndicator(v1::PluginDescriptor& descriptor, absl::string_view id,
                        absl::string_view name, absl::string_view items,
                        absl::string_view unit);

// The values "<prefix><suffix>" for each suffix, e.g. Prefixed("T", {"1a", "2"}).
std::vector<std::string> Prefixed(absl::string_view prefix,
                                  std::initializer_list<absl::string_view> suffixes);

}  // namespace casehub::sdk
