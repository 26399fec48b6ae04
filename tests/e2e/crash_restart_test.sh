#!/usr/bin/env bash
# End-to-end test: every write casectl saw acknowledged (one by one, or a
# file of lab results in a batch) survives a SIGKILL of
# casehub, a retried write is not applied twice, the store verifies, and
# SIGTERM shuts down cleanly.
#   crash_restart_test.sh CASEHUB CASECTL CONFIG
set -euo pipefail

casehub=$1
casectl=$2
config=$3
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# SIGKILL, then a new hub on the same data directory.
crash_and_restart() {
  kill -9 "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
  start_hub "$config" "$work/data"
}

start_hub "$config" "$work/data"
"${ctl[@]}" sites list | grep -q "qs-county" || fail "sites list lacks the demo county hospital"

patient=$("${ctl[@]}" --json patients register --name 赵敏 --birth-date 1969-05-04 --sex female \
  --request-id e2e-register-1 | json_field id)
[[ $patient =~ ^p[0-9a-z]{12}$ ]] || fail "register returned no patient id: '$patient'"

case_id=$("${ctl[@]}" --json cases open --patient "$patient" --icd10 C34.1 \
  --request-id e2e-case-1 | json_field id)
[[ $case_id == "$patient-c2" ]] || fail "unexpected case id '$case_id'"

"${ctl[@]}" labs record --patient "$patient" --case "$case_id" --loinc 751-8 --value 0.6 \
  --unit '10*9/L' --request-id e2e-lab-1 >/dev/null
"${ctl[@]}" tasks list | grep -q "$patient-t3" || fail "the staging task is not on the worklist"
# ANC 0.6 is a critical value (below 1.0): its alert was stored with it.
"${ctl[@]}" alerts list | grep -q "$patient-a6" || fail "the critical ANC raised no alert"
"${ctl[@]}" alerts ack "$patient-a6" --note "read back" --request-id e2e-ack-1 >/dev/null

# An unclaimed diagnosis fails clearly and writes nothing.
if "${ctl[@]}" cases open --patient "$patient" --icd10 C18.7 2>"$work/err"; then
  fail "a colorectal case opened with no plugin for it"
fi
grep -q "FAILED_PRECONDITION" "$work/err" || fail "unclaimed diagnosis: $(cat "$work/err")"

# Crash right after the acknowledgements, with what a verify killed with
# the hub leaves in the data directory: its scratch store, which the next
# start removes.
mkdir "$work/data/verify-scratch.e2e"
echo "a scratch store's file" >"$work/data/verify-scratch.e2e/000004.sst"
crash_and_restart
[[ ! -e $work/data/verify-scratch.e2e ]] || fail "a verify's scratch store outlived the restart"

timeline=$("${ctl[@]}" patients get "$patient")
grep -q "case opened C34.1 (lung)" <<<"$timeline" || fail "case lost after SIGKILL"
grep -q "lab 751-8 = 0.6" <<<"$timeline" || fail "lab result lost after SIGKILL"
grep -q "Complete staging" <<<"$timeline" || fail "derived task lost after SIGKILL"
grep -q "graded G3" <<<"$timeline" || fail "the ANC grade was lost after SIGKILL"
grep -q "alert $patient-a6 acknowledged" <<<"$timeline" || fail "the acknowledgement was lost"

# A watcher that resumes from the beginning gets the alert's whole history.
history=$("${ctl[@]}" alerts watch --after 0 --count 2)
grep -q "acknowledged" <<<"$history" || fail "alerts watch did not replay the acknowledgement: $history"

# Retrying the acknowledged registration (as a client that never saw the
# reply would) returns the same patient and adds nothing.
again=$("${ctl[@]}" --json patients register --name 赵敏 --birth-date 1969-05-04 --sex female \
  --request-id e2e-register-1 | json_field id)
[[ $again == "$patient" ]] || fail "retried registration made a new patient '$again'"
version=$("${ctl[@]}" --json patients get "$patient" --no-timeline | grep -o '"version":"[0-9]*"' | cut -d'"' -f4)
[[ $version == 8 ]] || fail "expected version 8 after the retry, got '$version'"
# The timeline a part at a time, as for a long history.
first=$("${ctl[@]}" patients get "$patient" --limit 3)
grep -q "case opened C34.1 (lung)" <<<"$first" || fail "the first part lacks the case: $first"
grep -q "lab 751-8" <<<"$first" && fail "the first part goes past its limit: $first"
grep -q "More events: --after-seq 3 (the latest is 8)" <<<"$first" || fail "no way on: $first"
rest=$("${ctl[@]}" patients get "$patient" --after-seq 3 --limit 10)
grep -q "lab 751-8 = 0.6" <<<"$rest" || fail "the rest lacks the lab result: $rest"
grep -q "case opened" <<<"$rest" && fail "the rest repeats the first part: $rest"
grep -q "More events" <<<"$rest" && fail "the rest is not the end: $rest"

# A laboratory's file: two results and a mistyped one. The good ones are
# recorded and survive a crash; the bad one is named by its line; importing
# the file again records nothing twice.
cat >"$work/labs.csv" <<EOF
patient,loinc,value,unit,observed_at,case
$patient,751-8,1.4,10*9/L,$(date -u -d '-2 hours' +%FT%TZ),$case_id
$patient,751-8,-1,10*9/L,$(date -u -d '-1 hours' +%FT%TZ),$case_id
$patient,718-7,118,g/L,$(date -u -d '-1 hours' +%FT%TZ),
EOF
if "${ctl[@]}" labs import --file "$work/labs.csv" >"$work/import.out" 2>"$work/import.err"; then
  fail "an import with a refused line succeeded"
fi
grep -q "recorded 2 of 3 results" "$work/import.out" || fail "import: $(cat "$work/import.out")"
grep -qE "^3 +$patient +result.value: must be" "$work/import.out" \
  || fail "the refused line is not named: $(cat "$work/import.out")"
crash_and_restart
timeline=$("${ctl[@]}" patients get "$patient")
grep -q "lab 751-8 = 1.4" <<<"$timeline" || fail "an imported result was lost after SIGKILL"
grep -q "lab 718-7 = 118" <<<"$timeline" || fail "an imported result was lost after SIGKILL"
imported=$("${ctl[@]}" --json patients get "$patient" --no-timeline | grep -o '"version":"[0-9]*"')
"${ctl[@]}" labs import --file "$work/labs.csv" >"$work/import.out" 2>/dev/null || true
grep -q "recorded 2 of 3 results" "$work/import.out" || fail "import again: $(cat "$work/import.out")"
[[ $("${ctl[@]}" --json patients get "$patient" --no-timeline | grep -o '"version":"[0-9]*"') == "$imported" ]] \
  || fail "importing the file again wrote again"

"${ctl[@]}" admin verify >/dev/null || fail "verify found problems after the crash"

# A clean stop on SIGTERM.
stop_hub
grep -q "stopped cleanly" "$work/server.log" || fail "no clean shutdown message"
echo "e2e crash/restart: ok"
