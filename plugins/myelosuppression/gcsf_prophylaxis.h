// G-CSF prophylaxis (clinical-rules.md §2.4 "Dosing and timing", §7 "G-CSF
// and related drugs"): the drugs and label rules of tables/gcsf_drugs
// .textproto, what a recorded dose must look like, and the module's review
// of it, which puts doubtful doses on the pharmacists' worklist.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "plugins/myelosuppression/myelosuppression_tables.pb.h"

namespace casehub::myelosuppression {

// Every pharmacist review task has this kind.
inline constexpr char kGcsfReviewTaskKind[] = "myelo.gcsf_review";

class GcsfRules {
 public:
  // Parses and checks gcsf_drugs.textproto: INVALID_ARGUMENT naming the file
  // and the field ("gcsf_drugs.textproto: drug[1].form: is required",
  // "... form[0].dose[1].min: must be 5.4 (label_dose 6 - 10%), got 5").
  static absl::StatusOr<GcsfRules> Parse(absl::string_view text);

  // The drug recorded as `name` (its generic name or an alias, ignoring
  // ASCII case), or nullptr.
  const GcsfDrug* FindDrug(absl::string_view name) const;
  // The label rules of `form`; every form a drug has has them.
  const GcsfFormRules& Form(GcsfForm form) const;
  // "filgrastim, lenograstim, ...": the generic names, in table order.
  std::string DrugNames() const;
  const GcsfTable& table() const { return table_; }

 private:
  GcsfTable table_;
};

// Validate of record_prophylaxis, in this order: INVALID_ARGUMENT "drug: 'x'
// is not a G-CSF for prophylaxis (known: filgrastim, ...)", "dose: must be a
// number > 0, got 0", "dose_unit: 'mL' is not a dose unit (accepted: mg, ug,
// ug/kg)", "hours_after_chemo_end: must be a number >= 0, got -1"; NOT_FOUND
// "case_id: case X not found"; FAILED_PRECONDITION "cycle 2 of case X has
// not started" unless state holds a started cycle of that case and number.
absl::Status CheckProphylaxis(const GcsfRules& rules, const v1::RecordProphylaxisRequest& request,
                              const v1::PatientState& state);

// To prophylaxis_recorded: one prophylaxis_reviewed (the administration's
// id) with a reason per finding, citing its table row: a dose outside the
// label window of its form and unit (or in a unit the form has no label
// dose in), a first dose of the form in the cycle outside the timing window
// (a later short-acting dose: before min_hours), more long-acting doses in
// the cycle than doses_per_cycle, both forms in the same cycle of the case,
// and use in a cycle whose latest assessment recommends no prophylaxis.
// With a finding, needs_pharmacist_review, and a task_created for
// ROLE_PHARMACIST of the case's owning site, kind myelo.gcsf_review, due at
// the event's recorded_at + review_due_hours. Other doses already in
// `state.prophylaxis` (not this one, by id) count; nothing else.
std::vector<v1::Event> ReviewProphylaxis(const GcsfRules& rules, const v1::Event& event,
                                         const v1::PatientState& state);

}  // namespace casehub::myelosuppression
