#!/usr/bin/env bash
# Runs a command and says on stderr how long it took: `make test` names each stage's share.
#   scripts/timed.sh STAGE COMMAND [ARG...]
stage=$1; shift
start=$EPOCHREALTIME
"$@"; status=$?
awk -v s="$start" -v e="$EPOCHREALTIME" -v n="$stage" 'BEGIN { printf "time: %-14s %6.1f s\n", n, e - s }' >&2
exit $status
