// The myelosuppression module: grades every recorded blood count (ANC, WBC,
// platelets, hemoglobin) with CTCAE v5.0 and raises a critical-value alert
// for the responsible site, for every tumor type; before each chemotherapy
// cycle, assesses the FN risk and holds the cycle until an assessment and a
// consent exist; during it, schedules the nadir CBCs, checks fevers against
// the FN definition with MASCC, and keeps the graded management (bedside
// label, nursing level) in step with the risk, and reviews each G-CSF
// prophylaxis dose, putting doubtful ones on the pharmacists' worklist. The
// rules are the
// tables under tables/; the settings override critical values per site, the
// assessment's validity and the regimen catalogue.
#include <optional>
#include <utility>

#include "casehub/plugin.h"
#include "plugins/myelosuppression/escalation_tasks.h"
#include "plugins/myelosuppression/chemo_command_check.h"
#include "plugins/myelosuppression/chemo_rules.h"
#include "plugins/myelosuppression/embedded_tables.h"
#include "plugins/myelosuppression/febrile_episode.h"
#include "plugins/myelosuppression/fn_risk.h"
#include "plugins/myelosuppression/gcsf_prophylaxis.h"
#include "plugins/myelosuppression/lab_reaction.h"
#include "plugins/myelosuppression/lab_result_check.h"
#include "plugins/myelosuppression/management_grade.h"
#include "plugins/myelosuppression/nadir_tasks.h"
#include "plugins/myelosuppression/rule_tables.h"
#include "plugins/myelosuppression/site_policies.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

class MyelosuppressionPlugin final : public sdk::Plugin {
 public:
  v1::PluginDescriptor Describe() const override {
    v1::PluginDescriptor descriptor;
    descriptor.set_id("myelosuppression");
    descriptor.set_version("0.3.0");
    descriptor.set_kind(v1::PLUGIN_KIND_MODULE);
    descriptor.set_display_name("Myelosuppression management");
    return descriptor;
  }

  // The cases of Validate's and React's switches below: a write of another
  // kind (a case's stage, its data, a task) no longer hands this module the
  // patient's state for nothing.
  void DeclareInterests(v1::PluginDescriptor& descriptor) const override {
    for (const char* command : {"record_lab_result", "record_fn_risk_assessment",
                                "start_chemo_cycle", "record_febrile_episode",
                                "record_prophylaxis"}) {
      descriptor.add_validates(command);
    }
    for (const char* event :
         {"lab_result_recorded", "fn_risk_assessment_recorded", "chemo_cycle_started",
          "febrile_episode_recorded", "prophylaxis_recorded", "alert_escalated",
          "alert_acknowledged", "alert_closed", "fn_risk_assessed", "lab_result_graded",
          "febrile_episode_assessed"}) {
      descriptor.add_reacts_to(event);
    }
    // Not the patient's alerts, referrals, links or emergency accesses:
    // an escalation's event carries its alert.
    for (const char* part : {"patient", "cases", "tasks", "fn_risk_assessments", "chemo_consents",
                             "chemo_cycles", "febrile_episodes", "management_grade",
                             "prophylaxis"}) {
      descriptor.add_reads(part);
    }
  }

  // Parses the embedded tables here, once at load, so that a broken table
  // stops the hub instead of failing commands.
  absl::Status Configure(absl::string_view settings) override {
    const TableTexts texts = EmbeddedTables();
    ASSIGN_OR_RETURN(RuleTables tables, RuleTables::Parse(texts));
    ASSIGN_OR_RETURN(SitePolicies sites, SitePolicies::Parse(settings, tables));
    ASSIGN_OR_RETURN(ChemoRules chemo, ChemoRules::Parse(texts, settings, tables));
    rules_.emplace(Rules{std::move(tables), std::move(sites), std::move(chemo)});
    return absl::OkStatus();
  }

  absl::Status Validate(const v1::Command& command, const v1::PatientState& state,
                        absl::Time now) const override {
    switch (command.body_case()) {
      case v1::Command::kRecordLabResult: {
        const v1::LabResult& result = command.record_lab_result().result();
        const AnalyteRules* analyte = rules().tables.FindByLoinc(result.code().code());
        if (analyte == nullptr) return absl::OkStatus();
        return CheckLabResult(analyte->analyte, result);
      }
      case v1::Command::kRecordFnRiskAssessment:
        return CheckFnRiskAssessment(rules().chemo, command.record_fn_risk_assessment(), state);
      case v1::Command::kStartChemoCycle:
        return CheckCycleStart(rules().chemo, command.start_chemo_cycle(), state, now);
      case v1::Command::kRecordFebrileEpisode:
        return CheckFebrileEpisode(rules().chemo, command.record_febrile_episode(), state);
      case v1::Command::kRecordProphylaxis:
        return CheckProphylaxis(rules().chemo.gcsf(), command.record_prophylaxis(), state);
      default:
        return absl::OkStatus();
    }
  }

  std::vector<v1::Event> React(const v1::Event& event,
                               const v1::PatientState& state) const override {
    switch (event.body_case()) {
      case v1::Event::kLabResultRecorded:
        return ReactToLabResult(rules().tables, rules().sites, rules().chemo, event, state);
      case v1::Event::kFnRiskAssessmentRecorded:
        return Assess(event.fn_risk_assessment_recorded().assessment(), state);
      case v1::Event::kChemoCycleStarted:
        return NadirCbcTasks(rules().chemo, event.chemo_cycle_started().cycle(), state);
      case v1::Event::kFebrileEpisodeRecorded: {
        std::vector<v1::Event> derived(1);
        *derived[0].mutable_febrile_episode_assessed() = AssessFebrileEpisode(
            rules().chemo.febrile(), event.febrile_episode_recorded().episode(), state);
        return derived;
      }
      case v1::Event::kProphylaxisRecorded:
        return ReviewProphylaxis(rules().chemo.gcsf(), event, state);
      case v1::Event::kAlertEscalated:
      case v1::Event::kAlertAcknowledged:
      case v1::Event::kAlertClosed:
        return EscalationTaskEvents(event, state);
      // Derived by this module; each may change the graded management. A
      // management_grade_set is never reacted to, so no loop arises.
      case v1::Event::kFnRiskAssessed:
      case v1::Event::kLabResultGraded:
      case v1::Event::kFebrileEpisodeAssessed:
        return ManagementGradeEvents(rules().chemo.management(), event, state);
      default:
        return {};
    }
  }

 private:
  struct Rules {
    RuleTables tables;
    SitePolicies sites;
    ChemoRules chemo;
  };

  // The fn_risk_assessed event for a recorded assessment; none when its
  // regimen is not in the catalogue (Validate refuses that before it is
  // recorded).
  std::vector<v1::Event> Assess(const v1::FnRiskAssessment& assessment,
                                const v1::PatientState& state) const {
    const ChemoRules& chemo = rules().chemo;
    const Regimen* regimen = chemo.regimens().Find(assessment.regimen_id());
    if (regimen == nullptr) return {};
    std::vector<v1::Event> derived(1);
    *derived[0].mutable_fn_risk_assessed() =
        AssessFnRisk(chemo.risk_factors(), *regimen, assessment, state);
    return derived;
  }

  // The hub configures a plugin before any other call (plugin.h). Were it
  // not so, value() throws and the SDK reports the call as failed.
  const Rules& rules() const { return rules_.value(); }

  std::optional<Rules> rules_;
};

}  // namespace
}  // namespace casehub::myelosuppression

CASEHUB_PLUGIN(casehub::myelosuppression::MyelosuppressionPlugin)
