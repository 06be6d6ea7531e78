#!/usr/bin/env bash
# `make test`'s stages after the builds: every test against the release binary, then a short
# fuzzing pass (8 s a target, a debug build) and the package, checked. Most tests wait on a
# process or a server, holding one of the threads Swift Testing runs a process's tests on (as
# many as cores): one test process kept 1.1 of 2 cores busy (199 s). So the end-to-end tests run
# in two processes at once, after the others (below) — each process with its own servers and
# scratch folders; and beside them, below their priority, the fuzzing binary and the package are
# built and the short fuzzing pass run, with only the package's check after them.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
: "${REKFILTER_BIN:?the release binary the end-to-end tests run}"
export FUZZ_SECONDS=${FUZZ_SECONDS:-8} FUZZ_CONFIG=${FUZZ_CONFIG:-debug}
mkdir -p .build-fuzz
beside() {
  scripts/timed.sh "fuzz build" scripts/fuzz.sh --build-only
  RELEASE_BUILT=1 scripts/timed.sh "deb build" scripts/deb.sh > .build-fuzz/deb-path
  # Each target fuzzes for a set time: below the tests' priority it runs as long, on what
  # the tests leave of the cores.
  scripts/timed.sh fuzz scripts/fuzz.sh
}
# Its own process group (setsid), so that all of it can be stopped at once.
setsid nice -n 10 bash -c "$(declare -f beside); beside" > .build-fuzz/beside.log 2>&1 &
helper=$!
# Whatever happens to the tests, the builds beside them are not left running.
trap 'kill -- -$helper 2>/dev/null || true' EXIT
# The test bundle run straight (`swift test` would hold SwiftPM's lock on .build for each run):
# PARTS of the test bundle (`$bundle`, found by `tests`) at once, each its own process, each's
# output whole as it ends.
parts() {
  local pids=() logs=() failed=0 i pid status
  for i in $(seq "$#"); do
    logs[i]=$(mktemp)
    # shellcheck disable=SC2086  # each part is several words
    NO_COLOR=1 "$bundle" --testing-library swift-testing ${!i} > "${logs[i]}" 2>&1 &
    pids[i]=$!
  done
  for _ in $(seq "$#"); do
    status=0
    wait -n -p pid "${pids[@]}" || status=$?
    for i in "${!pids[@]}"; do
      [ "${pids[i]}" = "$pid" ] || continue
      echo "## tests: ${!i}"
      cat "${logs[i]}"
      rm -f "${logs[i]}"
      [ "$status" = 0 ] || { echo "tests: ${!i} failed (status $status)" >&2; failed=1; }
      unset 'pids[i]'  # waited for: the next `wait -n` is given only those still running
    done
  done
  return "$failed"
}
# The unit and integration tests first, alone (some time a client against a server's rate, and
# want cores to spare); then the end-to-end tests in two halves at once.
tests() {
  local failed=0 bundle
  bundle="$("$SWIFT" build --show-bin-path)/rekfilterPackageTests.xctest"
  parts "--skip EndToEndTests" || failed=1
  parts "--filter EndToEndTests\.[A-M]" "--filter EndToEndTests --skip EndToEndTests\.[A-M]" || failed=1
  return "$failed"
}
REKFILTER_BIN=$REKFILTER_BIN scripts/timed.sh tests bash -c "$(declare -f parts tests); SWIFT=$SWIFT tests"
if ! wait "$helper"; then
  cat .build-fuzz/beside.log >&2
  echo "test: the fuzzing binary or the package did not build, or fuzzing found a crash (above)" >&2
  exit 1
fi
trap - EXIT
grep '^fuzz:' .build-fuzz/beside.log || true
grep '^time:' .build-fuzz/beside.log | sed 's/$/ (beside the tests)/' >&2
scripts/timed.sh deb scripts/test-deb.sh "$(cat .build-fuzz/deb-path)"
