#include "plugins/myelosuppression/lab_reaction.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "plugins/myelosuppression/critical_values.h"
#include "plugins/myelosuppression/grading.h"
#include "plugins/myelosuppression/nadir_tasks.h"
#include "plugins/myelosuppression/number_format.h"
#include "plugins/myelosuppression/responsible_site.h"

namespace casehub::myelosuppression {
namespace {

using google::protobuf::util::TimeUtil;

v1::Event CriticalAlert(const Analyte& analyte, double value, const CriticalFinding& critical,
                        const Responsibility& responsible, const CriticalValuePolicy& policy,
                        const google::protobuf::Timestamp& recorded_at) {
  const int decimals = analyte.display_decimals();
  v1::Event event;
  v1::Alert& alert = *event.mutable_alert_raised()->mutable_alert();
  alert.set_case_id(responsible.case_id);
  alert.set_site_id(responsible.site_id);
  alert.set_kind(absl::StrCat("myelo.critical_", analyte.id()));
  alert.set_message(absl::StrCat("Critical value: ", analyte.symbol(), " ",
                                 FormatNumber(value, decimals), " ", analyte.canonical_unit(),
                                 " (", critical.side, " ", FormatNumber(critical.limit, decimals),
                                 ")"));
  *alert.mutable_acknowledge_by() =
      recorded_at + TimeUtil::MinutesToDuration(policy.acknowledge_within_minutes());
  alert.set_escalate_to_role(policy.escalate_to());
  return event;
}

}  // namespace

std::vector<v1::Event> ReactToLabResult(const RuleTables& tables, const SitePolicies& sites,
                                        const ChemoRules& chemo, const v1::Event& event,
                                        const v1::PatientState& state) {
  const v1::LabResult& result = event.lab_result_recorded().result();
  const AnalyteRules* rules = tables.FindByLoinc(result.code().code());
  if (rules == nullptr) return {};
  absl::StatusOr<v1::LabResultGraded> graded = GradeLabResult(tables, *rules, result);
  // A unit the analyte does not know: Validate refuses it before it is
  // recorded; should one arrive anyway, it stays ungraded rather than
  // failing the write.
  if (!graded.ok()) return {};
  graded->set_lab_event_seq(event.seq());

  std::vector<v1::Event> derived(1);
  const double value = graded->value();
  *derived[0].mutable_lab_result_graded() = *std::move(graded);
  const Responsibility responsible = ResponsibleFor(result, state);
  const CriticalValuePolicy& policy = sites.ForSite(responsible.site_id);
  if (std::optional<CriticalFinding> critical = FindCritical(policy, rules->analyte.id(), value)) {
    derived.push_back(
        CriticalAlert(rules->analyte, value, *critical, responsible, policy, event.recorded_at()));
  }
  if (std::optional<v1::Event> completed =
          CompleteNadirCbcTask(chemo, rules->analyte.id(), result, state)) {
    derived.push_back(*std::move(completed));
  }
  return derived;
}

}  // namespace casehub::myelosuppression
