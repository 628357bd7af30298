#!/usr/bin/env python3
"""Client traffic for the pcapflow test captures.

Runs a fixed plan of requests, one TCP connection per request, strictly one
after another (with a short pause), and writes one JSON line per request:
  {"request_id", "family", "dst", "dst_port", "local", "local_port", "path",
   "kind", "outcome", "status", "header_bytes", "body_bytes",
   "bytes_received", "body_ok", "aborted", "error", "t_start", "t_end"}
kind: "get" (read to EOF), "abort" (read part, then close with
SO_LINGER {1,0} -> RST), "refused" (connect to a closed port).
"""
import argparse
import json
import os
import socket
import struct
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), d) for d in (".", "../lib")]
import labhttp  # noqa: E402
from body import body_for, parse_size  # noqa: E402

# (request_id, family, path, kind, port)
PLAN = [
    ("r01", "ipv4", "/size/1000", "get", 80),
    ("r02", "ipv4", "/size/0", "get", 80),
    ("r03", "ipv4", "/size/20000", "get", 80),
    ("r04", "ipv4", "/size/100000", "get", 80),
    ("r05", "ipv6", "/size/1000", "get", 80),
    ("r06", "ipv6", "/size/20000", "get", 80),
    ("r07", "ipv6", "/size/60000", "get", 80),
    ("r08", "ipv4", "/nothing-here", "get", 80),
    ("r09", "ipv4", "/size/400000", "abort", 80),
    ("r10", "ipv4", "/size/1000", "refused", 81),
    ("r11", "ipv6", "/size/1000", "refused", 81),
]
ABORT_AFTER = 10000      # bytes read before the RST
ABORT_RCVBUF = 8192      # small receive buffer keeps the aborted transfer short


def run_one(rid, fam, path, kind, port, dst):
    af = socket.AF_INET if fam == "ipv4" else socket.AF_INET6
    rec = {"request_id": rid, "family": fam, "dst": dst, "dst_port": port,
           "local": None, "local_port": None, "path": path, "kind": kind,
           "outcome": None, "status": None, "header_bytes": 0, "body_bytes": 0,
           "bytes_received": 0, "body_ok": None, "aborted": False, "error": None,
           "t_start": time.time(), "t_end": None}
    s = socket.socket(af, socket.SOCK_STREAM)
    s.settimeout(10)
    if kind == "abort":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, ABORT_RCVBUF)
    # bind first so the local port is known even when the connect is refused
    s.bind(("0.0.0.0", 0) if af == socket.AF_INET else ("::", 0))
    rec["local"], rec["local_port"] = s.getsockname()[0], s.getsockname()[1]
    try:
        s.connect((dst, port))
    except ConnectionRefusedError as e:
        rec["outcome"], rec["error"] = "refused", "ConnectionRefusedError: " + str(e)
        s.close()
        rec["t_end"] = time.time()
        return rec
    rec["local"] = s.getsockname()[0]
    req = labhttp.request_head("GET", path, labhttp.bracketed(dst, af == socket.AF_INET6), rid,
                               "pcapflow-capture") + b"\r\n"
    s.sendall(req)
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            if kind == "abort" and len(data) >= ABORT_AFTER:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                rec["aborted"] = True
                break
    except OSError as e:
        rec["error"] = labhttp.error_text(e)
    s.close()
    rec["t_end"] = time.time()
    body = labhttp.parse_response(data, rec)
    if body is not None:
        size = parse_size(path)
        if size is not None and rec["status"] == 200:
            expect = body_for(path, size)
            rec["body_ok"] = (body == expect) if not rec["aborted"] else expect.startswith(body)
    if rec["aborted"]:
        rec["outcome"] = "aborted-rst"
    elif rec["error"]:
        rec["outcome"] = "error"
    else:
        rec["outcome"] = "complete"
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--v4", required=True)
    ap.add_argument("--v6", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--pause", type=float, default=0.3)
    a = ap.parse_args()
    bad = 0
    with open(a.log, "a", buffering=1) as fp:
        for rid, fam, path, kind, port in PLAN:
            rec = run_one(rid, fam, path, kind, port, a.v4 if fam == "ipv4" else a.v6)
            fp.write(json.dumps(rec, sort_keys=True) + "\n")
            expected = {"get": "complete", "abort": "aborted-rst", "refused": "refused"}[kind]
            ok = rec["outcome"] == expected and rec["body_ok"] in (True, None)
            bad += 0 if ok else 1
            print("client: %s %s %s -> %s port %s %s, %d bytes%s" % (
                rid, fam, path, kind, rec["local_port"], rec["outcome"],
                rec["bytes_received"], "" if ok else "  UNEXPECTED"), flush=True)
            time.sleep(a.pause)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
