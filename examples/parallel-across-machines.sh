#!/usr/bin/env bash
# Scale out across machines with GNU parallel: each host runs rekfilter on its share of the
# files (rekfilter and credentials must be on every host; ":" is this machine).
#   REKFILTER_MODEL=arn:... examples/parallel-across-machines.sh 'host1,host2,:' photos/ > all.jsonl
# One JSON line per image, tagged with its file name.
set -euo pipefail
hosts=$1 src=$2
find "$src" -type f \( -iname '*.jpg' -o -iname '*.png' \) | sort \
  | parallel --sshlogin "$hosts" --env REKFILTER_MODEL --env AWS_ACCESS_KEY_ID --env AWS_SECRET_ACCESS_KEY \
      --env AWS_SESSION_TOKEN --env AWS_REGION --env AWS_ENDPOINT_URL_REKOGNITION \
      --transferfile {} --cleanup --keep-order \
      "rekfilter -f json < {} | sed 's|^{|{\"File\":\"{/}\",|'"
