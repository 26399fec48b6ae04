// patients register, patients get, patients list.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/event_summary.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

Table Demographics(const v1::PatientState& state) {
  const v1::Patient& patient = state.patient();
  Table table;
  table.AddRow({"Patient", patient.id()});
  table.AddRow({"Name", patient.name()});
  table.AddRow({"Sex", EnumWord(patient.sex())});
  table.AddRow({"Born", patient.birth_date()});
  table.AddRow({"Phone", patient.phone()});
  table.AddRow({"MRN", patient.medical_record_number()});
  table.AddRow({"Site", patient.registering_site_id()});
  if (!patient.merged_into().empty()) table.AddRow({"Merged into", patient.merged_into()});
  table.AddRow({"Version", absl::StrCat(state.version())});
  // What the nurses see at the bedside ("doctors and nurses in sync").
  if (state.management_grade().level() > 0) {
    const v1::ManagementGrade& grade = state.management_grade();
    table.AddRow({"Management", absl::StrCat("level ", grade.level(), ": ",
                                             grade.bedside_label(), "; ", grade.nursing_level())});
  }
  return table;
}

// Links this record holds and those others hold to it.
Table LinkTable(const v1::PatientView& view) {
  Table table({"RECORD", "MODE", "SINCE", "BY", "REASON"});
  for (const v1::PatientLink& link : view.state().links()) {
    table.AddRow({link.other_patient_id(),
                  link.mode() == v1::LINK_MODE_MERGE ? "this record merged into it" : "linked",
                  FormatTime(link.linked_at()), link.linked_by(), link.reason()});
  }
  for (const v1::PatientLink& link : view.linked_from()) {
    table.AddRow({link.patient_id(),
                  link.mode() == v1::LINK_MODE_MERGE ? "merged into this record" : "linked",
                  FormatTime(link.linked_at()), link.linked_by(), link.reason()});
  }
  return table;
}

Table TaskTable(const v1::PatientState& state) {
  Table table({"ID", "DUE", "ROLE", "TITLE", "STATUS"});
  for (const v1::Task& task : state.tasks()) {
    table.AddRow({task.id(), TaskDue(task),
                  EnumWord(task.assignee_role()), task.title(),
                  TaskState(task)});
  }
  return table;
}

Table AlertTable(const v1::PatientState& state) {
  Table table({"ID", "RAISED", "KIND", "STATUS", "MESSAGE", "ACK BY"});
  for (const v1::Alert& alert : state.alerts()) {
    table.AddRow({alert.id(), FormatTime(alert.raised_at()), alert.kind(),
                  AlertState(alert), alert.message(),
                  FormatTime(alert.acknowledge_by())});
  }
  return table;
}

Table ChemoTable(const v1::PatientState& state) {
  Table table({"CYCLE", "REGIMEN", "STARTED", "WORST ANC GRADE"});
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    table.AddRow({absl::StrCat(cycle.cycle_number()), cycle.regimen_id(),
                  FormatTime(cycle.started_at()),
                  GradeWord(cycle.worst_anc_grade())});
  }
  return table;
}

Table FnRiskTable(const v1::PatientState& state) {
  Table table({"CYCLE", "REGIMEN", "RISK", "RECOMMENDATION", "ASSESSED"});
  for (const v1::FnRiskAssessment& assessment : state.fn_risk_assessments()) {
    table.AddRow({absl::StrCat(assessment.cycle_number()),
                  assessment.regimen_id(), EnumWord(assessment.overall_risk()),
                  RecommendationWords(assessment.recommendation()),
                  FormatTime(assessment.assessed_at())});
  }
  return table;
}

Table Timeline(const v1::PatientView& view) {
  Table table({"SEQ", "TIME", "WHAT", "BY"});
  for (const v1::Event& event : view.timeline()) {
    table.AddRow({absl::StrCat(event.seq()), FormatTime(event.recorded_at()),
                  SummarizeEvent(event), EventAuthor(event)});
  }
  return table;
}

absl::Status RegisterPatient(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::RegisterPatientRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(options);
  v1::Patient& patient = *request.mutable_patient();
  patient.set_name(options.Text("name"));
  patient.set_birth_date(options.Text("birth-date"));
  patient.set_sex(ParseEnumWord<v1::Sex>(options.Text("sex")));
  patient.set_phone(options.Text("phone"));
  patient.set_medical_record_number(options.Text("mrn"));
  request.set_national_id(options.Text("national-id"));
  return CallAndShow(
      context, &v1::PatientService::Stub::RegisterPatient, request,
      [](const v1::PatientView& view, std::ostream& out) {
        out << "Registered patient " << view.state().patient().id() << "\n\n";
        Demographics(view.state()).Print(out);
      });
}

