#!/usr/bin/env bash
# Runs the Indexed Job in indexed-job.yaml with the model started before and stopped after
# (also when the job fails or this script is interrupted): `rekfilter model run` stops what it
# started. A pod retried by Kubernetes skips what it already wrote.
#
#   REKFILTER_MODEL=arn:… examples/kubernetes/run.sh [MANIFEST]
set -euo pipefail
manifest=${1:-$(dirname "$0")/indexed-job.yaml}
: "${REKFILTER_MODEL:?set REKFILTER_MODEL to the model version ARN}"

rekfilter model run -- bash -c '
  set -euo pipefail
  kubectl delete job rekfilter-batch --ignore-not-found >/dev/null
  kubectl apply -f "$1" >&2
  while :; do
    conditions=$(kubectl get job rekfilter-batch -o "jsonpath={.status.conditions[?(@.status==\"True\")].type}")
    case " $conditions " in
      *" Complete "*) echo "the job is complete" >&2; exit 0 ;;
      *" Failed "*) echo "the job failed: kubectl describe job rekfilter-batch" >&2; exit 1 ;;
    esac
    sleep "${POLL_SECONDS:-30}"
  done' run "$manifest"
