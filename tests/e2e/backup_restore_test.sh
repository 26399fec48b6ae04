#!/usr/bin/env bash
# End-to-end test of backup, restore and a data directory casehub may not
# write: casectl admin backup of a running hub, casehub --restore-from into a
# new directory (which verifies), the restored hub serving the data, and the
# refusals (relative destination, non-empty restore target, read-only data).
#   backup_restore_test.sh CASEHUB CASECTL CONFIG
set -euo pipefail

casehub=$1
casectl=$2
config=$3
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

start_hub "$config" "$work/data"
patient=$("${ctl[@]}" --json patients register --name 孙丽 --birth-date 1971-08-12 --sex female \
  | json_field id)
"${ctl[@]}" labs record --patient "$patient" --loinc 751-8 --value 0.7 --unit '10*9/L' >/dev/null

if "${ctl[@]}" admin backup --to relative/dir 2>"$work/err"; then fail "a relative backup path was accepted"; fi
grep -q INVALID_ARGUMENT "$work/err" || fail "relative destination: $(cat "$work/err")"
"${ctl[@]}" admin backup --to "$work/backup" >/dev/null || fail "backup failed"
if "${ctl[@]}" admin backup --to "$work/backup" 2>"$work/err"; then fail "backup overwrote a backup"; fi
grep -q FAILED_PRECONDITION "$work/err" || fail "existing destination: $(cat "$work/err")"
stop_hub

# Restore verifies the copy; the backup itself is left as it was.
"$casehub" --config "$config" --restore-from "$work/backup" --data-dir "$work/restored" \
  >"$work/restore.out" 2>&1 || fail "restore failed: $(cat "$work/restore.out")"
grep -q "problems 0" "$work/restore.out" || fail "restore did not verify: $(cat "$work/restore.out")"
if "$casehub" --config "$config" --restore-from "$work/backup" --data-dir "$work/restored" \
  2>"$work/err"; then fail "restore overwrote a data directory"; fi
grep -q "not empty" "$work/err" || fail "restore into a used directory: $(cat "$work/err")"
"$casehub" --config "$config" --data-dir "$work/restored" --verify >/dev/null \
  || fail "verify of the restored directory failed"

start_hub "$config" "$work/restored"
"${ctl[@]}" patients get "$patient" | grep -q "lab 751-8 = 0.7" || fail "the lab result was not restored"
stop_hub

# A read-only data directory: refused at start-up, naming it, no crash.
# Root writes anywhere, so run as nobody then.
chmod -R a-w "$work/restored"
as_user=()
[[ $(id -u) == 0 ]] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
status=0
"${as_user[@]}" "$casehub" --config "$config" --data-dir "$work/restored" --listen 127.0.0.1:0 \
  2>"$work/err" || status=$?
[[ $status == 1 ]] || fail "read-only data directory: exit status $status, $(cat "$work/err")"
grep -q "data directory $work/restored is not writable" "$work/err" \
  || fail "read-only data directory: $(cat "$work/err")"
echo "e2e backup/restore: ok"
