#!/usr/bin/env bash
# Smoke test of casehub-bench and casehub-soak: a short run against a real casehub on a free
# port and a temporary data directory, every phase and operation present,
# calls made and none failed. Timings are not checked: they depend on the
# machine.
#   bench_smoke_test.sh CASEHUB CASEHUB_BENCH CASEHUB_SOAK CONFIG
set -euo pipefail

casehub=$1
bench=$2
soak=$3
config=$4
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
logs+=("$work/phases.err" "$work/bench.json" "$work/bench.err" "$work/soak.out" "$work/soak.err")

# A misspelt phase is refused before anything runs, naming the phases.
if "$bench" --server 127.0.0.1:1 --phases mix,ingset >/dev/null 2>"$work/phases.err"; then
  fail "casehub-bench ran with an unknown phase"
fi
grep -q "unknown phase 'ingset'; the phases are mix, ingest" "$work/phases.err" \
  || fail "unknown phase: $(cat "$work/phases.err")"

start_hub "$config" "$work/data"

# Eight phases of a second each and the alert probe beside the ingest;
# every operation weighted alike, so a caller's first nine calls are one of
# each (the mix is a weighted round robin) even on a slow sanitized build.
"$bench" --server "127.0.0.1:$port" --user e2e --password_file "$password_file" \
  --concurrency 2 --duration 1s \
  --mix register_patient=1,record_lab_result=1,record_lab_results=1,start_cycle=1,list_worklist=1,list_alerts=1,get_timeline=1,myelo_report=1,alert_loop=1 \
  --batch_size 20 \
  --scratch_dir "$work" --json >"$work/bench.json" 2>"$work/bench.err" \
  || fail "casehub-bench exited non-zero"

json=$(cat "$work/bench.json")
for phase in mix ingest alert batch echo durable_echo rocksdb rocksdb_batch handoff; do
  grep -q "\"phase\":\"$phase\"" <<<"$json" || fail "no $phase phase"
done
for operation in register_patient record_lab_result record_lab_results start_cycle list_worklist \
                 list_alerts get_timeline myelo_report alert_loop critical_ingest alert_after_ack alert_after_send echo \
                 durable_echo synced_put synced_batch handoff; do
  grep -q "\"operation\":\"$operation\",\"calls\":[1-9]" <<<"$json" \
    || fail "$operation made no successful call"
done
if grep -q '"calls":0,' <<<"$json"; then fail "an operation made no successful call"; fi
if grep -q '"errors":[1-9]' <<<"$json"; then fail "calls failed"; fi
grep -q '"ingest_over_echo":[0-9]' <<<"$json" || fail "no ingest / echo ratio"
grep -q '"ingest_over_durable_echo":[0-9]' <<<"$json" || fail "no ingest / durable echo ratio"
grep -q '"durable_echo_over_echo":[0-9]' <<<"$json" || fail "no durable echo / echo ratio"
grep -q '"ingest_over_rocksdb":[0-9]' <<<"$json" || fail "no ingest / raw rocksdb ratio"
grep -q '"batch_over_rocksdb_batch":[0-9]' <<<"$json" || fail "no batch / raw rocksdb batch ratio"

# The durable echo in casehub's shape too: a worker per call.
"$bench" --server "127.0.0.1:$port" --user e2e --password_file "$password_file" \
  --concurrency 2 --duration 0.5s --phases durable_echo --durable_echo_workers 2 \
  --scratch_dir "$work" --json >"$work/workers.json" 2>"$work/workers.err" \
  || fail "casehub-bench durable_echo with workers exited non-zero"
grep -q '"operation":"durable_echo","calls":[1-9][0-9]*,"errors":0' "$work/workers.json" \
  || fail "durable_echo with workers: $(cat "$work/workers.json" "$work/workers.err")"

# Completing tasks from the worklist, one caller (two could pick the same
# task, and the second would rightly be refused). The site's few tasks run
# out within the run; the calls after that count as errors.
"$bench" --server "127.0.0.1:$port" --user e2e --password_file "$password_file" \
  --concurrency 1 --duration 0.5s --phases mix --mix complete_task=1 --json \
  >"$work/complete.json" 2>"$work/complete.err" || fail "casehub-bench complete_task exited non-zero"
grep -q '"operation":"complete_task","calls":[1-9]' "$work/complete.json" \
  || fail "complete_task: $(cat "$work/complete.json" "$work/complete.err")"

# The soak, in seconds instead of half an hour: a probe, then a paced run
# that prints a line per interval with the server's resident memory.
"$soak" --server "127.0.0.1:$port" --user e2e --password_file "$password_file" \
  --server_pid "$server_pid" --concurrency 2 --probe 1s \
  --duration 2s --every 0.5s >"$work/soak.out" 2>"$work/soak.err" || fail "casehub-soak failed"
grep -q "^capacity [0-9]* calls/s" "$work/soak.out" || fail "the soak measured no capacity"
grep -q "start_cycle p99" "$work/soak.out" || fail "the soak's default mix starts no cycle"
grep -q "alert_loop p99" "$work/soak.out" || fail "the soak's default mix closes no alert"
# minute, calls/s, p50, p99, a p99 per operation the header names, errors
# (0), RSS.
operations=$(grep -m1 '^ *minute' "$work/soak.out" | grep -oE '[a-z_]+ p99' | wc -l)
((operations > 0)) || fail "the soak's header names no operation"
intervals=$(grep -cE "^ +[0-9.]+( +[0-9.]+){$((operations + 3))} +0 +[0-9.]+\$" "$work/soak.out" || true)
[[ $intervals -ge 3 ]] || fail "expected at least 3 interval lines with RSS and no errors, got $intervals"
grep -q "^soak: .* 0 errors" "$work/soak.out" || fail "the soak's calls failed"

stop_hub
echo "bench smoke: ok"
