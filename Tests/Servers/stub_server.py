#!/usr/bin/env python3
"""A stub AWS endpoint for rekfilter's tests: what moto cannot do.

moto is the independent implementation the wire format is tested against; this stub exists for
what moto does not do: it *verifies every SigV4 signature* with its own implementation (Python's
hmac/hashlib, sharing no code with rekfilter), injects faults (throttling, 5xx, dropped
connections, stalls, broken or huge bodies, any error type), and plays STS, EC2 instance
metadata (IMDSv2) and container-credential endpoints.

Behaviour is chosen per request by the URL path, so parallel tests never share state:
  POST /<test-id>/<scenario>[/<scenario>...]   DetectCustomLabels (any path)
  scenarios, applied by the call's sequence number n (1-based) within <test-id>:
    ok                      200 with one label (default)
    labels=<urlsafe-b64 json>  200 with this CustomLabels list
    answer=<urlsafe-b64 json>  200 with this body, whatever the operation
    fail=<Type>:<status>:<k>   the first k calls answer that error type
    status=<code>:<k>       the first k calls answer a bare HTTP status (no JSON)
    drop=<k>                the first k calls: close the connection without answering
    slow=<ms>               every call waits ms before answering
    capacity=<n>            at most n calls in flight, others get ProvisionedThroughputExceeded
    colours[=MIN]           a detector for tests that is real about what it was sent: the picture
                            is decoded (Pillow) and each of red, green, blue found as one object,
                            the box around its pixels, if both its sides are at least MIN px
                            (default 1) in the picture sent; answered as CustomLabels, or as
                            FaceDetails for DetectFaces. What was sent (size) goes in the log.
    echo                    200 with one label named "bytes-<N>", N the image's size: each frame
                            gets detections of its own, so a test can tell them apart
    garbage | huge | notjson-200
  The model lifecycle (README, The model's lifecycle; moto has no Custom Labels projects), by X-Amz-Target, on a
  state machine per test id: DescribeProjects, DescribeProjectVersions, StartProjectVersion,
  StopProjectVersion; with one of these scenarios DetectCustomLabels answers ResourceNotReady
  unless the model is RUNNING.
    model=<STATUS>          the version's status at the test's first call (default STOPPED)
    startto=<STATUS>        where STARTING leads (RUNNING, or FAILED)
    steps=<k>               DescribeProjectVersions calls a STARTING or STOPPING lasts (default 2)
    stopsteps=<k>           the same for STOPPING alone
    stopfail=<Type>         StopProjectVersion answers that error
    lifeslow=<ms>           every lifecycle call waits ms before answering (a signal can come meanwhile)
    stopflaky=<k>           the first k StopProjectVersion calls answer ThrottlingException
  STARTING → startto; STOPPING → STOPPED; a start while STARTING or RUNNING and a stop while
  STOPPING or STOPPED answer ResourceInUseException. Project "widgets" exists, no other.
  GET /__requests/<test-id>   JSON list of what the stub saw for that test id
  STS:  POST /sts/...  (Action=AssumeRole signed; AssumeRoleWithWebIdentity unsigned)
  IMDS: PUT /imds/latest/api/token, GET /imds/latest/meta-data/iam/security-credentials/[role]
  Container: GET /container/... (Authorization must be "container-token")
  IMDSv1 only: PUT /imdsv1/latest/api/token is refused (403); the credentials need no token
  SSO portal: GET /sso/federation/credentials?account_id=&role_name= with x-amz-sso_bearer_token
              "sso-access-token" or "sso-refreshed-token" → ASIASSO keys
  SSO OIDC:   POST /oidc/token {"grantType": "refresh_token", "refreshToken": "sso-refresh-token",
              "clientId": "sso-client", "clientSecret": "sso-client-secret"} → "sso-refreshed-token"
  rate=<n> (scenario): more than n calls in the last second answer ThrottlingException
  evaluation=<name> (with the lifecycle scenarios): DescribeProjectVersions has an EvaluationResult whose
    summary is s3://evaluation/<name>, served at GET /<test-id>/evaluation/<name>: summary.json (Version 1:
    widget at threshold 0.98, gadget at 0.4), v2.json (Version 2), garbage.json; any other name is 404
  S3, for what moto cannot do (faults), path-style under a test id (AWS_ENDPOINT_URL_S3=<url>/<test-id>):
    GET /<test-id>/pages-<P>-failat-<F>?list-type=2…  ListObjectsV2: P pages of 2 keys `k<page><n>.jpg`;
        page F (1-based; 0: none) answers 500 InternalError every time
    GET /<test-id>/<bucket>/<key>  a JPEG (Tests/Data/exif-orientation/Landscape_<n>.jpg, n from the key's
        last digit); a key with "denied" in it answers 403 AccessDenied

Known keys (access key id → secret): AKIDSTUB → stub-secret; STS-issued ASIA* keys → sts-secret.
Prints the port on its first line; exits when its stdin closes (its parent test died or ended).
With two arguments, CERT and KEY files, it serves HTTPS instead.
"""
import base64, datetime, hashlib, hmac, io, json, os, sys, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRETS = {"AKIDSTUB": "stub-secret", "ASIASTSROLE": "sts-secret", "ASIAWEBID": "sts-secret",
           "ASIAIMDS": "imds-secret", "ASIACONTAINER": "container-secret", "ASIASSO": "sso-secret"}
