#include "services/common/secret_input.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace casehub {

std::string ReadSecretLine(const std::string& prompt) {
  std::string line;
  if (!isatty(STDIN_FILENO)) {
    std::getline(std::cin, line);
    return line;
  }
  std::cerr << prompt << std::flush;
  termios saved;
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  return line;
}

}  // namespace casehub
