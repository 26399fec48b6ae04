// Tests of casectl's command line: global and command options, environment
// defaults, usage errors and generated help. Nothing here contacts a server.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/casectl/app.h"
#include "tools/casectl/case_facts.h"
#include "tools/casectl/cli_spec.h"
#include "tools/casectl/global_options.h"
#include "tools/casectl/shared_options.h"

namespace casehub::casectl {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

class CasectlArgsTest : public ::testing::Test {
 protected:
  // env_ as an Environment.
  Environment Env() const {
    return [this](const std::string& name) -> std::optional<std::string> {
      const auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }

  ParseResult Parse(const std::vector<std::string>& args) const {
    return casectl_.Parse(args, Env());
  }

  // The invocation `args` parse to; fails the test on help or usage errors.
  Invocation Run(const std::vector<std::string>& args) const {
    ParseResult result = Parse(args);
    if (const auto* usage = std::get_if<UsageError>(&result)) {
      ADD_FAILURE() << "usage error: " << usage->message;
    }
    if (std::holds_alternative<HelpRequest>(result)) ADD_FAILURE() << "help";
    return std::holds_alternative<Invocation>(result)
               ? std::get<Invocation>(std::move(result))
               : Invocation();
  }

  UsageError Usage(const std::vector<std::string>& args) const {
    ParseResult result = Parse(args);
    if (!std::holds_alternative<UsageError>(result)) {
      ADD_FAILURE() << "expected a usage error";
      return UsageError();
    }
    return std::get<UsageError>(std::move(result));
  }

  std::string Help(const std::vector<std::string>& args) const {
    ParseResult result = Parse(args);
    if (!std::holds_alternative<HelpRequest>(result)) {
      ADD_FAILURE() << "expected help";
      return "";
    }
    return std::get<HelpRequest>(result).text;
  }

  const CommandSpec& CommandNamed(const std::vector<std::string>& words) const {
    for (const CommandSpec* command : casectl_.spec().commands) {
      if (command->words == words) return *command;
    }
    ADD_FAILURE() << "no such command";
    return *casectl_.spec().commands.front();
  }

  size_t IndexOf(const std::vector<std::string>& words) const {
    const auto& commands = casectl_.spec().commands;
    for (size_t i = 0; i < commands.size(); ++i) {
      if (commands[i]->words == words) return i;
    }
    ADD_FAILURE() << "no such command";
    return commands.size();
  }

  const Casectl casectl_;
  std::map<std::string, std::string> env_;
};

TEST_F(CasectlArgsTest, GlobalOptionsBeforeTheCommand) {
  const Invocation invocation =
      Run({"--server", "hub:9", "--json", "--timeout", "3", "sites", "list"});
  EXPECT_EQ(invocation.command, IndexOf({"sites", "list"}));
  const GlobalOptions globals = ReadGlobalOptions(invocation.globals, "/home/u");
  EXPECT_EQ(globals.server, "hub:9");
  EXPECT_TRUE(globals.json);
  EXPECT_EQ(globals.timeout, absl::Seconds(3));
  EXPECT_EQ(globals.token_file, "/home/u/.config/casehub/token");
}

TEST_F(CasectlArgsTest, GlobalOptionsAfterAndBetweenTheCommandWords) {
  const Invocation invocation =
      Run({"patients", "--token-file=t7", "get", "p1", "--tls-ca", "ca.pem", "--json",
           "--tls-server-name", "hub.local"});
  EXPECT_EQ(invocation.command, IndexOf({"patients", "get"}));
  EXPECT_EQ(invocation.arguments, std::vector<std::string>{"p1"});
  const GlobalOptions globals = ReadGlobalOptions(invocation.globals, "/home/u");
  EXPECT_EQ(globals.token_file, "t7");
  EXPECT_EQ(globals.tls_ca, "ca.pem");
  EXPECT_EQ(globals.tls_server_name, "hub.local");
  EXPECT_TRUE(globals.json);
}

TEST_F(CasectlArgsTest, CommandOptionsAreTyped) {
  const Invocation invocation =
      Run({"labs", "record", "--patient", "p1", "--loinc", "751-8", "--value",
           "0.8", "--unit", "10*9/L", "--observed-at", "2024-05-01T08:30:00Z",
           "--ref-low=1.8", "--expected-version", "12"});
  EXPECT_EQ(invocation.options.Text("loinc"), "751-8");
  EXPECT_DOUBLE_EQ(invocation.options.Number("value"), 0.8);
  EXPECT_DOUBLE_EQ(invocation.options.Number("ref-low"), 1.8);
  EXPECT_FALSE(invocation.options.Has("ref-high"));
  EXPECT_EQ(invocation.options.Time("observed-at"),
            absl::FromUnixSeconds(1714552200));
  EXPECT_EQ(invocation.options.Integer("expected-version"), 12);
}

TEST_F(CasectlArgsTest, ListFiltersAreApartFromTheCaller) {
  const Invocation tasks =
      Run({"tasks", "list", "--at", "county-b", "--for", "pharmacist"});
  EXPECT_EQ(tasks.options.Text("at"), "county-b");
  EXPECT_EQ(tasks.options.Text("for"), "pharmacist");

  const Invocation cases =
      Run({"cases", "list", "--at", "county-b", "--tumor-type", "lung"});
  EXPECT_EQ(cases.options.Text("at"), "county-b");
  EXPECT_EQ(cases.options.Text("tumor-type"), "lung");
  EXPECT_EQ(Run({"patients", "list", "--at=county-b"}).options.Text("at"),
            "county-b");
  EXPECT_THAT(Usage({"tasks", "list", "--for", "surgeon"}).message,
              HasSubstr("for --for: expected one of case_manager"));
}

TEST_F(CasectlArgsTest, TheCallerComesFromTheTokenNotFromOptions) {
  // Who calls is what login saved; there is no option to claim a site or role.
  for (const std::string option : {"--site", "--role", "--user"}) {
    EXPECT_THAT(Usage({"patients", "list", option, "x"}).message, HasSubstr(option));
  }
  const Invocation login = Run({"login", "--user", "nurse.li"});
  EXPECT_EQ(login.command, IndexOf({"login"}));
  EXPECT_EQ(login.options.Text("user"), "nurse.li");
  EXPECT_THAT(Usage({"login"}).message, HasSubstr("--user"));
}

TEST_F(CasectlArgsTest, NoCommandOptionIsNamedLikeAGlobalOne) {
  for (const CommandSpec* command : casectl_.spec().commands) {
    for (const OptionSpec& option : command->options) {
      EXPECT_EQ(FindOption(casectl_.spec().global_options, option.name),
                nullptr)
          << absl::StrJoin(command->words, " ") << " --" << option.name;
    }
  }
}

TEST_F(CasectlArgsTest, MissingRequiredOptionsAreNamed) {
  const UsageError error =
      Usage({"patients", "register", "--name", "Test Patient", "--phone", "1"});
  EXPECT_THAT(error.message, HasSubstr("--birth-date"));
  EXPECT_THAT(error.message, HasSubstr("--sex"));
  EXPECT_THAT(error.message, Not(HasSubstr("--phone")));
  EXPECT_EQ(error.help_command, "casectl patients register --help");
}

TEST_F(CasectlArgsTest, MissingAndExtraArguments) {
  EXPECT_THAT(Usage({"cases", "get"}).message, HasSubstr("ID"));
  EXPECT_THAT(Usage({"cases", "get", "c1", "c2"}).message, HasSubstr("'c2'"));
}

TEST_F(CasectlArgsTest, UnknownOption) {
  const UsageError error = Usage({"sites", "list", "--colour", "red"});
  EXPECT_THAT(error.message, HasSubstr("unknown option --colour"));
  EXPECT_EQ(error.help_command, "casectl sites list --help");
  // A command option before its command is not known yet.
  EXPECT_EQ(Usage({"--note", "x", "tasks", "complete", "t1"}).message,
            "unknown option --note (command options go after the command)");
  EXPECT_EQ(Usage({"--at", "x", "tasks", "list"}).message,
            "unknown option --at (command options go after the command)");
  EXPECT_EQ(Usage({"--colour", "red", "sites", "list"}).message,
            "unknown option --colour");
}

TEST_F(CasectlArgsTest, UnknownAndIncompleteCommands) {
  const UsageError unknown = Usage({"patients", "delete", "p1"});
  EXPECT_THAT(unknown.message, HasSubstr("unknown command 'patients delete'"));
  EXPECT_EQ(unknown.help_command, "casectl patients --help");
  EXPECT_EQ(Usage({"patients"}).message,
            "'patients' needs a subcommand: register, get, list, break-glass, find, link, merge, "
            "unlink");
  EXPECT_EQ(Usage({}).message, "missing command");
  EXPECT_EQ(Usage({"alerts"}).message,
            "'alerts' needs a subcommand: list, ack, intervene, close, watch");
}

TEST_F(CasectlArgsTest, BadNumbersAreUsageErrors) {
  const std::vector<std::string> lab = {
      "labs", "record", "--patient", "p1", "--loinc", "751-8", "--unit", "g/L"};
  for (const std::string value : {"abc", "0.8x", "nan", "inf", ""}) {
    std::vector<std::string> args = lab;
    args.insert(args.end(), {"--value", value});
    EXPECT_THAT(Usage(args).message, HasSubstr("for --value: not a number"))
        << value;
  }
  EXPECT_THAT(Usage({"tasks", "list", "--page-size", "-1"}).message,
              HasSubstr("--page-size"));
  EXPECT_THAT(Usage({"tasks", "list", "--page-size", "3000000000"}).message,
              HasSubstr("--page-size"));
  EXPECT_THAT(Usage({"sites", "list", "--timeout", "0"}).message,
              HasSubstr("--timeout: must be at least 1"));
  EXPECT_THAT(Usage({"sites", "list", "--timeout", "ten"}).message,
              HasSubstr("not a whole number"));
}

TEST_F(CasectlArgsTest, BadChoicesAndTimesAreUsageErrors) {
  EXPECT_THAT(Usage({"tasks", "list", "--for", "surgeon"}).message,
              HasSubstr("expected one of case_manager, physician"));
  EXPECT_THAT(Usage({"patients", "register", "--name", "A", "--birth-date",
                     "1960-01-02", "--sex", "f"})
                  .message,
              HasSubstr("--sex"));
  EXPECT_THAT(
      Usage({"labs", "record", "--patient", "p1", "--loinc", "751-8", "--value",
             "1", "--unit", "g/L", "--observed-at", "yesterday"})
          .message,
      HasSubstr("RFC 3339"));
}

TEST_F(CasectlArgsTest, OptionWithoutItsValue) {
  EXPECT_THAT(Usage({"sites", "list", "--server"}).message,
              HasSubstr("--server needs a value"));
}

TEST_F(CasectlArgsTest, DefaultsWithoutEnvironment) {
  const GlobalOptions globals =
      ReadGlobalOptions(Run({"sites", "list"}).globals, "");
  EXPECT_EQ(globals.server, "127.0.0.1:7443");
  // Without $HOME, the token stays in the working directory.
  EXPECT_EQ(globals.token_file, ".casehub-token");
  EXPECT_EQ(globals.tls_ca, "");
  EXPECT_FALSE(globals.json);
  EXPECT_EQ(globals.timeout, absl::Seconds(10));
}

TEST_F(CasectlArgsTest, EnvironmentDefaults) {
  env_ = {{"CASEHUB_SERVER", "hub.example:443"},
          {"CASEHUB_TOKEN_FILE", "/run/casehub/token"},
          {"CASEHUB_TLS_CA", "/etc/casehub/ca.pem"}};
  GlobalOptions globals = ReadGlobalOptions(Run({"sites", "list"}).globals, "/home/u");
  EXPECT_EQ(globals.server, "hub.example:443");
  EXPECT_EQ(globals.token_file, "/run/casehub/token");
  EXPECT_EQ(globals.tls_ca, "/etc/casehub/ca.pem");

  // The command line beats the environment; an empty variable counts as unset.
  env_["CASEHUB_TOKEN_FILE"] = "";
  globals = ReadGlobalOptions(Run({"sites", "list", "--server", "other:1"}).globals, "/home/u");
  EXPECT_EQ(globals.server, "other:1");
  EXPECT_EQ(globals.token_file, "/home/u/.config/casehub/token");
}

TEST_F(CasectlArgsTest, BadEnvironmentValueNamesTheVariable) {
  env_ = {{"CASEHUB_TIMEOUT", "soon"}};
  EXPECT_THAT(Usage({"sites", "list"}).message, HasSubstr("CASEHUB_TIMEOUT"));
}

TEST_F(CasectlArgsTest, HelpForACommandMentionsEachOption) {
  for (const CommandSpec* command : casectl_.spec().commands) {
    std::vector<std::string> args = command->words;
    args.push_back("--help");
    const std::string help = Help(args);
    for (const OptionSpec& option : command->options) {
      EXPECT_THAT(help, HasSubstr("--" + option.name)) << args[0] << args[1];
    }
    for (const OptionSpec& option : casectl_.spec().global_options) {
      EXPECT_THAT(help, HasSubstr("--" + option.name)) << args[0] << args[1];
    }
  }
}

TEST_F(CasectlArgsTest, HelpShowsRequiredOptionsAndDefaults) {
  const std::string help = Help({"patients", "register", "-h"});
  EXPECT_THAT(help, HasSubstr("Usage: casectl patients register --name NAME "
                              "--birth-date YYYY-MM-DD --sex female|male|other "
                              "[options]"));
  EXPECT_THAT(help, MatchesRegex("(.|\n)*--name NAME +Full name[^\n]*"
                                 "\\(required\\)(.|\n)*"));
  EXPECT_THAT(help, MatchesRegex("(.|\n)*--phone PHONE +[^\n(]*\n(.|\n)*"));
  EXPECT_THAT(help, HasSubstr("(env CASEHUB_SERVER; default 127.0.0.1:7443)"));
  EXPECT_THAT(help, HasSubstr("--token-file FILE"));
  EXPECT_THAT(help, HasSubstr("(env CASEHUB_TOKEN_FILE)"));
  EXPECT_THAT(help, Not(HasSubstr("--expected-version")));

  const std::string list_help = Help({"tasks", "list", "--help"});
  EXPECT_THAT(list_help, HasSubstr("--at SITE"));
  EXPECT_THAT(list_help, HasSubstr("--for ROLE"));
}

TEST_F(CasectlArgsTest, HelpWinsOverErrorsAndFollowsTheWords) {
  EXPECT_EQ(Help({"patients", "register", "--value", "x", "--help"}),
            Help({"help", "patients", "register"}));
  EXPECT_EQ(Help({"--help", "cases", "stage"}), Help({"cases", "stage", "-h"}));
  EXPECT_THAT(Help({"cases", "--help"}), HasSubstr("cases stage ID"));
  EXPECT_THAT(Help({"cases", "--help"}), Not(HasSubstr("patients get")));
}

TEST_F(CasectlArgsTest, TopLevelHelpListsEveryCommand) {
  const std::string help = Help({"--help"});
  EXPECT_EQ(help, Help({"help"}));
  for (const CommandSpec* command : casectl_.spec().commands) {
    EXPECT_THAT(help, HasSubstr(command->summary));
  }
  EXPECT_THAT(help, HasSubstr("patients get ID"));
}

TEST_F(CasectlArgsTest, AlertListAndStepOptions) {
  const Invocation list = Run({"alerts", "list", "--at", "county-b",
                               "--page-size", "5", "--page-token", "t2"});
  EXPECT_EQ(list.command, IndexOf({"alerts", "list"}));
  EXPECT_EQ(list.options.Text("at"), "county-b");
  EXPECT_EQ(list.options.Integer("page-size"), 5);
  EXPECT_EQ(list.options.Text("page-token"), "t2");

  const Invocation ack = Run({"alerts", "ack", "P1-a5", "--note",
                              "ANC 0.4 read back", "--expected-version", "7"});
  EXPECT_EQ(ack.command, IndexOf({"alerts", "ack"}));
  EXPECT_EQ(ack.arguments, std::vector<std::string>{"P1-a5"});
  EXPECT_EQ(ack.options.Text("note"), "ANC 0.4 read back");
  EXPECT_EQ(RequestMetaFromOptions(ack.options).expected_version(), 7u);

  const Invocation close = Run(
      {"alerts", "close", "P1-a5", "--note=resolved", "--request-id", "r9"});
  EXPECT_EQ(close.command, IndexOf({"alerts", "close"}));
  EXPECT_EQ(close.options.Text("note"), "resolved");
  EXPECT_EQ(RequestMetaFromOptions(close.options).request_id(), "r9");

  EXPECT_THAT(Usage({"alerts", "ack"}).message,
              HasSubstr("missing argument ID"));
  EXPECT_THAT(
      Usage({"alerts", "close", "P1-a5", "--intervention", "x"}).message,
      HasSubstr("unknown option --intervention"));
}

TEST_F(CasectlArgsTest, AlertInterventionIsRequired) {
  const UsageError error = Usage({"alerts", "intervene", "P1-a5"});
  EXPECT_EQ(error.message, "missing required option --intervention");
  EXPECT_EQ(error.help_command, "casectl alerts intervene --help");
  EXPECT_THAT(Usage({"alerts", "intervene", "P1-a5", "--intervention"}).message,
              HasSubstr("--intervention needs a value"));

  const Invocation invocation =
      Run({"alerts", "intervene", "P1-a5", "--intervention", "G-CSF ordered"});
  EXPECT_EQ(invocation.command, IndexOf({"alerts", "intervene"}));
  EXPECT_EQ(invocation.options.Text("intervention"), "G-CSF ordered");
  EXPECT_THAT(Help({"alerts", "intervene", "--help"}),
              HasSubstr("Usage: casectl alerts intervene ID --intervention "
                        "TEXT [options]"));
}

TEST_F(CasectlArgsTest, AlertWatchOptions) {
  const Invocation invocation = Run(
      {"alerts", "watch", "--at", "county-b", "--after", "42", "--count", "3"});
  EXPECT_EQ(invocation.command, IndexOf({"alerts", "watch"}));
  EXPECT_EQ(invocation.options.Text("at"), "county-b");
  EXPECT_EQ(invocation.options.Text("after"), "42");
  EXPECT_EQ(invocation.options.Integer("count"), 3);

  // Without them: the caller's site, from now on, until interrupted.
  const Invocation unbounded =
      Run({"alerts", "watch", "--json"});
  EXPECT_FALSE(unbounded.options.Has("at"));
  EXPECT_FALSE(unbounded.options.Has("after"));
  EXPECT_FALSE(unbounded.options.Has("count"));
  EXPECT_TRUE(ReadGlobalOptions(unbounded.globals, "").json);
}

TEST_F(CasectlArgsTest, AlertWatchCountIsAPositiveNumber) {
  for (const std::string count : {"0", "-1"}) {
    EXPECT_THAT(Usage({"alerts", "watch", "--count", count}).message,
                HasSubstr("for --count: must be at least 1"))
        << count;
  }
  for (const std::string count : {"three", "2.5", ""}) {
    EXPECT_THAT(Usage({"alerts", "watch", "--count", count}).message,
                HasSubstr("for --count: not a whole number"))
        << count;
  }
  EXPECT_EQ(Run({"alerts", "watch", "--count=1"}).options.Integer("count"), 1);
}

TEST_F(CasectlArgsTest, ChemoAssessKeepsEveryFactorInOrder) {
  const Invocation invocation =
      Run({"chemo", "assess", "--case", "P1-c1", "--cycle", "2", "--regimen",
           "breast.tac", "--factor", "age_gt_65_full_dose", "--no-factor",
           "prior_fn", "--factor=open_wound", "--no-factor", "anc_low",
           "--request-id", "r1", "--expected-version", "9"});
  EXPECT_EQ(invocation.command, IndexOf({"chemo", "assess"}));
  EXPECT_EQ(invocation.options.Text("case"), "P1-c1");
  EXPECT_EQ(invocation.options.Integer("cycle"), 2);
  EXPECT_EQ(invocation.options.Text("regimen"), "breast.tac");
  EXPECT_EQ(invocation.options.Texts("factor"),
            (std::vector<std::string>{"age_gt_65_full_dose", "open_wound"}));
  EXPECT_EQ(invocation.options.Texts("no-factor"),
            (std::vector<std::string>{"prior_fn", "anc_low"}));
  const v1::RequestMeta meta = RequestMetaFromOptions(invocation.options);
  EXPECT_EQ(meta.request_id(), "r1");
  EXPECT_EQ(meta.expected_version(), 9u);

  const Invocation unanswered =
      Run({"chemo", "assess", "--case", "P1-c1", "--cycle", "1", "--regimen",
           "breast.tac"});
  EXPECT_FALSE(unanswered.options.Has("factor"));
  EXPECT_TRUE(unanswered.options.Texts("no-factor").empty());
  EXPECT_THAT(Usage({"chemo", "assess", "--case", "P1-c1", "--cycle", "1",
                     "--regimen", "breast.tac", "--factor"})
                  .message,
              HasSubstr("--factor needs a value"));
}

TEST_F(CasectlArgsTest, AnOptionNotRepeatableKeepsTheLastValue) {
  const Invocation invocation =
      Run({"chemo", "start", "--case", "P1-c1", "--cycle", "1", "--regimen",
           "breast.tac", "--regimen", "breast.ddac_t", "--cycle", "3"});
  EXPECT_EQ(invocation.options.Texts("regimen"),
            std::vector<std::string>{"breast.ddac_t"});
  EXPECT_EQ(invocation.options.Integer("cycle"), 3);
}

TEST_F(CasectlArgsTest, ChemoCommandsAndTheirRequiredOptions) {
  EXPECT_EQ(Usage({"chemo"}).message,
            "'chemo' needs a subcommand: assess, consent, start, fever, gcsf");
  EXPECT_EQ(Usage({"chemo", "assess", "--factor", "prior_fn"}).message,
            "missing required options --case, --cycle, --regimen");
  EXPECT_EQ(Usage({"chemo", "consent", "--case", "P1-c1"}).message,
            "missing required option --cycle");
  EXPECT_EQ(Usage({"chemo", "start", "--cycle", "1"}).message,
            "missing required options --case, --regimen");

  const Invocation consent = Run({"chemo", "consent", "--case", "P1-c1",
                                  "--cycle", "1", "--document", "scan-0042"});
  EXPECT_EQ(consent.command, IndexOf({"chemo", "consent"}));
  EXPECT_EQ(consent.options.Text("document"), "scan-0042");
  EXPECT_THAT(Usage({"chemo", "consent", "--case", "P1-c1", "--cycle", "1",
                     "--regimen", "breast.tac"})
                  .message,
              HasSubstr("unknown option --regimen"));

  const Invocation start = Run({"chemo", "start", "--case", "P1-c1", "--cycle",
                                "1", "--regimen", "breast.tac"});
  EXPECT_EQ(start.command, IndexOf({"chemo", "start"}));
  EXPECT_FALSE(start.options.Has("document"));
  EXPECT_THAT(Usage({"chemo", "start", "--case", "P1-c1", "--cycle", "1",
                     "--regimen", "breast.tac", "--factor", "prior_fn"})
                  .message,
              HasSubstr("unknown option --factor"));
}

TEST_F(CasectlArgsTest, ChemoCycleIsAPositiveWholeNumber) {
  const std::vector<std::vector<std::string>> commands = {
      {"chemo", "assess", "--case", "P1-c1", "--regimen", "breast.tac"},
      {"chemo", "consent", "--case", "P1-c1"},
      {"chemo", "start", "--case", "P1-c1", "--regimen", "breast.tac"}};
  for (const std::vector<std::string>& command : commands) {
    const auto with_cycle = [&command](const std::string& cycle) {
      std::vector<std::string> args = command;
      args.insert(args.end(), {"--cycle", cycle});
      return args;
    };
    for (const std::string cycle : {"0", "-1", "4294967296"}) {
      EXPECT_THAT(Usage(with_cycle(cycle)).message,
                  HasSubstr("for --cycle: must be from 1 to 4294967295"))
          << command[1] << " " << cycle;
    }
    for (const std::string cycle : {"one", "1.5", ""}) {
      EXPECT_THAT(Usage(with_cycle(cycle)).message,
                  HasSubstr("for --cycle: not a whole number"))
          << command[1] << " " << cycle;
    }
    EXPECT_EQ(Run(with_cycle("4294967295")).options.Integer("cycle"),
              4294967295)
        << command[1];
  }
}

TEST_F(CasectlArgsTest, HelpMarksRepeatableOptions) {
  const std::string help = Help({"chemo", "assess", "--help"});
  EXPECT_THAT(help, HasSubstr("Usage: casectl chemo assess --case ID --cycle N "
                              "--regimen ID [options]"));
  EXPECT_THAT(help, MatchesRegex("(.|\n)*--factor KEY +[^\n]*"
                                 "\\(repeatable\\)\n(.|\n)*"));
  EXPECT_THAT(help, MatchesRegex("(.|\n)*--no-factor KEY +[^\n]*"
                                 "\\(repeatable\\)\n(.|\n)*"));
  EXPECT_THAT(help, MatchesRegex("(.|\n)*--case ID +[^\n]*\\(required\\)\n"
                                 "(.|\n)*"));
}

TEST_F(CasectlArgsTest, ChemoAssessRefusesAFactorAnsweredTwice) {
  const std::vector<std::vector<std::string>> twice = {
      {"--factor", "prior_fn", "--no-factor", "prior_fn"},
      {"--no-factor", "open_wound", "--no-factor", "open_wound"}};
  for (const std::vector<std::string>& answers : twice) {
    // Refused before any call. Should that break, the call fails at once: no
    // hub listens on that socket.
    std::vector<std::string> args = {
        "--server",  "unix:/nonexistent/casehub.sock",
        "chemo",     "assess",
        "--case",    "P1-c1",
        "--cycle",   "1",
        "--regimen", "breast.tac"};
    args.insert(args.end(), answers.begin(), answers.end());
    std::ostringstream out, err;
    EXPECT_EQ(casectl_.Run(args, Env(), out, err), kExitFailure);
    EXPECT_EQ(err.str(),
              absl::StrCat("casectl: INVALID_ARGUMENT: risk factor ",
                           answers[1], " is answered more than once\n"));
    EXPECT_EQ(out.str(), "");
  }
}

TEST_F(CasectlArgsTest, CasesDataTakesTheCaseThenOneOrMoreFacts) {
  const Invocation invocation =
      Run({"cases", "data", "P1-c1", "tnm_t=T2a", "--request-id", "r1",
           "egfr=negative", "--expected-version", "5", "pdl1_tps=60"});
  EXPECT_EQ(invocation.command, IndexOf({"cases", "data"}));
  EXPECT_EQ(invocation.arguments,
            (std::vector<std::string>{"P1-c1", "tnm_t=T2a", "egfr=negative",
                                      "pdl1_tps=60"}));
  const v1::RequestMeta meta = RequestMetaFromOptions(invocation.options);
  EXPECT_EQ(meta.request_id(), "r1");
  EXPECT_EQ(meta.expected_version(), 5u);

  EXPECT_EQ(Usage({"cases", "data"}).message, "missing argument ID");
  EXPECT_EQ(Usage({"cases", "data", "P1-c1"}).message,
            "missing argument KEY=VALUE");
  // Only a command that says so takes more arguments than it names.
  EXPECT_EQ(Usage({"cases", "stage", "P1-c1", "tnm_t=T2a", "--to", "x"})
                .message,
            "unexpected argument 'tnm_t=T2a'");
}

TEST_F(CasectlArgsTest, HelpShowsARepeatedArgument) {
  EXPECT_THAT(Help({"cases", "data", "--help"}),
              HasSubstr("Usage: casectl cases data ID KEY=VALUE "
                        "[KEY=VALUE...] [options]"));
  EXPECT_THAT(Help({"cases", "--help"}),
              HasSubstr("cases data ID KEY=VALUE [KEY=VALUE...]"));
  EXPECT_THAT(Help({"cases", "--help"}), HasSubstr("cases get ID  "));
}

TEST_F(CasectlArgsTest, CaseFactsSplitAtTheFirstEquals) {
  v1::RecordCaseDataRequest request;
  ASSERT_TRUE(AddCaseFacts({"tnm_t=T2a", "treatment_plan=dose=80 mg daily",
                            "treatment_intent="},
                           request)
                  .ok());
  ASSERT_EQ(request.facts_size(), 3);
  EXPECT_EQ(request.facts(0).key(), "tnm_t");
  EXPECT_EQ(request.facts(0).value(), "T2a");
  EXPECT_EQ(request.facts(1).key(), "treatment_plan");
  EXPECT_EQ(request.facts(1).value(), "dose=80 mg daily");
  // An empty value is the hub's to judge against the field.
  EXPECT_EQ(request.facts(2).key(), "treatment_intent");
  EXPECT_EQ(request.facts(2).value(), "");
}

TEST_F(CasectlArgsTest, CaseFactWithoutKeyOrEqualsIsRefusedBeforeAnyCall) {
  for (const std::string fact : {"tnm_t", "=T2a", ""}) {
    // Should the check break, the call fails at once: no hub listens there.
    std::ostringstream out, err;
    EXPECT_EQ(casectl_.Run({"--server", "unix:/nonexistent/casehub.sock",
                            "cases", "data", "P1-c1", "egfr=negative", fact},
                           Env(), out, err),
              kExitFailure);
    EXPECT_EQ(err.str(), absl::StrCat("casectl: INVALID_ARGUMENT: '", fact,
                                      "' is not KEY=VALUE, e.g. tnm_t=T2a\n"));
    EXPECT_EQ(out.str(), "");
  }
}

TEST_F(CasectlArgsTest, ReportItemsOptions) {
  const Invocation invocation =
      Run({"report", "items", "median_relative_dose_intensity", "--from", "2026-01-01",
           "--to", "2026-12-31", "--page-size", "200", "--at", "county-a"});
  EXPECT_EQ(invocation.command, IndexOf({"report", "items"}));
  EXPECT_EQ(invocation.arguments, std::vector<std::string>{"median_relative_dose_intensity"});
  EXPECT_EQ(invocation.options.Integer("page-size"), 200);
  EXPECT_FALSE(invocation.options.Flag("numerator"));
  EXPECT_FALSE(invocation.options.Has("plugin"));

  const Invocation numerator =
      Run({"report", "items", "mdt_rate", "--plugin", "lung", "--numerator", "--from",
           "2026-01-01", "--to", "2026-03-31", "--page-token", "abc"});
  EXPECT_TRUE(numerator.options.Flag("numerator"));
  EXPECT_EQ(numerator.options.Text("plugin"), "lung");
  EXPECT_EQ(numerator.options.Text("page-token"), "abc");

  EXPECT_THAT(Usage({"report", "items", "--from", "2026-01-01", "--to", "2026-03-31"}).message,
              HasSubstr("INDICATOR"));
  EXPECT_THAT(Usage({"report", "items", "fn_incidence", "--from", "2026-01-01", "--to",
                     "2026-03-31", "--items"})
                  .message,
              HasSubstr("unknown option --items"));
}

TEST_F(CasectlArgsTest, ReportIndicatorsOptions) {
  const Invocation invocation =
      Run({"report", "indicators", "--plugin", "lung", "--from", "2026-01-01",
           "--to=2026-12-31", "--tumor-type", "lung", "--items", "--at",
           "county-a"});
  EXPECT_EQ(invocation.command, IndexOf({"report", "indicators"}));
  EXPECT_EQ(invocation.options.Text("plugin"), "lung");
  EXPECT_EQ(invocation.options.Text("from"), "2026-01-01");
  EXPECT_EQ(invocation.options.Text("to"), "2026-12-31");
  EXPECT_EQ(invocation.options.Text("tumor-type"), "lung");
  EXPECT_TRUE(invocation.options.Flag("items"));
  EXPECT_EQ(invocation.options.Text("at"), "county-a");

  const Invocation bare = Run({"report", "indicators", "--plugin", "lung",
                               "--from", "2026-01-01", "--to", "2026-03-31"});
  EXPECT_FALSE(bare.options.Flag("items"));
  EXPECT_FALSE(bare.options.Has("tumor-type"));

  EXPECT_EQ(Usage({"report", "indicators", "--from", "2026-01-01"}).message,
            "missing required options --plugin, --to");
  EXPECT_THAT(Usage({"report", "myelo", "--from", "2026-01-01", "--to",
                     "2026-03-31", "--plugin", "lung"})
                  .message,
              HasSubstr("unknown option --plugin"));
  EXPECT_EQ(Usage({"report"}).message,
            "'report' needs a subcommand: myelo, indicators, items, network");
}

TEST_F(CasectlArgsTest, DoubleDashEndsOptions) {
  const Invocation invocation = Run({"tasks", "complete", "--", "--t1"});
  EXPECT_EQ(invocation.arguments, std::vector<std::string>{"--t1"});
}

TEST_F(CasectlArgsTest, RequestIdIsGivenOrRandom) {
  Invocation invocation = Run({"tasks", "complete", "t1", "--request-id", "r1",
                               "--expected-version", "4"});
  v1::RequestMeta meta = RequestMetaFromOptions(invocation.options);
  EXPECT_EQ(meta.request_id(), "r1");
  EXPECT_EQ(meta.expected_version(), 4u);

  invocation = Run({"tasks", "complete", "t1"});
  meta = RequestMetaFromOptions(invocation.options);
  EXPECT_THAT(meta.request_id(), MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(meta.request_id(),
            RequestMetaFromOptions(invocation.options).request_id());
  EXPECT_EQ(meta.expected_version(), 0u);
}

TEST_F(CasectlArgsTest, ExitCodesWithoutAServer) {
  std::ostringstream out, err;
  EXPECT_EQ(casectl_.Run({"cases", "open", "--patient", "p1"}, Env(), out, err),
            kExitUsage);
  EXPECT_EQ(err.str(),
            "casectl: missing required option --icd10\n"
            "Run 'casectl cases open --help' for usage.\n");
  EXPECT_EQ(out.str(), "");

  std::ostringstream help_out, help_err;
  EXPECT_EQ(casectl_.Run({"help"}, Env(), help_out, help_err), kExitSuccess);
  EXPECT_THAT(help_out.str(), HasSubstr("Usage: casectl"));
  EXPECT_EQ(help_err.str(), "");
}

// gRPC aborts a call whose metadata is not printable ASCII; casectl refuses
// a token file that could not be sent, before calling (found by tests/fuzz
// casectl_args_fuzzer when the caller was still named in options).
TEST_F(CasectlArgsTest, ATokenThatCannotBeMetadataIsRefusedNotSent) {
  const std::string token_file =
      (std::filesystem::temp_directory_path() /
       absl::StrCat("casectl-args-token-", getpid()))
          .string();
  std::ofstream(token_file) << "王磊\n";
  std::ostringstream out, err;
  EXPECT_EQ(casectl_.Run({"--server", "unix:/nonexistent/casehub.sock", "--token-file",
                          token_file, "sites", "list"},
                         Env(), out, err),
            kExitFailure);
  EXPECT_THAT(err.str(), HasSubstr("is damaged; run casectl login again"));
  std::filesystem::remove(token_file);
}

TEST_F(CasectlArgsTest, AuditFiltersByPatientPrincipalAndTime) {
  const Invocation invocation =
      Run({"audit", "--principal", "u7", "--from", "2026-11-02T09:00:00Z", "--to",
           "2026-11-02T10:00:00Z", "--page-size", "20"});
  EXPECT_EQ(invocation.command, IndexOf({"audit"}));
  EXPECT_EQ(invocation.options.Text("principal"), "u7");
  EXPECT_FALSE(invocation.options.Has("patient"));
  EXPECT_EQ(invocation.options.Time("to") - invocation.options.Time("from"), absl::Hours(1));
  EXPECT_EQ(invocation.options.Integer("page-size"), 20);
  const Invocation emergency = Run({"audit", "--emergency"});
  EXPECT_TRUE(emergency.options.Flag("emergency"));
}

}  // namespace
}  // namespace casehub::casectl
