#!/usr/bin/env python3
"""Regenerates Tests/Data/endpoints.json: the endpoint botocore's own endpoint rulesets give
for Rekognition and STS, for a region of every partition (each listed region, and one more per
partition matched only by its pattern) × FIPS × dual-stack. rekfilter's Endpoint must agree
with every row (Tests/RekFilterTests/Rekognition/EndpointTableTests.swift).

    python3 scripts/endpoint-table.py > Tests/Data/endpoints.json
"""
import gzip, json, os, sys

import botocore
from botocore.endpoint_provider import EndpointProvider

data = os.path.join(os.path.dirname(botocore.__file__), "data")
partitions = json.load(open(os.path.join(data, "partitions.json")))


def ruleset(service):
    folder = os.path.join(data, service)
    version = sorted(os.listdir(folder))[-1]
    return json.load(gzip.open(os.path.join(folder, version, "endpoint-rule-set-1.json.gz")))


regions = []
for partition in partitions["partitions"]:
    regions += sorted(partition["regions"])
# One region per partition that no list names, found only by the partition's pattern; and one
# that no partition's pattern matches (botocore then uses aws).
regions += ["us-east-9", "cn-north-9", "us-gov-north-9", "us-iso-north-9", "us-isob-north-9", "eu-isoe-north-9",
            "us-isof-north-9", "eusc-de-north-9", "xx-unknown-1"]

rows = []
for service, extra in (("rekognition", {}), ("sts", {"UseGlobalEndpoint": False})):
    provider = EndpointProvider(ruleset(service), partitions)
    for region in regions:
        for fips in (False, True):
            for dualstack in (False, True):
                row = {"service": service, "region": region, "fips": fips, "dualstack": dualstack}
                try:
                    row["url"] = provider.resolve_endpoint(Region=region, UseFIPS=fips, UseDualStack=dualstack, **extra).url
                except Exception as e:  # the ruleset's own error: rekfilter must refuse too
                    row["error"] = str(e)
                rows.append(row)
json.dump({"botocore": botocore.__version__, "rows": rows}, sys.stdout, indent=0)
print()
