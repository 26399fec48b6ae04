// TempDir: a fresh directory under the test's temporary directory, removed
// (with its contents) when the object goes away.
#pragma once

#include <string>

namespace casehub::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() / name
  std::string Sub(const std::string& name) const;

 private:
  std::string path_;
};

}  // namespace casehub::testing
