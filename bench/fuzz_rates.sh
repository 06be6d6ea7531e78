#!/usr/bin/env bash
# Fuzzing rates (issue 26, item 6): inputs a second of the optimised libFuzzer + ASan build that
# `make fuzz` makes, over the writers and the command line, FUZZ_RATE_SECONDS (20: the first seconds replay the corpus) a target on
# a copy of its corpus. Skipped, with a word, when that build is not there.
set -euo pipefail
OUT=${OUT:-bench/out}
FUZZ=.build-fuzz/release/rekfilter-fuzz
echo
echo "## fuzzing rates, optimised, AddressSanitizer (target ≥ 1,000 inputs/s for formats and cli)"
if [ ! -x "$FUZZ" ]; then
  echo "  skipped: no $FUZZ (make fuzz builds it)"
  exit 0
fi
for target in formats cli cli-parse; do
  corpus="$OUT/fuzz-corpus-$target"
  rm -rf "$corpus" && mkdir -p "$corpus"
  [ -d ".build-fuzz/corpus/$target" ] && cp ".build-fuzz/corpus/$target"/* "$corpus/" 2>/dev/null || true
  [ -d ".build-fuzz/corpus/cli" ] && [ "$target" = cli-parse ] && cp .build-fuzz/corpus/cli/* "$corpus/" 2>/dev/null || true
  runs=$(ASAN_OPTIONS=malloc_context_size=0 REKFILTER_FUZZ_TARGET=$target "$FUZZ" -max_total_time="${FUZZ_RATE_SECONDS:-20}" \
    -max_len=262144 -timeout=10 -print_final_stats=1 -artifact_prefix="$OUT/fuzz-" "$corpus" 2>&1 |
    grep -o 'stat::number_of_executed_units: *[0-9]*' | grep -o '[0-9]*$')
  rate=$((runs / ${FUZZ_RATE_SECONDS:-20}))
  if [ "$target" = cli-parse ]; then
    echo "  $target: $rate inputs/s (ArgumentParser's own parse, and the quick path held to it)"
    python3 -m figures "fuzz $target (inputs/s)" "$rate"
  else
    echo "  $target: $rate inputs/s $([ "$rate" -ge 1000 ] && echo OK || echo UNDER)"
    python3 -m figures "fuzz $target (inputs/s)" "$rate" ">=" 1000
  fi
  rm -rf "$corpus"
done