TOKENS = {"ASIASTSROLE": "sts-token", "ASIAWEBID": "webid-token", "ASIAIMDS": "imds-token",
          "ASIACONTAINER": "container-session-token"}
LOCK = threading.Lock()
SEEN = {}          # test id -> list of records
COUNTS = {}        # test id -> calls so far
INFLIGHT = {}      # test id -> calls in flight
MODELS = {}        # test id -> {"status", "countdown", "units"}: the lifecycle state machine
RATES = {}         # test id -> times of the calls accepted in the last second (rate=<n>)
PROJECT_ARN = "arn:aws:rekognition:eu-west-1:123456789012:project/widgets/1690000000000"
LIFECYCLE = {"RekognitionService." + op for op in
             ("DescribeProjects", "DescribeProjectVersions", "StartProjectVersion", "StopProjectVersion")}
DEFAULT_LABELS = [{"Name": "widget", "Confidence": 97.5,
                   "Geometry": {"BoundingBox": {"Width": 0.25, "Height": 0.5, "Left": 0.125, "Top": 0.25}}}]


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def verify_sigv4(method, raw_path, headers, body):
    """Recomputes the signature from scratch. Returns (ok, detail, access_key, scope)."""
    auth = headers.get("authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return False, "no SigV4 Authorization header", None, None
    fields = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    akid, date, region, service, term = fields["Credential"].split("/")
    secret = SECRETS.get(akid)
    if secret is None:
        return False, "UnrecognizedClient", akid, None
    if akid in TOKENS and headers.get("x-amz-security-token") != TOKENS[akid]:
        return False, "bad or missing session token", akid, None
    signed = fields["SignedHeaders"].split(";")
    for required in ["host", "x-amz-date"]:
        if required not in signed:
            return False, f"{required} not signed", akid, None
    if "x-amz-security-token" in headers and "x-amz-security-token" not in signed:
        return False, "session token not signed", akid, None
    path, _, query = raw_path.partition("?")
    if service != "s3":
        segments = [s for s in urllib.parse.unquote(path).split("/") if s not in ("", ".")]
        canonical_path = "/" + "/".join(urllib.parse.quote(s, safe="~") for s in segments)
        if path.endswith("/") and segments:
            canonical_path += "/"
    else:
        canonical_path = urllib.parse.quote(urllib.parse.unquote(path), safe="/~")
    pairs = sorted((urllib.parse.quote(k, safe="~"), urllib.parse.quote(v, safe="~"))
                   for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True))
    canonical_query = "&".join(f"{k}={v}" for k, v in pairs)
    canonical_headers = "".join(f"{h}:{' '.join(headers.get(h, '').split())}\n" for h in signed)
    creq = "\n".join([method, canonical_path, canonical_query, canonical_headers, ";".join(signed), sha256(body)])
    amz_date = headers.get("x-amz-date", "")
    scope = f"{date}/{region}/{service}/{term}"
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, sha256(creq.encode())])
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, fields.get("Signature", "")):
        return False, "SignatureDoesNotMatch", akid, scope
    skew = abs(datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp() - time.time())
    if skew > 300:
        return False, "request time too skewed", akid, scope
    return True, "", akid, scope


def iso_in(seconds):
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


