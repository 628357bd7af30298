#!/usr/bin/env python3
"""Client traffic for the loss captures (scripts/make-loss-captures.sh).

Runs the requests given with --req (in order, one TCP connection each, a short
pause between them) against --dst port 80 and writes one JSON line each:
  {"request_id", "family", "dst", "local", "local_port", "method", "path",
   "request_body_bytes", "status", "header_bytes", "body_bytes",
   "bytes_received", "body_ok", "outcome", "error", "t_start", "t_end"}
--req ID:GET:/size/N        download, body checked against body.py
--req ID:POST:/upload/N     upload of body_for("/upload/N", N), expects 200 "ok N"
Client ports are fixed: --base-port + index of the request (fresh namespaces,
so no TIME_WAIT clashes), which keeps the captures' 4-tuples stable between runs.
"""
import argparse
import json
import os
import socket
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), d) for d in (".", "../lib")]
import labhttp  # noqa: E402
from body import body_for, parse_size  # noqa: E402


def run_one(rid, method, path, dst, port, timeout):
    af = socket.AF_INET6 if ":" in dst else socket.AF_INET
    rec = {"request_id": rid, "family": "ipv6" if af == socket.AF_INET6 else "ipv4",
           "dst": dst, "local": None, "local_port": port, "method": method, "path": path,
           "request_body_bytes": 0, "status": None, "header_bytes": 0, "body_bytes": 0,
           "bytes_received": 0, "body_ok": None, "outcome": None, "error": None,
           "t_start": time.time(), "t_end": None}
    s = socket.socket(af, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::" if af == socket.AF_INET6 else "0.0.0.0", port))
    data = b""
    try:
        s.connect((dst, 80))
        rec["local"] = s.getsockname()[0]
        upload = body_for(path, int(path.rsplit("/", 1)[1])) if method == "POST" else b""
        req = labhttp.request_head(method, path, labhttp.bracketed(dst, af == socket.AF_INET6), rid,
                                   "pcapflow-capture", len(upload) if method == "POST" else None)
        s.sendall(req + b"\r\n" + upload)
        rec["request_body_bytes"] = len(upload)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError as e:
        rec["error"] = labhttp.error_text(e)
    s.close()
    rec["t_end"] = time.time()
    body = labhttp.parse_response(data, rec)
    if body is not None:
        if method == "GET" and parse_size(path) is not None:
            rec["body_ok"] = body == body_for(path, parse_size(path))
        elif method == "POST":
            rec["body_ok"] = body == b"ok %d\n" % rec["request_body_bytes"]
    rec["outcome"] = "error" if rec["error"] else "complete"
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dst", required=True)
    ap.add_argument("--req", action="append", required=True, help="ID:METHOD:PATH")
    ap.add_argument("--base-port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--pause", type=float, default=0.3)
    ap.add_argument("--timeout", type=float, default=30.0)
    a = ap.parse_args()
    bad = 0
    with open(a.log, "a", buffering=1) as fp:
        for i, spec in enumerate(a.req):
            rid, method, path = spec.split(":", 2)
            rec = run_one(rid, method, path, a.dst, a.base_port + i, a.timeout)
            fp.write(json.dumps(rec, sort_keys=True) + "\n")
            ok = rec["outcome"] == "complete" and rec["status"] == 200 and rec["body_ok"] is True
            bad += 0 if ok else 1
            print("loss-client: %s %s %s port %d -> %s status %s, sent %d, received %d%s" % (
                rid, method, path, rec["local_port"], rec["outcome"], rec["status"],
                rec["request_body_bytes"], rec["bytes_received"], "" if ok else "  UNEXPECTED"),
                flush=True)
            time.sleep(a.pause)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
