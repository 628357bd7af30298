#!/usr/bin/env python3
"""HTTP/1.1 server of the middlebox lab (scripts/lab/lab.sh), python3 standard library only.

Every request path is unique and names its request: /ID/size/N or /ID/upload/N.

  GET  /ID/size/N    -> 200, body = body_for("/ID/size/N", N) (scripts/captures/body.py)
  POST /ID/upload/N  -> reads Content-Length bytes (must be N and equal body_for(path, N));
                        200 "ok N\\n" when they match, 400 "bad N\\n" otherwise
  anything else      -> 404, empty body
Always "Connection: close"; the server closes first after a complete response.

Listens on 0.0.0.0:PORT and [::]:PORT (IPV6_V6ONLY) and writes one JSON line per
connection, when the connection ends, to --log:
  {"request_id", "family", "peer", "peer_port", "local", "local_port", "method", "path",
   "status", "bytes_received", "request_body_bytes", "request_body_ok", "header_bytes",
   "body_bytes", "bytes_sent", "complete", "error", "t_accept", "t_end"}
bytes_received: every byte read from the connection (request head + body);
bytes_sent: bytes accepted by the socket (response head + body).
request_id: the X-Request-Id header, else the first path segment; null when nothing
usable arrived. A connection that sends nothing at all is logged too (request_id null).
"""
import os
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), d) for d in ("../captures", "../lib")]
import labhttp  # noqa: E402
from body import body_for  # noqa: E402

MAX_SIZE = 4 * 1024 * 1024


def parse_path(path):
    """(request_id, op, n) for /ID/size/N or /ID/upload/N, else (first segment or None, None, None)."""
    parts = (path or "").split("/")
    if len(parts) == 4 and parts[0] == "" and parts[1] and parts[2] in ("size", "upload") \
            and parts[3].isdigit() and int(parts[3]) <= MAX_SIZE:
        return parts[1], parts[2], int(parts[3])
    return (parts[1] if len(parts) > 1 and parts[1] else None), None, None


def parse_head(raw, rec):
    return labhttp.parse_head(raw, rec, request_id_of_path=lambda path: parse_path(path)[0])


def respond(conn, rec, body_in, clen):
    _, op, n = parse_path(rec["path"])
    if rec["method"] == "GET" and op == "size":
        status, body = "200 OK", body_for(rec["path"], n)
    elif rec["method"] == "POST" and op == "upload":
        status, body = labhttp.upload_reply(rec, body_in, clen, body_for(rec["path"], n))
    else:
        status, body = "404 Not Found", b""
    labhttp.send_response(conn, rec, status, body, "pcapflow-lab")


def handle(conn, addr, fam, logfp, args):
    conn.settimeout(args.read_timeout)
    rec = labhttp.connection_record(conn, addr, fam, bytes_received=0, request_body_bytes=0,
                                    request_body_ok=None, t_accept=time.time(), t_end=None)

    def head_so_far(data):
        rec["bytes_received"] = len(data)
        parse_head(data.partition(labhttp.HEAD_END)[0], rec)

    def body_chunk(chunk):
        rec["bytes_received"] += len(chunk)

    with labhttp.logged_connection(conn, logfp, rec):
        data = labhttp.read_head(conn, head_so_far)
        if labhttp.HEAD_END not in data:
            rec["error"] = "EOF before the end of the request head" if data else "EOF before any request byte"
        else:
            head, _, rest = data.partition(labhttp.HEAD_END)
            clen = parse_head(head, rec)
            body_in = labhttp.read_body(conn, rest, clen, body_chunk)
            rec["request_body_bytes"] = len(body_in)
            respond(conn, rec, body_in, clen)


if __name__ == "__main__":
    labhttp.server_main(handle, "lab server", lifetime=900.0, backlog=64,
                        options=[("--read-timeout", {"type": float, "default": 60.0})])
