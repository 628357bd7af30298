#!/usr/bin/env python3
"""HTTP/1.1 server for the loss captures (scripts/make-loss-captures.sh).

Like server.py (same bodies, same fixed response header, "Connection: close",
server closes first) plus uploads:

  GET  /size/N    -> 200, deterministic N-byte body (body.py)
  POST /upload/N  -> reads Content-Length bytes (must be N), compares them with
                     body_for("/upload/N", N); 200 with the body "ok N\\n" when
                     they match, 400 with "bad N\\n" otherwise
  anything else   -> 404, empty body

Listens on 0.0.0.0:PORT and [::]:PORT (IPV6_V6ONLY); one JSON line per
connection in --log:
  {"family", "peer", "peer_port", "local", "local_port", "request_id",
   "method", "path", "status", "request_body_bytes", "request_body_ok",
   "header_bytes", "body_bytes", "bytes_sent", "complete", "error"}
"""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), d) for d in (".", "../lib")]
import labhttp  # noqa: E402
from body import body_for, parse_size  # noqa: E402


def upload_size(path):
    parts = (path or "").split("/")
    if len(parts) == 3 and parts[0] == "" and parts[1] == "upload" and parts[2].isdigit():
        n = int(parts[2])
        if n <= 4 * 1024 * 1024:
            return n
    return None


def handle(conn, addr, fam, logfp, _args):
    conn.settimeout(60)
    rec = labhttp.connection_record(conn, addr, fam, request_body_bytes=0, request_body_ok=None)
    with labhttp.logged_connection(conn, logfp, rec):
        head, _, rest = labhttp.read_head(conn).partition(labhttp.HEAD_END)
        clen = labhttp.parse_head(head, rec)
        body_in = labhttp.read_body(conn, rest, clen)
        rec["request_body_bytes"] = len(body_in)
        if rec["method"] == "GET" and parse_size(rec["path"] or "") is not None:
            status, body = "200 OK", body_for(rec["path"], parse_size(rec["path"]))
        elif rec["method"] == "POST" and upload_size(rec["path"]) is not None:
            n = upload_size(rec["path"])
            status, body = labhttp.upload_reply(rec, body_in, clen, body_for(rec["path"], n))
        else:
            status, body = "404 Not Found", b""
        labhttp.send_response(conn, rec, status, body, "pcapflow-capture")


if __name__ == "__main__":
    labhttp.server_main(handle, "loss server")
