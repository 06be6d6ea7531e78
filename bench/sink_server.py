#!/usr/bin/env python3
"""A minimal local Rekognition endpoint for `make bench`: reads the request body and answers a
fixed response for the operation (DetectCustomLabels, or DetectLabels with the same box), as
fast as Python can, so that the client's own costs show.
Optional argv[1]: milliseconds to wait before answering (a model's latency); a request to
/delay-MS/… waits MS ms instead.
GET /keys-N?list-type=2…: a ListObjectsV2 page of a bucket of N keys `k/0000000.jpg`…, 1,000 a
page (for the batch listing's memory); GET or HEAD of anything else: 404.
Prints its port; exits when stdin closes."""
import os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = int(sys.argv[1]) / 1000 if len(sys.argv) > 1 else 0
BODY = (b'{"CustomLabels":[{"Name":"widget","Confidence":97.5,"Geometry":{"BoundingBox":'
        b'{"Width":0.25,"Height":0.5,"Left":0.125,"Top":0.25}}}]}')
LABELS = (b'{"Labels":[{"Name":"widget","Confidence":97.5,"Instances":[{"BoundingBox":'
          b'{"Width":0.25,"Height":0.5,"Left":0.125,"Top":0.25},"Confidence":97.5}],"Parents":[]}]}')


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without this, Nagle's algorithm holds the
    # body until the client's delayed ACK (~40 ms) — a delay no real AWS endpoint has.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        path, _, query = self.path.partition("?")
        params = dict(p.partition("=")[::2] for p in query.split("&") if p)
        if path.startswith("/keys-") and params.get("list-type") == "2":
            total = int(path.split("-")[1].strip("/"))
            start = int(params.get("continuation-token", "0"))
            end = min(total, start + int(params.get("max-keys", "1000")))
            contents = "".join(f"<Contents><Key>k/{n:07d}.jpg</Key><Size>1000</Size><ETag>x</ETag></Contents>" for n in range(start, end))
            more = f"<IsTruncated>true</IsTruncated><NextContinuationToken>{end}</NextContinuationToken>" if end < total else "<IsTruncated>false</IsTruncated>"
            body = f"<?xml version='1.0'?><ListBucketResult>{contents}{more}</ListBucketResult>".encode()
            self.send_response(200)
        else:
            body = b"<Error><Code>NoSuchKey</Code><Message>none</Message></Error>"
            self.send_response(404)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        remaining = int(self.headers.get("Content-Length", "0"))
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                return
            remaining -= len(chunk)
        # A path /delay-MS/… answers after MS ms (one server, several latencies).
        delay = int(self.path.split("/")[1][6:]) / 1000 if self.path.startswith("/delay-") else DELAY
        if delay:
            time.sleep(delay)
        body = LABELS if self.headers.get("X-Amz-Target", "").endswith("DetectLabels") else BODY
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "bench")
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops SYNs when -j 8 connects at once: 1 s stalls


server = Server(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
os._exit(0)
