// Plugin references for tests: PluginRefs({"libcasehub_lung.so"}).
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "casehub/v1/config.pb.h"

namespace casehub::testing {

inline std::vector<v1::PluginRef> PluginRefs(std::initializer_list<std::string> files) {
  std::vector<v1::PluginRef> refs;
  for (const std::string& file : files) refs.emplace_back().set_file(file);
  return refs;
}

}  // namespace casehub::testing
