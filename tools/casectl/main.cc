// casectl: command-line client of the casehub server. See app.h.
#include <iostream>
#include <string>
#include <vector>

#include "tools/casectl/app.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return casehub::casectl::Casectl().Run(
      args, casehub::casectl::ProcessEnvironment(), std::cout, std::cerr);
}
