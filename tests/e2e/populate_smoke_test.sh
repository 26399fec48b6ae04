#!/usr/bin/env bash
# Smoke test of casehub-populate: 200 synthetic patients written through the
# engine into a temporary data directory in two overlapping parts, which casehub then verifies
# against its event log and serves, with their chemotherapy in the reports. Timings are not checked: they depend on
# the machine.
#   populate_smoke_test.sh CASEHUB CASECTL CASEHUB_POPULATE CONFIG
set -euo pipefail

casehub=$1
casectl=$2
populate=$3
config=$4
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
logs+=("$work/populate.out" "$work/populate.err" "$work/verify.out")

# In two parts that overlap, as a run interrupted and resumed: the patients
# the first part wrote are skipped by the second, so the directory holds 200.
"$populate" --config "$config" --data_dir "$work/data" --patients 120 --seed 7 --threads 2 \
  >"$work/populate.out" 2>"$work/populate.err" || fail "casehub-populate exited non-zero"
grep -q '^patients 120, events [1-9]' "$work/populate.out" || fail "no summary of 120 patients"
"$populate" --config "$config" --data_dir "$work/data" --first_patient 100 --patients 100 --seed 7 \
  --threads 2 --compact >"$work/populate.out" 2>"$work/populate.err" \
  || fail "casehub-populate of the second part exited non-zero"
grep -q '^patients 100 to 199, 20 of them written before and skipped' "$work/populate.out" \
  || fail "the second part did not skip the first's patients: $(cat "$work/populate.out")"

"$casehub" --config "$config" --data-dir "$work/data" --verify >"$work/verify.out" 2>&1 \
  || fail "verify failed"
grep -q '^patients 200, .*problems 0$' "$work/verify.out" || fail "verify found problems"

add_e2e_principal "$config" "$work/data"
start_hub "$config" "$work/data"
listed=$("${ctl[@]}" patients list) || fail "casectl patients list failed"
# A header and at least one patient of the hub site.
[[ $(grep -c '^p' <<<"$listed") -ge 1 ]] || fail "no patients listed: $listed"
# The histories' chemotherapy shows in the site's indicators: G-CSF given
# for high-risk regimens, and fevers at the nadir.
report=$("${ctl[@]}" report myelo --from 2023-10-01 --to 2026-10-01) || fail "casectl report myelo failed"
grep -qE '^Primary prophylaxis rate, high-risk regimens +[1-9]' <<<"$report" \
  || fail "no prophylaxis in the report: $report"
grep -qE '^FN incidence +[1-9]' <<<"$report" || fail "no febrile neutropenia in the report: $report"

stop_hub
echo "populate smoke: ok"
