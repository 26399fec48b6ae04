#include "tests/support/temp_dir.h"

#include <stdlib.h>

#include <filesystem>

#include "gtest/gtest.h"

namespace casehub::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::path(::testing::TempDir()) / "casehub-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Sub(const std::string& name) const {
  return (std::filesystem::path(path_) / name).string();
}

}  // namespace casehub::testing
