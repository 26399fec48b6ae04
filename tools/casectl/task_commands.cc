// tasks list, tasks complete: a site's worklist.
#include "absl/status/status.h"
#include "casehub/v1/task.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

absl::Status ListWorklist(const CommandContext& context) {
  v1::ListWorklistRequest request;
  request.set_site_id(context.options.Text("at"));
  request.set_role(ParseEnumWord<v1::Role>(context.options.Text("for")));
  SetPage(context.options, request);
  return CallAndShow(
      context, &v1::TaskService::Stub::ListWorklist, request,
      [](const v1::ListWorklistResponse& response, std::ostream& out) {
        Table table(
            {"ID", "DUE", "ROLE", "PATIENT", "CASE", "TITLE", "OVERDUE"});
        for (const v1::Task& task : response.tasks()) {
          table.AddRow({task.id(), TaskDue(task),
                        EnumWord(task.assignee_role()), task.patient_id(),
                        task.case_id(), task.title(),
                        task.overdue() ? "yes" : ""});
        }
        table.Print(out);
        PrintNextPage(response.next_page_token(), out);
      });
}

absl::Status CompleteTask(const CommandContext& context) {
  v1::CompleteTaskRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_task_id(context.arguments[0]);
  request.set_note(context.options.Text("note"));
  return CallAndShow(
      context, &v1::TaskService::Stub::CompleteTask, request,
      [](const v1::Task& task, std::ostream& out) {
        Table table;
        table.AddRow({"Task", task.id()});
        table.AddRow({"Title", task.title()});
        table.AddRow({"Status", TaskState(task)});
        table.AddRow({"Completed", FormatTime(task.completed_at())});
        table.AddRow({"Note", task.completion_note()});
        table.Print(out);
      });
}

}  // namespace

std::vector<Command> TaskCommands() {
  return {
      {.spec = {.words = {"tasks", "list"},
                .summary = "Show a site's worklist of open tasks, earliest due "
                           "first",
                .options = WithPageOptions(
                    {{.name = "at",
                      .value_name = "SITE",
                      .help = "Site of the worklist (default: the caller's "
                              "site)"},
                     {.name = "for",
                      .value_name = "ROLE",
                      .help =
                          "Only tasks for this role; all roles when omitted",
                      .choices = EnumWords<v1::Role>()}})},
       .run = ListWorklist},
      {.spec = {.words = {"tasks", "complete"},
                .arguments = {"ID"},
                .summary = "Complete a task",
                .options = WithWriteOptions({{.name = "note",
                                              .value_name = "TEXT",
                                              .help = "What was done"}},
                                            VersionCheck::kOptional)},
       .run = CompleteTask},
  };
}

}  // namespace casehub::casectl