absl::Status GetPatient(const CommandContext& context) {
  v1::GetPatientRequest request;
  request.set_patient_id(context.arguments[0]);
  request.set_include_timeline(!context.options.Flag("no-timeline"));
  request.set_timeline_after_seq(static_cast<uint64_t>(context.options.Integer("after-seq")));
  request.set_timeline_limit(static_cast<int32_t>(context.options.Integer("limit")));
  if (!request.include_timeline() &&
      (request.timeline_after_seq() != 0 || request.timeline_limit() != 0)) {
    return absl::InvalidArgumentError(
        "--after-seq and --limit choose a part of the timeline; leave out --no-timeline");
  }
  return CallAndShow(
      context, &v1::PatientService::Stub::GetPatient, request,
      [&request](const v1::PatientView& view, std::ostream& out) {
        Demographics(view.state()).Print(out);
        PrintSection(out, "CASES", CaseTable(view.state().cases()));
        // Only patients on chemotherapy have these: no empty sections for
        // the others.
        if (view.state().chemo_cycles_size() > 0) {
          PrintSection(out, "CHEMO", ChemoTable(view.state()));
        }
        if (view.state().fn_risk_assessments_size() > 0) {
          PrintSection(out, "FN RISK", FnRiskTable(view.state()));
        }
        if (view.state().links_size() + view.linked_from_size() > 0) {
          PrintSection(out, "SAME PERSON", LinkTable(view));
        }
        if (view.state().referrals_size() > 0) {
          PrintSection(out, "REFERRALS", ReferralTable(view.state().referrals()));
        }
        PrintSection(out, "TASKS", TaskTable(view.state()));
        // Most patients never have one: no empty section for them.
        if (view.state().alerts_size() > 0) {
          PrintSection(out, "ALERTS", AlertTable(view.state()));
        }
        if (request.include_timeline()) {
          PrintSection(out, "TIMELINE", Timeline(view));
          // A part of a longer history: say how to read on.
          const uint64_t last_shown = view.timeline_size() > 0
                                          ? view.timeline(view.timeline_size() - 1).seq()
                                          : request.timeline_after_seq();
          if (last_shown < view.state().version()) {
            out << "\nMore events: --after-seq " << last_shown << " (the latest is "
                << view.state().version() << ")\n";
          }
        }
      });
}

absl::Status ListPatients(const CommandContext& context) {
  v1::ListPatientsRequest request;
  request.set_site_id(context.options.Text("at"));
  SetPage(context.options, request);
  return CallAndShow(
      context, &v1::PatientService::Stub::ListPatients, request,
      [](const v1::ListPatientsResponse& response, std::ostream& out) {
        Table table({"ID", "NAME", "SEX", "BORN", "MRN", "SITE"});
        for (const v1::Patient& patient : response.patients()) {
          table.AddRow({patient.id(), patient.name(), EnumWord(patient.sex()),
                        patient.birth_date(), patient.medical_record_number(),
                        patient.registering_site_id()});
        }
        table.Print(out);
        PrintNextPage(response.next_page_token(), out);
      });
}

absl::Status BreakGlass(const CommandContext& context) {
  v1::BreakGlassRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_patient_id(context.arguments[0]);
  request.set_reason(context.options.Text("reason"));
  return CallAndShow(context, &v1::PatientService::Stub::BreakGlass, request,
                     [](const v1::EmergencyAccess& access, std::ostream& out) {
                       out << "Emergency access to this patient until "
                           << FormatTime(access.expires_at())
                           << ". Every call is flagged for the patient's sites to review.\n";
                     });
}

}  // namespace

std::vector<Command> PatientCommands() {
  return {
      {.spec = {.words = {"patients", "register"},
                .summary = "Register a new patient",
                .options = WithWriteOptions(
                    {{.name = "name",
                      .value_name = "NAME",
                      .help = "Full name as written on the ID card",
                      .required = true},
                     {.name = "birth-date",
                      .value_name = "YYYY-MM-DD",
                      .help = "Date of birth",
                      .required = true},
                     {.name = "sex",
                      .help = "Sex",
                      .required = true,
                      .choices = EnumWords<v1::Sex>()},
                     {.name = "phone",
                      .value_name = "PHONE",
                      .help = "Phone number"},
                     {.name = "mrn",
                      .value_name = "MRN",
                      .help = "Medical record number at the registering site"},
                     {.name = "national-id",
                      .value_name = "ID",
                      .help = "Resident identity card number (18 characters); only its salted "
                              "hash is kept, for finding the same person at other sites"}},
                    VersionCheck::kNotApplicable)},
       .run = RegisterPatient},
      {.spec = {.words = {"patients", "get"},
                .arguments = {"ID"},
                .summary = "Show a patient with cases, chemotherapy, tasks, "
                           "alerts and timeline",
                .options = {{.name = "no-timeline",
                             .kind = ValueKind::kFlag,
                             .help = "Leave out the timeline of events"},
                            {.name = "after-seq",
                             .kind = ValueKind::kInteger,
                             .value_name = "SEQ",
                             .help = "Only the events after this one (a long history, a part "
                                     "at a time)"},
                            {.name = "limit",
                             .kind = ValueKind::kInteger,
                             .value_name = "N",
                             .help = "At most N events (1..1000; default: all)",
                             .max = 1000}}},
       .run = GetPatient},
      {.spec = {.words = {"patients", "list"},
                .summary = "List the patients a site answers for (it owns or shares one of "
                           "their cases, or registered them)",
                .options = WithPageOptions(
                    {{.name = "at",
                      .value_name = "SITE",
                      .help = "The site (default: yours); a collaborator your hub supervises "
                              "shows the patients its agreements cover"}})},
       .run = ListPatients},
      {.spec = {.words = {"patients", "break-glass"},
                .arguments = {"ID"},
                .summary = "Emergency access to a patient outside your site's reach; the "
                           "reason goes on the patient's timeline",
                .options = WithWriteOptions({{.name = "reason",
                                              .value_name = "TEXT",
                                              .help = "Why, for the reviewers (10-500 characters)",
                                              .required = true}},
                                            VersionCheck::kNotApplicable)},
       .run = BreakGlass},
  };
}

}  // namespace casehub::casectl
