#!/usr/bin/env bash
# `make test`'s stages after the builds: every test against the release binary, then a short
# fuzzing pass (8 s a target, a debug build) and the package, checked. The tests wait on
# processes and servers about half the time (199 s of wall time, 1.1 cores busy of 2), so the
# fuzzing binary and the package are built beside them, below their priority, and only the
# fuzzing itself and the package's check come after.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
: "${REKFILTER_BIN:?the release binary the end-to-end tests run}"
export FUZZ_SECONDS=${FUZZ_SECONDS:-8} FUZZ_CONFIG=${FUZZ_CONFIG:-debug}
mkdir -p .build-fuzz
beside() {
  scripts/timed.sh "fuzz build" scripts/fuzz.sh --build-only
  RELEASE_BUILT=1 scripts/timed.sh "deb build" scripts/deb.sh > .build-fuzz/deb-path
}
# Its own process group (setsid), so that all of it can be stopped at once.
setsid nice -n 10 bash -c "$(declare -f beside); beside" > .build-fuzz/beside.log 2>&1 &
helper=$!
# Whatever happens to the tests, the builds beside them are not left running.
trap 'kill -- -$helper 2>/dev/null || true' EXIT
REKFILTER_BIN=$REKFILTER_BIN scripts/timed.sh tests "$SWIFT" test --skip-build
if ! wait "$helper"; then
  cat .build-fuzz/beside.log >&2
  echo "test: the fuzzing binary or the package did not build (above)" >&2
  exit 1
fi
trap - EXIT
grep '^time:' .build-fuzz/beside.log | sed 's/$/ (beside the tests)/' >&2
scripts/timed.sh fuzz scripts/fuzz.sh
scripts/timed.sh deb scripts/test-deb.sh "$(cat .build-fuzz/deb-path)"
