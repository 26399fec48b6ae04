#!/usr/bin/env bash
# Runs one libFuzzer target for ctest:
#   run_fuzzer.sh SCRATCH FUZZER [LIBFUZZER ARGS...]
# SCRATCH is made afresh and holds everything the run writes: new inputs
# (SCRATCH/new, when the arguments name it), crash artifacts and temporary
# files (the targets' scratch stores go to TMPDIR). It is removed when the run
# passes and kept, with the crashing input, when it fails.
set -euo pipefail

scratch=$1
fuzzer=$2
shift 2
rm -rf "$scratch"
mkdir -p "$scratch/new" "$scratch/tmp"
cd "$scratch"
export TMPDIR=$scratch/tmp

status=0
"$fuzzer" -artifact_prefix="$scratch/" -print_final_stats=1 "$@" || status=$?
if [[ $status -ne 0 ]]; then
  echo "run_fuzzer.sh: $(basename "$fuzzer") failed (status $status); the input is in $scratch" >&2
  ls -l "$scratch" >&2
  exit "$status"
fi
rm -rf "$scratch"
