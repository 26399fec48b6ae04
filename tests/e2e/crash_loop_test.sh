#!/usr/bin/env bash
# End-to-end test, the short version of the crash-safety harness: the real
# casehub under four retrying clients is SIGKILLed 6 times at random moments
# (and sometimes again while it starts up), restarted on the same data
# directory, and checked after every restart: every acknowledged write is
# there exactly once and in the audit trail, no retry was applied twice,
# AdminService.Verify finds no problem; at the end SIGTERM exits 0 and `casehub --verify` passes.
# The long run is documented in docs/operations.md.
#   crash_loop_test.sh CASEHUB CASEHUB_CRASHLOOP CONFIG
set -euo pipefail

casehub=$1
crashloop=$2
config=$3
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
logs=("$work/out" "$work/casehub.log")

# A fixed seed keeps the kill moments and the write mix repeatable.
"$crashloop" --casehub "$casehub" --config "$config" --work_dir "$work" \
  --kills 6 --seed 20261125 --min_run_ms 200 --max_run_ms 1200 >"$work/out" 2>&1 ||
  fail "the crash loop found problems"
grep -q "^problems: 0$" "$work/out" || fail "no clean summary"
grep -q "kills: 6 while serving" "$work/out" || fail "casehub was not killed 6 times"
grep -q "found exactly once, [1-9][0-9]* in the audit trail" "$work/out" ||
  fail "the audit trail was not checked"
grep -q "SIGTERM: exit 0; offline verify: ok" "$work/out" || fail "the final stop or verify is missing"
cat "$work/out"
echo "e2e crash loop: ok"
