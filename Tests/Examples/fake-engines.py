#!/usr/bin/env python3
"""Stand-ins for `aws batch` and `kubectl`, for the tests of examples/aws-batch and
examples/kubernetes: they run what the real engines would run, here, one process per shard
with the variable the engine sets (AWS_BATCH_JOB_ARRAY_INDEX, JOB_COMPLETION_INDEX), the
command taken from the example's job definition or manifest as it is written. The example's
s3:// source and destination are replaced by TEST_SOURCE and TEST_DEST (the test's folders).
Installed as `aws` and `kubectl` (symlinks to this file) on the test's PATH."""
import json, os, subprocess, sys
import yaml

STATE = os.environ["FAKE_ENGINE_STATE"]


def rewrite(args):
    out = []
    for a in args:
        if a.startswith("s3://") and "incoming" in a:
            a = os.environ["TEST_SOURCE"]
        elif a.startswith("s3://") and "results" in a:
            a = os.environ["TEST_DEST"]
        out.append(a)
    return out


def run_shards(args, variable, count):
    failed = False
    for index in range(count):
        env = dict(os.environ, **{variable: str(index)})
        with open(os.path.join(STATE, "log"), "a") as log:
            log.write(json.dumps({"variable": variable, "index": index, "args": args}) + "\n")
        failed |= subprocess.run(["rekfilter"] + args, env=env).returncode != 0
    return "FAILED" if failed else "SUCCEEDED"


def option(name, argv):
    return argv[argv.index(name) + 1]


tool, argv = os.path.basename(sys.argv[0]), sys.argv[1:]
if tool == "aws" and argv[:2] == ["batch", "submit-job"]:
    definition = json.load(open(os.environ["FAKE_JOB_DEFINITION"]))
    parameters = dict(definition.get("parameters", {}))
    parameters.update(dict(p.split("=", 1) for p in option("--parameters", argv).split(",")))
    size = int(option("--array-properties", argv).split("=")[1])
    command = [parameters[c[5:]] if c.startswith("Ref::") else c for c in definition["containerProperties"]["command"]]
    status = run_shards(rewrite(command), "AWS_BATCH_JOB_ARRAY_INDEX", size)
    open(os.path.join(STATE, "status"), "w").write(status)
    print("job-0001")
elif tool == "aws" and argv[:2] == ["batch", "describe-jobs"]:
    print(open(os.path.join(STATE, "status")).read())
elif tool == "kubectl" and argv[:1] == ["delete"]:
    pass
elif tool == "kubectl" and argv[:1] == ["apply"]:
    job = yaml.safe_load(open(option("-f", argv)))
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    args = spec["template"]["spec"]["containers"][0]["args"]
    status = run_shards(rewrite(args), "JOB_COMPLETION_INDEX", spec["completions"])
    open(os.path.join(STATE, "status"), "w").write("Complete" if status == "SUCCEEDED" else "Failed")
elif tool == "kubectl" and argv[:1] == ["get"]:
    print(open(os.path.join(STATE, "status")).read())
else:
    sys.exit(f"fake {tool}: not understood: {argv}")
