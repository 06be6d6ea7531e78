#!/usr/bin/env python3
"""The reference side of the shared-config differential test: resolves every case of a corpus
(Tests/Data/config-corpus.json) with botocore — what the AWS CLI runs — and prints, per case,
what it would sign with and where: access key, session token, region, Rekognition endpoint,
retry mode, max attempts; or the error class when botocore refuses the configuration.

Each case runs in its own process with only its own environment (HOME, the two files, its
variables). botocore's `legacy` retry mode is reported as `standard` with 3 attempts unless
max_attempts is set: rekfilter treats legacy as standard (README, Credentials, region, endpoint), and that is the one
deliberate difference. Cases use AWS_DEFAULT_REGION, never AWS_REGION, which botocore ignores and
the AWS CLI v2 (and rekfilter) read first.

    python3 scripts/botocore-resolve.py CORPUS.json STUB_URL > results.json
"""
import json, os, subprocess, sys, tempfile

CHILD = r"""
import json, sys
import botocore.session
profile = sys.argv[1] or None
out = {}
try:
    session = botocore.session.Session(profile=profile)
    credentials = session.get_credentials()
    frozen = credentials.get_frozen_credentials() if credentials else None
    out["access_key"] = frozen.access_key if frozen else None
    out["token"] = (frozen.token or None) if frozen else None
    region = session.get_config_variable("region")
    out["region"] = region
    client = session.create_client("rekognition", region_name=region or "us-east-1",
                                   aws_access_key_id="x", aws_secret_access_key="y")
    out["endpoint"] = client.meta.endpoint_url
    retries = client.meta.config.retries or {}
    mode = retries.get("mode", "legacy")
    out["retry_mode"] = "standard" if mode == "legacy" else mode
    out["max_attempts"] = retries.get("total_max_attempts", 3)
except Exception as e:
    out = {"error": type(e).__name__}
print(json.dumps(out))
"""


def resolve(case, stub):
    home = tempfile.mkdtemp(prefix="botocore-case-")
    os.makedirs(os.path.join(home, ".aws"))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_CONFIG_FILE": os.path.join(home, ".aws", "config"),
           "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, ".aws", "credentials")}
    for name in ("config", "credentials"):
        if case.get(name) is not None:
            with open(os.path.join(home, ".aws", name), "w", newline="") as f:
                f.write(case[name].replace("{home}", home))
    for key, value in case.get("env", {}).items():
        env[key] = value.replace("{stub}", stub).replace("{home}", home)
    for name, text in case.get("files", {}).items():
        with open(os.path.join(home, name), "w") as f:
            f.write(text)
    run = subprocess.run([sys.executable, "-c", CHILD, case.get("profile") or ""], env=env,
                         capture_output=True, text=True, timeout=60)
    try:
        return json.loads(run.stdout)
    except ValueError:
        return {"error": "no answer: " + run.stderr[-300:]}


corpus = json.load(open(sys.argv[1]))
print(json.dumps({case["name"]: resolve(case, sys.argv[2]) for case in corpus["cases"]}, indent=1))
