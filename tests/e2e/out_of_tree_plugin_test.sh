#!/usr/bin/env bash
# End-to-end test of the plugin SDK as an outside author uses it: install
# this build, scaffold a colorectal plugin with tools/new-plugin, build it
# against the installed package alone, load it next to lung in the real hub,
# and drive a colorectal case with casectl. Then check that the hub refuses
# to start with a file that is not a plugin or speaks another ABI.
#   out_of_tree_plugin_test.sh SOURCE_DIR BUILD_DIR CASEHUB CASECTL LUNG_PLUGIN
#                              WRONG_ABI_PLUGIN NOT_A_PLUGIN
set -euo pipefail

source_dir=$1
build_dir=$2
casehub=$3
casectl=$4
lung=$5
wrong_abi=$6
not_a_plugin=$7
source "$(dirname "${BASH_SOURCE[0]}")/harness.sh"
log=$work/log
logs+=("$log")

# --- The SDK, installed and used from outside the tree ---

cmake --install "$build_dir" --prefix "$work/prefix" >>"$log" 2>&1 || fail "cmake --install failed"
"$source_dir/tools/new-plugin" colorectal --icd10 C18..C20 --dir "$work/colorectal" >>"$log" 2>&1 ||
  fail "tools/new-plugin failed"
if "$source_dir/tools/new-plugin" colorectal --dir "$work/colorectal" >>"$log" 2>&1; then
  fail "tools/new-plugin overwrote an existing directory"
fi
# Debug compiles fastest; the test needs no optimization.
cmake -S "$work/colorectal" -B "$work/colorectal/build" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_PREFIX_PATH="$work/prefix" >>"$log" 2>&1 || fail "configuring the plugin failed"
cmake --build "$work/colorectal/build" -j2 >>"$log" 2>&1 || fail "building the plugin failed"
colorectal=$work/colorectal/build/libcasehub_colorectal.so
[[ -f $colorectal ]] || fail "the build made no $colorectal"
# Only the entry point is exported (hidden visibility).
exported=$(nm -D --defined-only "$colorectal" | awk '$2 == "T" { print $3 }')
[[ $exported == casehub_plugin_entry ]] || fail "exported functions: $exported"
ctest --test-dir "$work/colorectal/build" >>"$log" 2>&1 || fail "the scaffolded plugin's own test failed"

# --- Loaded next to lung in the real hub ---

write_config() {  # write_config FILE PLUGIN...
  local file=$1
  shift
  {
    for plugin in "$@"; do echo "plugins { file: \"$plugin\" }"; done
    echo 'sites { id: "jc-hub" name: "Test hub" kind: SITE_KIND_HUB_HOSPITAL }'
  } >"$file"
}

write_config "$work/hub.textproto" "$lung" "$colorectal"
start_hub "$work/hub.textproto" "$work/data"

plugins=$("${ctl[@]}" plugins list)
grep -q "colorectal" <<<"$plugins" || fail "plugins list lacks colorectal: $plugins"
grep -q "C18" <<<"$plugins" || fail "plugins list lacks colorectal's claim: $plugins"

patient=$("${ctl[@]}" --json patients register --name 王磊 --birth-date 1958-09-12 --sex male |
  json_field id)
[[ -n $patient ]] || fail "register returned no patient id"
opened=$("${ctl[@]}" --json cases open --patient "$patient" --icd10 C18.7)
case_id=$(json_field id <<<"$opened")
[[ $(json_field tumor_type <<<"$opened") == colorectal ]] ||
  fail "C18.7 was not routed to colorectal: $opened"

# diagnosis -> staging requires diagnosis_date and histology (the pathway's
# declared requirement, enforced by the hub).
if "${ctl[@]}" cases stage "$case_id" --to staging 2>"$work/err"; then
  fail "the case moved to staging with nothing recorded"
fi
grep -q "FAILED_PRECONDITION" "$work/err" && grep -q "histology" "$work/err" ||
  fail "staging without data: $(cat "$work/err")"
"${ctl[@]}" cases data "$case_id" diagnosis_date=2026-01-05 histology=adenocarcinoma \
  >>"$log" 2>&1 || fail "recording the diagnosis data failed"
staged=$("${ctl[@]}" --json cases stage "$case_id" --to staging) ||
  fail "diagnosis -> staging refused with the data recorded"
[[ $(json_field stage <<<"$staged") == staging ]] || fail "the case is not in staging: $staged"

# staging -> mdt requires the TNM fields and ECOG, none recorded yet.
if "${ctl[@]}" cases stage "$case_id" --to mdt 2>"$work/err"; then
  fail "the case moved to mdt without its stage"
fi
grep -q "FAILED_PRECONDITION" "$work/err" && grep -q "tnm_t" "$work/err" ||
  fail "mdt without staging: $(cat "$work/err")"
# Nor may it skip the pathway.
if "${ctl[@]}" cases stage "$case_id" --to follow_up 2>"$work/err"; then
  fail "the case moved from staging straight to follow_up"
fi
grep -q "FAILED_PRECONDITION" "$work/err" && grep -q "does not allow" "$work/err" ||
  fail "staging -> follow_up: $(cat "$work/err")"

stop_hub

# --- Files the hub must refuse, naming why ---

# expect_refused PLUGIN: casehub must exit with 1 ("cannot start"); its log
# is left in $work/refused.log.
expect_refused() {
  write_config "$work/refused.textproto" "$1"
  local rc=0
  timeout 20 "$casehub" --config "$work/refused.textproto" --data-dir "$work/refused-data" \
    --listen 127.0.0.1:0 >"$work/refused.log" 2>&1 || rc=$?
  [[ $rc == 1 ]] || fail "casehub with $1 exited with $rc: $(cat "$work/refused.log")"
}
expect_refused "$wrong_abi"
grep -q "ABI version 999" "$work/refused.log" && grep -qw "ABI version 1" "$work/refused.log" ||
  fail "wrong ABI, the versions are not named: $(cat "$work/refused.log")"
expect_refused "$not_a_plugin"
grep -q "is not a casehub plugin" "$work/refused.log" ||
  fail "not a plugin: $(cat "$work/refused.log")"

echo "e2e out-of-tree plugin: ok"
