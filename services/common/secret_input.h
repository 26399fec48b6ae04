// Reading a password: one line from standard input, without echo when that
// is a terminal (then with `prompt` on stderr first).
#pragma once

#include <string>

namespace casehub {

// The line without its newline; empty at end of input.
std::string ReadSecretLine(const std::string& prompt);

}  // namespace casehub
