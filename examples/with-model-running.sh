#!/usr/bin/env bash
# Any job with the model running only while the job runs: starts the model if it is stopped
# (and waits until it is RUNNING), runs the job with REKFILTER_MODEL set, then stops the model —
# also when the job fails or is interrupted (Ctrl-C, SIGTERM from ECS or Batch). A model that
# was already running is left running. The exit status is the job's.
#   REKFILTER_MODEL=arn:... examples/with-model-running.sh examples/annotate-directory.sh photos/ boxed/
#   REKFILTER_MODEL=arn:... examples/with-model-running.sh examples/annotate-video.sh in.mp4 out.mp4
set -euo pipefail
exec rekfilter model run -- "$@"
