#include "tests/plugins/tumor_fixture.h"

#include "absl/strings/str_cat.h"
#include "services/engine/ids.h"
#include "services/engine/indicator_items.h"
#include "services/engine/plugin_report.h"

namespace casehub::testing {

absl::Time Months(absl::Time from, int months) {
  const absl::CivilSecond at = absl::ToCivilSecond(from, absl::UTCTimeZone());
  return absl::FromCivil(absl::CivilSecond(at.year(), at.month() + months, at.day(), at.hour(),
                                           at.minute(), at.second()),
                         absl::UTCTimeZone());
}

absl::Time At(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds());
}

TumorPluginFixture::TumorPluginFixture()
    : TumorPluginFixture({"libcasehub_lung.so", "libcasehub_breast.so", "libcasehub_gastric.so",
                          "libcasehub_gynecologic.so"}) {}

TumorPluginFixture::TumorPluginFixture(std::vector<std::string> plugin_files)
    : EngineFixture(std::move(plugin_files)) {}

std::string TumorPluginFixture::NextRequestId() { return absl::StrCat("req-", ++requests_); }

std::string TumorPluginFixture::NewCase(const std::string& icd10) {
  const std::string patient = NewPatient(NextRequestId());
  absl::StatusOr<v1::CommandOutcome> opened =
      engine_->Execute(OpenCase(NextRequestId(), patient, icd10));
  EXPECT_TRUE(opened.ok()) << opened.status();
  return opened.ok() ? opened->entity_id() : "";
}

absl::Status TumorPluginFixture::Record(const std::string& case_id, const FactList& facts) {
  return engine_->Execute(RecordCaseData(NextRequestId(), case_id, facts)).status();
}

absl::Status TumorPluginFixture::Stage(const std::string& case_id, const std::string& to_stage) {
  return engine_->Execute(ChangeStage(NextRequestId(), case_id, to_stage)).status();
}

absl::Status TumorPluginFixture::Complete(const std::string& task_id) {
  return engine_->Execute(CompleteTask(NextRequestId(), task_id)).status();
}

absl::Status TumorPluginFixture::MarkOverdue(const std::string& task_id) {
  v1::Command command = As();
  command.mutable_mark_task_overdue()->mutable_meta()->set_request_id(NextRequestId());
  command.mutable_mark_task_overdue()->set_task_id(task_id);
  return engine_->Execute(command).status();
}

v1::PatientState TumorPluginFixture::StateOf(const std::string& case_id) {
  std::optional<std::string> patient = engine::OwningPatient(case_id, engine::EntityKind::kCase);
  EXPECT_TRUE(patient.has_value()) << case_id;
  absl::StatusOr<v1::PatientState> state = engine_->LoadState(patient.value_or(""));
  EXPECT_TRUE(state.ok()) << state.status();
  return state.ok() ? *state : v1::PatientState();
}

v1::Case TumorPluginFixture::CaseOf(const std::string& case_id) {
  const v1::PatientState state = StateOf(case_id);
  for (const v1::Case& c : state.cases()) {
    if (c.id() == case_id) return c;
  }
  ADD_FAILURE() << "no case " << case_id;
  return v1::Case();
}

v1::CaseFact TumorPluginFixture::FactOf(const v1::Case& c, const std::string& key) {
  for (const v1::CaseFact& fact : c.facts()) {
    if (fact.key() == key) return fact;
  }
  return v1::CaseFact();
}

std::vector<v1::Task> TumorPluginFixture::TasksOf(const std::string& case_id,
                                                  const std::string& kind) {
  std::vector<v1::Task> tasks;
  const v1::PatientState state = StateOf(case_id);
  for (const v1::Task& task : state.tasks()) {
    if (task.case_id() == case_id && task.kind() == kind) tasks.push_back(task);
  }
  return tasks;
}

v1::IndicatorReport TumorPluginFixture::Report(const std::string& plugin_id,
                                               const std::string& from, const std::string& to) {
  v1::IndicatorReportRequest request;
  request.set_plugin_id(plugin_id);
  request.set_site_id(engine::kHub);
  request.set_from_date(from);
  request.set_to_date(to);
  absl::StatusOr<v1::IndicatorReport> counted =
      engine::BuildIndicatorReport(*store_, *plugins_, request);
  request.set_include_items(true);
  absl::StatusOr<v1::IndicatorReport> report =
      engine::BuildIndicatorReport(*store_, *plugins_, request);
  EXPECT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(counted.ok()) << counted.status();
  if (!report.ok() || !counted.ok()) return v1::IndicatorReport();
  // Without items, rates come from the day counters: the same figures.
  for (int i = 0; i < report->indicators_size(); ++i) {
    EXPECT_EQ(counted->indicators(i).numerator(), report->indicators(i).numerator());
    EXPECT_EQ(counted->indicators(i).denominator(), report->indicators(i).denominator());
    EXPECT_EQ(counted->indicators(i).median(), report->indicators(i).median());
  }
  // Each indicator's items, paged through one at a time, are the items the
  // report lists.
  for (const v1::Indicator& indicator : report->indicators()) {
    for (const bool numerator : {true, false}) {
      v1::ListIndicatorItemsRequest page;
      page.set_plugin_id(plugin_id);
      page.set_indicator_id(indicator.id());
      page.set_site_id(engine::kHub);
      page.set_from_date(from);
      page.set_to_date(to);
      page.set_numerator(numerator);
      page.set_page_size(1);
      std::vector<std::string> paged;
      do {
        absl::StatusOr<v1::ListIndicatorItemsResponse> items =
            engine::ListIndicatorItems(*store_, *plugins_, page);
        if (!items.ok()) {
          ADD_FAILURE() << items.status();
          break;
        }
        for (const v1::IndicatorItem& item : items->items()) paged.push_back(item.DebugString());
        page.set_page_token(items->next_page_token());
      } while (!page.page_token().empty());
      std::vector<std::string> listed;
      for (const v1::IndicatorItem& item :
           numerator ? indicator.numerator_items() : indicator.denominator_items()) {
        listed.push_back(item.DebugString());
      }
      EXPECT_EQ(paged, listed) << indicator.id() << (numerator ? " numerator" : " denominator");
    }
  }
  return *report;
}

v1::Indicator TumorPluginFixture::IndicatorIn(const v1::IndicatorReport& report,
                                              const std::string& id) {
  for (const v1::Indicator& indicator : report.indicators()) {
    if (indicator.id() == id) return indicator;
  }
  ADD_FAILURE() << "no indicator " << id << " in the " << report.plugin_id() << " report";
  return v1::Indicator();
}

}  // namespace casehub::testing
