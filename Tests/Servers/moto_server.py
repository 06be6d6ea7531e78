#!/usr/bin/env python3
"""Starts moto's server (the independent AWS emulator) on a free loopback port for the tests,
prints the port, and stops when stdin closes (the test process ended or died)."""
import logging, os, sys
from moto.server import ThreadedMotoServer

logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log on stderr

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server._server.server_port, flush=True)
sys.stdin.read()
server.stop()
os._exit(0)
