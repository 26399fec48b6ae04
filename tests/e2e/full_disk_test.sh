#!/usr/bin/env bash
# End-to-end test of a disk running full. With less free space than
# min_free_disk_bytes the real casehub refuses new writes with
# RESOURCE_EXHAUSTED naming the setting, goes on serving reads, and still
# answers the retry of a write it had done. When a file cannot grow at all
# (a file size limit stands in for a full disk), no acknowledged write is
# lost: restarted with room, casehub holds every one and verifies.
#   full_disk_test.sh CASEHUB CASECTL CONFIG
set -euo pipefail

casehub=$1
casectl=$2
config=$3
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"

# A fixed specimen time, so a retry sends the same body.
record_lab() {  # record_lab REQUEST_ID
  "${ctl[@]}" labs record --patient "$patient" --loinc 751-8 --value 2.5 --unit '10*9/L' \
    --observed-at 2026-11-02T08:00:00Z --request-id "$1"
}
labs_stored() { "${ctl[@]}" patients get "$patient" | grep -c "lab 751-8 = 2.5" || true; }

start_hub "$config" "$work/data"
patient=$("${ctl[@]}" --json patients register --name 周红 --birth-date 1962-02-14 --sex female \
  --request-id full-register | json_field id)
record_lab full-lab-1 >/dev/null
stop_hub

# A reserve larger than any disk: every new write meets a "full" disk.
sed 's/^min_free_disk_bytes: .*/min_free_disk_bytes: 1125899906842624/' "$config" \
  >"$work/nearly-full.textproto"
grep -q "^min_free_disk_bytes: 1125899906842624" "$work/nearly-full.textproto" ||
  fail "the config has no min_free_disk_bytes line to raise"
start_hub "$work/nearly-full.textproto" "$work/data"
if record_lab full-lab-2 2>"$work/err"; then fail "a write was accepted on a full disk"; fi
grep -q "RESOURCE_EXHAUSTED" "$work/err" || fail "full disk: $(cat "$work/err")"
grep -q "min_free_disk_bytes" "$work/err" || fail "the refusal does not name the setting: $(cat "$work/err")"
[[ $(labs_stored) == 1 ]] || fail "reads stopped, or the refused write was stored"
record_lab full-lab-1 >/dev/null || fail "the retry of an acknowledged write was not answered"
stop_hub

# Files that cannot grow past 100 KiB: the write-ahead log fills up after
# some dozens of writes. SIGXFSZ is ignored so a write fails instead.
cat >"$work/limited-casehub" <<LIMITED
#!/usr/bin/env bash
trap '' XFSZ
ulimit -f 100
exec "$casehub" "\$@"
LIMITED
chmod +x "$work/limited-casehub"
real_casehub=$casehub
casehub=$work/limited-casehub
start_hub "$config" "$work/data"
acknowledged=1
for n in $(seq 2 400); do
  record_lab "full-burst-$n" >/dev/null 2>"$work/err" || break
  acknowledged=$((acknowledged + 1))
done
[[ $n -lt 400 ]] || fail "400 writes fitted in a 100 KiB write-ahead log"
echo "the disk filled after $acknowledged acknowledged lab results: $(cat "$work/err")"
kill -9 "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=

casehub=$real_casehub
"$casehub" --config "$config" --data-dir "$work/data" --verify >"$work/verify.out" 2>&1 ||
  fail "verify after the full disk: $(cat "$work/verify.out")"
start_hub "$config" "$work/data"
# Every acknowledged write is there. The write in flight when the disk
# filled was not acknowledged (its answer, or its audit record, did not make
# it) but may have been applied: then its retry is answered from the stored
# outcome and adds nothing.
stored=$(labs_stored)
if [[ $stored == $((acknowledged + 1)) ]]; then
  record_lab "full-burst-$n" >/dev/null || fail "the retry of the write in flight failed"
  [[ $(labs_stored) == "$stored" ]] || fail "the retry of the write in flight was applied twice"
elif [[ $stored != "$acknowledged" ]]; then
  fail "expected $acknowledged lab results after the full disk, found $stored"
fi
record_lab full-after >/dev/null || fail "writes did not resume once there was room"
stop_hub
echo "e2e full disk: ok"
