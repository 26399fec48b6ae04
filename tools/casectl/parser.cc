#include "tools/casectl/parser.h"

#include <map>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "tools/casectl/help.h"

namespace casehub::casectl {
namespace {

// Option texts as typed, by option name: one for each time a repeatable
// option was given, the last one given of any other.
using GivenOptions =
    std::map<std::string, std::vector<std::string>, std::less<>>;

// An option's text and where it came from, for error messages.
struct SourcedText {
  std::string text;
  std::string source;
};

class Parser {
 public:
  Parser(const CliSpec& cli, const Environment& env) : cli_(cli), env_(env) {}

  ParseResult Parse(const std::vector<std::string>& args);

 private:
  void ReadOption(const std::vector<std::string>& args, size_t& index);
  void ReadWord(const std::string& word);
  // Keeps the first error: later ones are usually its consequences.
  void Fail(std::string message);
  // The option's texts: as given, else from the environment, else the
  // default; none when it has none of these.
  std::vector<SourcedText> Lookup(const OptionSpec& spec,
                                  const GivenOptions& given) const;
  // Fills `values` for `specs` and checks that required ones are present.
  std::optional<std::string> Resolve(const std::vector<OptionSpec>& specs,
                                     const GivenOptions& given,
                                     OptionValues& values) const;
  // The words that may follow words_, in command order.
  std::vector<std::string> NextWords() const;
  const std::vector<std::string>& Level() const;
  UsageError Usage(std::string message) const;