SUMMARIES = {
    "summary.json": json.dumps({
        "Version": 1, "AggregatedEvaluationResults": {"F1Score": 0.875, "Precision": 0.9, "Recall": 0.85, "ClassifierThreshold": 0.5},
        "EvaluationDetails": {"EvaluationEndTimestamp": "2024-01-01T00:00:00Z", "NumberOfTrainingImages": 80, "NumberOfTestingImages": 20},
        "LabelEvaluationResults": [
            {"Label": "widget", "NumberOfTestingImages": 12, "Metrics": {"F1Score": 0.9, "Precision": 0.95, "Recall": 0.86, "Threshold": 0.98}},
            {"Label": "gadget", "NumberOfTestingImages": 8, "Metrics": {"F1Score": 0.8, "Precision": 0.8, "Recall": 0.8, "Threshold": 0.4}},
        ]}),
    "v2.json": json.dumps({"Version": 2, "LabelEvaluationResults": []}),
    "garbage.json": "this is not json",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without this, Nagle's algorithm holds the
    # body until the client's delayed ACK (~40 ms) — a delay no real AWS endpoint has.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/x-amz-json-1.1", extra=None):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "stub-" + hashlib.md5(os.urandom(8)).hexdigest()[:12])
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def lower_headers(self):
        return {k.lower(): v for k, v in self.headers.items()}

    def body(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        path = self.path
        if path.startswith("/__requests/"):
            with LOCK:
                return self.send(200, json.dumps(SEEN.get(path.split("/")[2], [])), "application/json")
        parts = urllib.parse.urlsplit(path)
        segments = [urllib.parse.unquote(p) for p in parts.path.split("/") if p]
        if len(segments) >= 2 and segments[1].startswith("pages-"):
            return self.s3(segments, dict(urllib.parse.parse_qsl(parts.query)))
        if len(segments) == 3 and segments[1] == "evaluation":
            with LOCK:
                SEEN.setdefault(segments[0], []).append({"s3": "/".join(segments[1:])})
            if segments[2] in SUMMARIES:
                return self.send(200, SUMMARIES[segments[2]], "application/json")
            return self.send(404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
                             "application/xml")
        if path.startswith("/imds/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != "imds-session":
                return self.send(401, "", "text/plain")
            role = path.rsplit("/", 1)[1]
            if not role:
                return self.send(200, "stub-role\n", "text/plain")
            doc = {"Code": "Success", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imds-secret",
                   "Token": "imds-token", "Expiration": iso_in(3600)}
            return self.send(200, json.dumps(doc), "application/json")
        if path.startswith("/imdsv1/latest/meta-data/iam/security-credentials/"):
            role = path.rsplit("/", 1)[1]
            if not role:
                return self.send(200, "stub-role\n", "text/plain")
            doc = {"Code": "Success", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imds-secret",
                   "Token": "imds-token", "Expiration": iso_in(3600)}
            return self.send(200, json.dumps(doc), "application/json")
        if path.startswith("/sso/federation/credentials"):
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
            with LOCK:
                SEEN.setdefault("sso", []).append({"query": query})
            if self.headers.get("x-amz-sso_bearer_token") not in ("sso-access-token", "sso-refreshed-token"):
                return self.send(401, json.dumps({"message": "Session token not found or invalid"}), "application/json")
            creds = {"accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret", "sessionToken": "sso-session-token",
                     "expiration": int((time.time() + 3600) * 1000)}
            return self.send(200, json.dumps({"roleCredentials": creds}), "application/json")
        if path.startswith("/container"):
            if self.headers.get("Authorization") != "container-token":
                return self.send(403, '{"Message":"bad token"}', "application/json")
            doc = {"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "container-secret",
                   "Token": "container-session-token", "Expiration": iso_in(3600)}
            return self.send(200, json.dumps(doc), "application/json")
        self.send(404, "", "text/plain")

    def s3(self, segments, query):
        """ListObjectsV2 and GetObject with faults (see the module's notes)."""
        with LOCK:
            SEEN.setdefault(segments[0], []).append({"s3": "/".join(segments[1:]), "query": query})
        _, pages, _, fail_at = segments[1].split("-")
        if len(segments) == 2:
            page = int(query.get("continuation-token", "1"))
            if page == int(fail_at):
                return self.send(500, "<Error><Code>InternalError</Code><Message>stub fault</Message></Error>",
                                 "application/xml")
            keys = "".join(f"<Contents><Key>k{page}{n}.jpg</Key><Size>1</Size><ETag>e</ETag></Contents>" for n in range(2))
            more = (f"<IsTruncated>true</IsTruncated><NextContinuationToken>{page + 1}</NextContinuationToken>"
                    if page < int(pages) else "<IsTruncated>false</IsTruncated>")
            return self.send(200, f"<ListBucketResult>{keys}{more}</ListBucketResult>", "application/xml")
        key = "/".join(segments[2:])
        if "denied" in key:
            return self.send(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
                             "application/xml")
        digit = next((c for c in reversed(key) if c.isdigit()), "1")
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "..", "Data", "exif-orientation", f"Landscape_{digit}.jpg"), "rb") as f:
            self.send(200, f.read(), "image/jpeg")

    def do_PUT(self):
        self.body()
        if self.path == "/imdsv1/latest/api/token":
            return self.send(403, "", "text/plain")
        if self.path == "/imds/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.send(400, "", "text/plain")
            return self.send(200, "imds-session", "text/plain")
        self.send(404, "", "text/plain")

    def do_POST(self):
        body = self.body()
        headers = self.lower_headers()
        if self.path.startswith("/sts"):
            return self.sts(body, headers)
        if self.path.startswith("/oidc/token"):
            request = json.loads(body or b"{}")
            expected = {"grantType": "refresh_token", "refreshToken": "sso-refresh-token", "clientId": "sso-client",
                        "clientSecret": "sso-client-secret"}
            if any(request.get(k) != v for k, v in expected.items()):
                return self.send(400, json.dumps({"error": "invalid_grant"}), "application/json")
            return self.send(200, json.dumps({"accessToken": "sso-refreshed-token", "expiresIn": 3600,
                                              "refreshToken": "sso-refresh-token-2", "tokenType": "Bearer"}),
                             "application/json")
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        test_id = parts[0] if parts else "default"
        scenarios = [urllib.parse.unquote(p) for p in parts[1:]]
        ok, detail, akid, scope = verify_sigv4("POST", self.path, headers, body)
        try:
            request = json.loads(body)
            image = request.get("Image", {})
            summary = {"ProjectVersionArn": request.get("ProjectVersionArn"),
                       "ImageBytes": len(base64.b64decode(image["Bytes"])) if "Bytes" in image else None,
                       "S3Object": image.get("S3Object"), "MinConfidence": request.get("MinConfidence"),
                       "MaxResults": request.get("MaxResults")}
        except Exception as e:
            summary = {"error": f"body is not JSON: {e}"}
        with LOCK:
            COUNTS[test_id] = n = COUNTS.get(test_id, 0) + 1
            INFLIGHT[test_id] = INFLIGHT.get(test_id, 0) + 1
            peak = INFLIGHT[test_id]
            SEEN.setdefault(test_id, []).append({
                "n": n, "signature_ok": ok, "signature_detail": detail, "access_key": akid, "scope": scope,
                "target": headers.get("x-amz-target"), "content_type": headers.get("content-type"),
                "user_agent": headers.get("user-agent"), "signed_token": "x-amz-security-token" in headers,
                "in_flight": peak, "time": time.time(), **summary})
        try:
            self.image_size = summary.get("ImageBytes")
            self.image_bytes = base64.b64decode(request["Image"]["Bytes"]) if summary.get("ImageBytes") else b""
            self.target = headers.get("x-amz-target")
            self.test_id = test_id
            options = dict(s.partition("=")[::2] for s in scenarios)
            if {"model", "startto", "steps", "stopsteps", "stopfail"} & options.keys():
                target = headers.get("x-amz-target")
                if not ok:
                    return self.send(403, json.dumps({"__type": "InvalidSignatureException", "message": detail}))
                if target in LIFECYCLE:
                    return self.lifecycle(test_id, options, target.split(".")[1], json.loads(body))
                with LOCK:
                    status = self.model_state(test_id, options)["status"]
                if status != "RUNNING":
                    return self.send(400, json.dumps({"__type": "ResourceNotReadyException",
                                                      "Message": f"ProjectVersion is {status}"}))
            self.detect(n, scenarios, ok, detail, peak)
        finally:
            with LOCK:
                INFLIGHT[test_id] -= 1

    def detect(self, n, scenarios, ok, detail, in_flight):
        labels = DEFAULT_LABELS
        answer = None
        for s in scenarios:
            name, _, arg = s.partition("=")
            if name == "slow":
                time.sleep(int(arg) / 1000)
            elif name == "drop" and n <= int(arg):
                self.close_connection = True
                self.connection.shutdown(2)
                return
            elif name == "fail":
                kind, status, count = arg.split(":")
                if n <= int(count):
                    return self.send(int(status), json.dumps({"__type": f"com.amazonaws.rekognition#{kind}",
                                                              "Message": f"stub {kind}"}))
            elif name == "status":
                status, count = arg.split(":")
                if n <= int(count):
                    return self.send(int(status), "<html>bad gateway</html>", "text/html")
            elif name == "rate":
                with LOCK:
                    now = time.time()
                    times = [t for t in RATES.get(self.test_id, []) if now - t < 1.0]
                    limited = len(times) >= int(arg)
                    if not limited:
                        times.append(now)
                    RATES[self.test_id] = times
                    SEEN[self.test_id][n - 1]["throttled"] = limited
                if limited:
                    return self.send(400, json.dumps({"__type": "ThrottlingException", "Message": "rate exceeded"}))
            elif name == "capacity" and in_flight > int(arg):
                return self.send(400, json.dumps({"__type": "ProvisionedThroughputExceededException",
                                                  "Message": "over capacity"}))
            elif name == "echo":
                labels = [dict(DEFAULT_LABELS[0], Name=f"bytes-{self.image_size}")]
            elif name == "colours":
                labels = self.colours(int(arg or 1), n)
                if self.target == "RekognitionService.DetectFaces":
                    answer = json.dumps({"FaceDetails": [{"BoundingBox": l["Geometry"]["BoundingBox"],
                                                          "Confidence": l["Confidence"]} for l in labels]}).encode()
            elif name == "labels":
                labels = json.loads(base64.urlsafe_b64decode(arg + "=" * (-len(arg) % 4)))
            elif name == "answer":
                answer = base64.urlsafe_b64decode(arg + "=" * (-len(arg) % 4))
            elif name == "garbage":
                return self.send(200, "{\"CustomLabels\": [ {\"Name\": ")
            elif name == "notjson-200":
                return self.send(200, "<html>hello</html>", "text/html")
            elif name == "huge":
                return self.send(200, b"[" * (80 << 20))
        if not ok:
            kind = {"UnrecognizedClient": "UnrecognizedClientException"}.get(detail, "InvalidSignatureException")
            return self.send(400 if kind != "InvalidSignatureException" else 403,
                             json.dumps({"__type": kind, "message": detail}))
        self.send(200, answer if answer is not None else json.dumps({"CustomLabels": labels}))

    COLOURS = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}

    def colours(self, minimum, n):
        from PIL import Image, ImageChops
        picture = Image.open(io.BytesIO(self.image_bytes)).convert("RGB")
        width, height = picture.size
        with LOCK:
            SEEN[self.test_id][n - 1].update({"width": width, "height": height})
        r, g, b = picture.split()
        found = []
        for name, (cr, cg, cb) in self.COLOURS.items():
            masks = [channel.point(lambda v, want=want: 255 if abs(v - want) < 60 else 0)
                     for channel, want in ((r, cr), (g, cg), (b, cb))]
            mask = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2])
            box = mask.getbbox()
            if box and box[2] - box[0] >= minimum and box[3] - box[1] >= minimum:
                found.append({"Name": name, "Confidence": 99.0, "Geometry": {"BoundingBox": {
                    "Width": (box[2] - box[0]) / width, "Height": (box[3] - box[1]) / height,
                    "Left": box[0] / width, "Top": box[1] / height}}})
        return found

    @staticmethod
    def model_state(test_id, options):
        # under LOCK
        return MODELS.setdefault(test_id, {"status": options.get("model", "STOPPED"), "countdown": 0,
                                           "units": None, "max_units": None})

    def lifecycle(self, test_id, options, operation, request):
        """The model's state machine (README, The model's lifecycle), one test id each."""
        if "lifeslow" in options:
            time.sleep(int(options["lifeslow"]) / 1000)
        if operation == "StopProjectVersion" and "stopflaky" in options:
            with LOCK:
                m = self.model_state(test_id, options)
                m["stopcalls"] = m.get("stopcalls", 0) + 1
                if m["stopcalls"] <= int(options["stopflaky"]):
                    return self.send(400, json.dumps({"__type": "ThrottlingException", "Message": "Rate exceeded"}))
        def in_use(status):
            return self.send(400, json.dumps({"__type": "ResourceInUseException",
                                              "Message": f"ProjectVersion is {status}"}))
        with LOCK:
            SEEN[test_id][-1]["body"] = request
            m = self.model_state(test_id, options)
            steps = int(options.get("steps", "2"))
            if operation == "DescribeProjects":
                names = request.get("ProjectNames")
                found = [] if names and names != ["widgets"] else [{"ProjectArn": PROJECT_ARN, "Status": "CREATED",
                                                                      "CreationTimestamp": 1690000000.0}]
                return self.send(200, json.dumps({"ProjectDescriptions": found}))
            if operation == "DescribeProjectVersions":
                if request.get("ProjectArn") != PROJECT_ARN:
                    return self.send(400, json.dumps({"__type": "ResourceNotFoundException", "Message": "no project"}))
                if m["status"] in ("STARTING", "STOPPING"):
                    m["countdown"] -= 1
                    if m["countdown"] <= 0:
                        m["status"] = options.get("startto", "RUNNING") if m["status"] == "STARTING" else "STOPPED"
                description = {"ProjectVersionArn": options.get("arn", "arn:aws:rekognition:eu-west-1:123456789012:"
                                                               "project/widgets/version/widgets.2024/1"),
                               "CreationTimestamp": 1690000001.5, "Status": m["status"],
                               "StatusMessage": "The model failed to deploy: stub failure" if m["status"] == "FAILED"
                               else f"The model is {m['status'].lower()}."}
                if m["units"] is not None:
                    description["MinInferenceUnits"] = m["units"]
                if m["max_units"] is not None:
                    description["MaxInferenceUnits"] = m["max_units"]
                if options.get("evaluation", "none") != "none":
                    description["EvaluationResult"] = {"F1Score": 0.875, "Summary": {"S3Object": {
                        "Bucket": "evaluation", "Name": options["evaluation"]}}}
                names = request.get("VersionNames")
                versions = [] if names and names != ["widgets.2024"] else [description]
                return self.send(200, json.dumps({"ProjectVersionDescriptions": versions}))
            if operation == "StartProjectVersion":
                if m["status"] in ("STARTING", "RUNNING", "STOPPING"):
                    return in_use(m["status"])
                m.update(status="STARTING", countdown=steps, units=request.get("MinInferenceUnits"),
                         max_units=request.get("MaxInferenceUnits"))
                return self.send(200, json.dumps({"Status": "STARTING"}))
            if operation == "StopProjectVersion":
                if "stopfail" in options:
                    return self.send(400, json.dumps({"__type": options["stopfail"], "Message": "stub stop failure"}))
                if m["status"] in ("STOPPING", "STOPPED"):
                    return in_use(m["status"])
                m.update(status="STOPPING", countdown=int(options.get("stopsteps", steps)))
                return self.send(200, json.dumps({"Status": "STOPPING"}))

    def sts(self, body, headers):
        form = dict(urllib.parse.parse_qsl(body.decode()))
        action = form.get("Action")
        if action == "AssumeRole":
            ok, detail, _, _ = verify_sigv4("POST", self.path, headers, body)
            if not ok:
                return self.send(403, f"<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>{detail}</Message></Error></ErrorResponse>", "text/xml")
            akid, secret, token = "ASIASTSROLE", "sts-secret", "sts-token"
        elif action == "AssumeRoleWithWebIdentity":
            if form.get("WebIdentityToken") != "the-web-identity-token":
                return self.send(400, "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad token</Message></Error></ErrorResponse>", "text/xml")
            akid, secret, token = "ASIAWEBID", "sts-secret", "webid-token"
        else:
            return self.send(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>", "text/xml")
        with LOCK:
            SEEN.setdefault("sts", []).append({"action": action, "role": form.get("RoleArn"),
                                               "session": form.get("RoleSessionName"), "external_id": form.get("ExternalId")})
        xml = (f"<{action}Response><{action}Result><Credentials><AccessKeyId>{akid}</AccessKeyId>"
               f"<SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken>"
               f"<Expiration>{iso_in(3600)}</Expiration></Credentials></{action}Result></{action}Response>")
        self.send(200, xml, "text/xml")


class QuietServer(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops SYNs when many clients connect at once

    def handle_error(self, request, client_address):
        pass  # a client that hangs up mid-answer (as fault tests do) is not news


def main():
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 3:  # stub_server.py CERT KEY: serve HTTPS with that certificate
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the parent goes away
    os._exit(0)


if __name__ == "__main__":
    main()
