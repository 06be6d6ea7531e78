#!/usr/bin/env bash
# Runs `rekfilter batch` as an AWS Batch array job of SHARDS children, with the model started
# before and stopped after (it bills by the hour) — also when the job fails or this script is
# interrupted: `rekfilter model run` stops what it started.
#
#   examples/aws-batch/submit.sh QUEUE SOURCE DEST [SHARDS]
#
# Needs the job definition registered once (aws batch register-job-definition --cli-input-json
# file://examples/aws-batch/job-definition.json), the container built from the Dockerfile and
# pushed, REKFILTER_MODEL set, and the AWS CLI. Each child runs `rekfilter batch SOURCE --out DEST
# --shards SHARDS` and takes its shard from AWS_BATCH_JOB_ARRAY_INDEX, which AWS Batch sets; a
# child retried by AWS Batch skips what it already wrote.
set -euo pipefail
queue=$1 source=$2 dest=$3 shards=${4:-8}
: "${REKFILTER_MODEL:?set REKFILTER_MODEL to the model version ARN}"

rekfilter model run -- bash -c '
  set -euo pipefail
  job=$(aws batch submit-job --job-name rekfilter-batch --job-queue "$1" --job-definition rekfilter-batch \
          --array-properties "size=$4" --parameters "source=$2,dest=$3,shards=$4" --query jobId --output text)
  echo "submitted array job $job ($4 shards)" >&2
  while :; do
    status=$(aws batch describe-jobs --jobs "$job" --query "jobs[0].status" --output text)
    case $status in
      SUCCEEDED) echo "job $job succeeded" >&2; exit 0 ;;
      FAILED) echo "job $job failed: see its children in the console" >&2; exit 1 ;;
    esac
    sleep "${POLL_SECONDS:-30}"
  done' submit "$queue" "$source" "$dest" "$shards"
