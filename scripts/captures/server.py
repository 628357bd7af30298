#!/usr/bin/env python3
"""Tiny HTTP/1.1 server for the pcapflow test captures.

GET /size/N -> 200 with a deterministic N-byte body (see body.py), always
"Connection: close" (one request per connection; the server closes first).
Anything else -> 404 with an empty body.

Listens on 0.0.0.0:PORT and [::]:PORT (IPV6_V6ONLY) and writes one JSON line
per connection to the log file:
  {"family", "peer", "peer_port", "local", "local_port", "request_id",
   "method", "path", "status", "header_bytes", "body_bytes",
   "bytes_sent", "complete", "error"}
bytes_sent counts bytes accepted by the socket (headers + body); for a
connection the client aborted this can exceed what reached the wire.
"""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), d) for d in (".", "../lib")]
import labhttp  # noqa: E402
from body import body_for, parse_size  # noqa: E402


def handle(conn, addr, fam, logfp, _args):
    conn.settimeout(20)
    rec = labhttp.connection_record(conn, addr, fam)
    with labhttp.logged_connection(conn, logfp, rec):
        labhttp.parse_head(labhttp.read_head(conn), rec)
        size = parse_size(rec["path"] or "") if rec["method"] == "GET" else None
        if size is None:
            status, body = "404 Not Found", b""
        else:
            status, body = "200 OK", body_for(rec["path"], size)
        labhttp.send_response(conn, rec, status, body, "pcapflow-capture")


if __name__ == "__main__":
    labhttp.server_main(handle, "server")
