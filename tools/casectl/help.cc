#include "tools/casectl/help.h"

#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

constexpr char kIndent[] = "  ";

std::string Placeholder(const OptionSpec& option) {
  if (option.kind == ValueKind::kFlag) return "";
  if (!option.value_name.empty()) return option.value_name;
  return absl::StrJoin(option.choices, "|");
}

// "--name NAME", or "--json" for a flag.
std::string OptionSyntax(const OptionSpec& option) {
  const std::string placeholder = Placeholder(option);
  return placeholder.empty()
             ? absl::StrCat("--", option.name)
             : absl::StrCat("--", option.name, " ", placeholder);
}

std::string OptionDescription(const OptionSpec& option) {
  std::string text = option.help;
  std::vector<std::string> notes;
  // Choices not already spelled out by the placeholder.
  if (!option.choices.empty() && !option.value_name.empty()) {
    notes.push_back(absl::StrJoin(option.choices, "|"));
  }
  if (option.required) notes.push_back("required");
  if (option.repeatable) notes.push_back("repeatable");
  if (!option.env.empty()) {
    notes.push_back(absl::StrCat("env ", absl::StrJoin(option.env, ", ")));
  }
  if (!option.default_value.empty()) {
    notes.push_back(absl::StrCat("default ", option.default_value));
  }
  if (!notes.empty()) {
    absl::StrAppend(&text, " (", absl::StrJoin(notes, "; "), ")");
  }
  return text;
}

// "patients get ID", "cases data ID KEY=VALUE [KEY=VALUE...]".
std::string CommandSyntax(const CommandSpec& command) {
  std::vector<std::string> parts = command.words;
  parts.insert(parts.end(), command.arguments.begin(), command.arguments.end());
  if (command.last_argument_repeats && !command.arguments.empty()) {
    parts.push_back(absl::StrCat("[", command.arguments.back(), "...]"));
  }
  return absl::StrJoin(parts, " ");
}

void PrintCommands(const CliSpec& cli, const std::vector<std::string>& words,
                   std::ostream& out) {
  Table table;
  for (const CommandSpec* command : cli.commands) {
    if (command->BeginsWith(words)) {
      table.AddRow({CommandSyntax(*command), command->summary});
    }
  }
  if (words.empty()) {
    table.AddRow({"help [COMMAND]", "Show help for a command"});
  }
  out << "\nCommands:\n";
  table.Print(out, kIndent);
}

void PrintGlobalOptions(const CliSpec& cli, std::ostream& out) {
  Table table;
  for (const OptionSpec& option : cli.global_options) {
    table.AddRow({OptionSyntax(option), OptionDescription(option)});
  }
  table.AddRow({"-h, --help", "Show help for the program or a command"});
  out << "\nGlobal options, accepted before or after the command words:\n";
  table.Print(out, kIndent);
}

std::string ProgramHelp(const CliSpec& cli) {
  std::ostringstream out;
  out << cli.program << ": " << cli.about << "\n\nUsage: " << cli.program
      << " <command> [arguments] [options]\n";
  PrintCommands(cli, {}, out);
  PrintGlobalOptions(cli, out);
  out << "\nRun '" << cli.program
      << " <command> --help' for the options of a command.\n";
  return out.str();
}

std::string GroupHelp(const CliSpec& cli,
                      const std::vector<std::string>& words) {
  const std::string prefix =
      absl::StrCat(cli.program, " ", absl::StrJoin(words, " "));
  std::ostringstream out;
  out << "Usage: " << prefix << " <command> [arguments] [options]\n";
  PrintCommands(cli, words, out);
  out << "\nRun '" << prefix
      << " <command> --help' for the options of a command.\n";
  return out.str();
}

std::string CommandHelp(const CliSpec& cli, const CommandSpec& command) {
  std::ostringstream out;
  out << "Usage: " << cli.program << " " << CommandSyntax(command);
  for (const OptionSpec& option : command.options) {
    if (option.required) out << " " << OptionSyntax(option);
  }
  out << " [options]\n\n" << command.summary << ".\n";
  if (!command.options.empty()) {
    Table table;
    for (const OptionSpec& option : command.options) {
      table.AddRow({OptionSyntax(option), OptionDescription(option)});
    }
    out << "\nOptions:\n";
    table.Print(out, kIndent);
  }
  PrintGlobalOptions(cli, out);
  return out.str();
}

}  // namespace

std::string HelpText(const CliSpec& cli,
                     const std::vector<std::string>& words) {
  if (words.empty()) return ProgramHelp(cli);
  for (const CommandSpec* command : cli.commands) {
    if (command->words == words) return CommandHelp(cli, *command);
  }
  return GroupHelp(cli, words);
}

}  // namespace casehub::casectl