  const CliSpec& cli_;
  const Environment& env_;
  // Command words recognized so far; complete once command_ is set.
  std::vector<std::string> words_;
  const CommandSpec* command_ = nullptr;
  size_t command_index_ = 0;
  std::vector<std::string> arguments_;
  GivenOptions given_globals_;
  GivenOptions given_options_;
  bool help_ = false;
  std::optional<std::string> error_;
};

ParseResult Parser::Parse(const std::vector<std::string>& args) {
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (options_ended || token == "-" || !absl::StartsWith(token, "-")) {
      ReadWord(token);
    } else if (token == "--") {
      options_ended = true;
    } else if (token == "--help" || token == "-h") {
      help_ = true;
    } else {
      ReadOption(args, i);
    }
  }
  // Help wins over errors: a half-typed command line is when it is wanted.
  if (help_) return HelpRequest{HelpText(cli_, Level())};
  if (error_.has_value()) return Usage(*error_);
  if (command_ == nullptr) {
    if (words_.empty()) return Usage("missing command");
    return Usage(absl::StrCat(
        "'", absl::StrJoin(words_, " "),
        "' needs a subcommand: ", absl::StrJoin(NextWords(), ", ")));
  }
  if (arguments_.size() < command_->arguments.size()) {
    return Usage(absl::StrCat("missing argument ",
                              command_->arguments[arguments_.size()]));
  }
  if (arguments_.size() > command_->arguments.size() &&
      !command_->last_argument_repeats) {
    return Usage(absl::StrCat("unexpected argument '",
                              arguments_[command_->arguments.size()], "'"));
  }
  Invocation invocation;
  invocation.command = command_index_;
  invocation.arguments = arguments_;
  if (auto error =
          Resolve(command_->options, given_options_, invocation.options)) {
    return Usage(*error);
  }
  if (auto error =
          Resolve(cli_.global_options, given_globals_, invocation.globals)) {
    return Usage(*error);
  }
  return invocation;
}

void Parser::ReadOption(const std::vector<std::string>& args, size_t& index) {
  const std::string& token = args[index];
  if (!absl::StartsWith(token, "--")) {
    return Fail(absl::StrCat("unknown option ", token));
  }
  absl::string_view name = absl::string_view(token).substr(2);
  std::optional<std::string> inline_value;
  if (const size_t equals = name.find('='); equals != name.npos) {
    inline_value = std::string(name.substr(equals + 1));
    name = name.substr(0, equals);
  }
  const OptionSpec* spec =
      command_ != nullptr ? FindOption(command_->options, name) : nullptr;
  GivenOptions* given = &given_options_;
  if (spec == nullptr) {
    spec = FindOption(cli_.global_options, name);
    given = &given_globals_;
  }
  if (spec == nullptr) {
    const bool belongs_to_a_command =
        command_ == nullptr &&
        absl::c_any_of(cli_.commands, [name](const CommandSpec* command) {
          return FindOption(command->options, name) != nullptr;
        });
    return Fail(absl::StrCat(
        "unknown option --", name,
        belongs_to_a_command ? " (command options go after the command)" : ""));
  }
  std::string text;
  if (inline_value.has_value()) {
    text = *std::move(inline_value);
  } else if (spec->kind == ValueKind::kFlag) {
    text = "true";
  } else if (index + 1 < args.size()) {
    text = args[++index];
  } else {
    return Fail(absl::StrCat("option --", name, " needs a value"));
  }
  std::vector<std::string>& texts = (*given)[spec->name];
  if (!spec->repeatable) texts.clear();
  texts.push_back(std::move(text));
}

void Parser::ReadWord(const std::string& word) {
  if (command_ != nullptr) {
    arguments_.push_back(word);
    return;
  }
  // After an error the words no longer say which command was meant.
  if (error_.has_value()) return;
  if (words_.empty() && word == "help" && !help_) {
    help_ = true;
    return;
  }
  words_.push_back(word);
  bool known = false;
  for (size_t i = 0; i < cli_.commands.size(); ++i) {
    const CommandSpec& command = *cli_.commands[i];
    if (!command.BeginsWith(words_)) continue;
    known = true;
    if (command.words.size() == words_.size()) {
      command_ = &command;
      command_index_ = i;
    }
  }
  if (!known) {
    Fail(absl::StrCat("unknown command '", absl::StrJoin(words_, " "), "'"));
    words_.pop_back();
  }
}

void Parser::Fail(std::string message) {
  if (!error_.has_value()) error_ = std::move(message);
}

std::optional<std::string> Parser::Resolve(const std::vector<OptionSpec>& specs,
                                           const GivenOptions& given,
                                           OptionValues& values) const {
  std::vector<std::string> missing;
  for (const OptionSpec& spec : specs) {
    const std::vector<SourcedText> texts = Lookup(spec, given);
    if (texts.empty() && spec.required) {
      missing.push_back(absl::StrCat("--", spec.name));
    }
    for (const SourcedText& text : texts) {
      absl::StatusOr<OptionValues::Value> value =
          ParseOptionValue(spec, text.text);
      if (!value.ok()) {
        return absl::StrFormat("invalid value '%s' for %s: %s", text.text,
                               text.source, value.status().message());
      }
      values.Add(spec.name, *std::move(value));
    }
  }
  if (missing.empty()) return std::nullopt;
  return absl::StrCat("missing required option",
                      missing.size() > 1 ? "s " : " ",
                      absl::StrJoin(missing, ", "));
}

std::vector<SourcedText> Parser::Lookup(const OptionSpec& spec,
                                        const GivenOptions& given) const {
  if (const auto it = given.find(spec.name); it != given.end()) {
    std::vector<SourcedText> texts;
    for (const std::string& text : it->second) {
      texts.push_back({text, absl::StrCat("--", spec.name)});
    }
    return texts;
  }
  for (const std::string& variable : spec.env) {
    std::optional<std::string> value = env_(variable);
    if (value.has_value() && !value->empty()) {
      return {{*std::move(value), variable}};
    }
  }
  if (!spec.default_value.empty()) {
    return {{spec.default_value, absl::StrCat("the default of --", spec.name)}};
  }
  return {};
}

std::vector<std::string> Parser::NextWords() const {
  std::vector<std::string> next;
  for (const CommandSpec* command : cli_.commands) {
    if (command->words.size() <= words_.size() ||
        !command->BeginsWith(words_)) {
      continue;
    }
    const std::string& word = command->words[words_.size()];
    if (absl::c_find(next, word) == next.end()) next.push_back(word);
  }
  return next;
}

const std::vector<std::string>& Parser::Level() const {
  return command_ != nullptr ? command_->words : words_;
}

UsageError Parser::Usage(std::string message) const {
  std::vector<std::string> help_words = {cli_.program};
  help_words.insert(help_words.end(), Level().begin(), Level().end());
  help_words.push_back("--help");
  return UsageError{std::move(message), absl::StrJoin(help_words, " ")};
}

}  // namespace

ParseResult ParseCommandLine(const CliSpec& cli,
                             const std::vector<std::string>& args,
                             const Environment& env) {
  return Parser(cli, env).Parse(args);
}

}  // namespace casehub::casectl
