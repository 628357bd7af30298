#!/usr/bin/env python3
"""Client of the middlebox lab (scripts/lab/lab.sh), python3 standard library only.

Runs a plan (scripts/lab/plans/*.plan): one request per line, one TCP connection each,
strictly one after another with a short pause, except that an `idle` connection stays
parked (open and silent) while the rest of the plan runs and finishes last.

Plan line:  ID FAMILY KIND SIZE [key=value ...]      ('#' starts a comment)
  FAMILY  ipv4 | ipv6
  KIND    get         GET /ID/size/SIZE, read to EOF, body checked against body.py
          post        POST /ID/upload/SIZE with body_for(path, SIZE), expects 200 "ok SIZE"
          idle        connect, stay silent for idle=S seconds (then park while the rest of
                      the plan runs), then GET /ID/size/SIZE like `get`
          live-abort  connect, send the request head without its final empty line, then
                      close abortively (SO_LINGER 0 -> RST) while an iptables/ip6tables
                      OUTPUT rule in the client namespace drops this port's RST and FIN:
                      the box and the server never see the end (the connection stays live
                      for them); the rule is removed right after
  keys    port=N      bind this local port (SO_REUSEADDR)
          reuse=ID    bind the local port request ID used (same 4-tuple on the inside leg);
                      annotated "port-reuse-after-close" or, when ID was a live-abort,
                      "syn-on-live-key"
          idle=S      silent seconds for `idle` (overridden by --idle-seconds)
          pause=S     pause after this request (default --pause)
          group=G     consecutive get/post lines with the same group run concurrently (one
                      thread each, all started together); the plan goes on when all have ended

One JSON line per request in --log (in the order the requests end):
  {"request_id", "family", "kind", "method", "path", "size", "local", "local_port",
   "dst", "dst_port", "bytes_sent", "bytes_received", "status", "header_bytes",
   "body_bytes", "body_ok", "outcome", "error", "reuse", "reuses", "end_seen_by_box",
   "hidden_end_packets", "idle_seconds", "silent_from", "silent_until",
   "t_start", "t_connected", "t_end"}
bytes_sent / bytes_received: bytes written to / read from the socket (HTTP head + body).
outcome: complete | aborted-unseen | error.
"""
import argparse
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), d) for d in ("../captures", "../lib")]
import labhttp  # noqa: E402
from body import body_for  # noqa: E402

HIDE_COMMENT = "pcapflow-lab-hide-end"


def parse_plan(path):
    reqs = []
    with open(path) as fp:
        for raw in fp:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            f = line.split()
            if len(f) < 4:
                raise SystemExit("bad plan line: %r" % raw)
            opts = dict(kv.split("=", 1) for kv in f[4:])
            if f[1] not in ("ipv4", "ipv6") or f[2] not in ("get", "post", "idle", "live-abort"):
                raise SystemExit("bad plan line: %r" % raw)
            reqs.append({"id": f[0], "family": f[1], "kind": f[2], "size": int(f[3]), "opts": opts})
    return reqs


def new_record(req, dst, port):
    method = "POST" if req["kind"] == "post" else "GET"
    op = "upload" if method == "POST" else "size"
    return {"request_id": req["id"], "family": req["family"], "kind": req["kind"],
            "method": method, "path": "/%s/%s/%d" % (req["id"], op, req["size"]),
            "size": req["size"], "local": None, "local_port": None, "dst": dst, "dst_port": port,
            "bytes_sent": 0, "bytes_received": 0, "status": None, "header_bytes": 0,
            "body_bytes": 0, "body_ok": None, "outcome": None, "error": None, "reuse": None,
            "reuses": None, "end_seen_by_box": True, "hidden_end_packets": None,
            "idle_seconds": None, "silent_from": None, "silent_until": None,
            "t_start": time.time(), "t_connected": None, "t_end": None}


def request_bytes(rec):
    post = rec["method"] == "POST"
    body = body_for(rec["path"], rec["size"]) if post else b""
    host = "%s:%d" % (labhttp.bracketed(rec["dst"], rec["family"] == "ipv6"), rec["dst_port"])
    head = labhttp.request_head(rec["method"], rec["path"], host, rec["request_id"], "pcapflow-lab",
                                len(body) if post else None)
    return head, body


def connect(rec, local_port, timeout):
    af = socket.AF_INET6 if rec["family"] == "ipv6" else socket.AF_INET
    s = socket.socket(af, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::" if af == socket.AF_INET6 else "0.0.0.0", local_port or 0))
    rec["local_port"] = s.getsockname()[1]
    s.connect((rec["dst"], rec["dst_port"]))
    rec["local"] = s.getsockname()[0]
    rec["t_connected"] = time.time()
    return s


def exchange(s, rec):
    """Send the request (head + final CRLF + body), read the response to EOF, close."""
    head, body = request_bytes(rec)
    out = head + b"\r\n" + body
    s.sendall(out)
    rec["bytes_sent"] += len(out)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    body_in = labhttp.parse_response(data, rec)
    if body_in is not None:
        if rec["method"] == "GET":
            rec["body_ok"] = rec["status"] == 200 and body_in == body_for(rec["path"], rec["size"])
        else:
            rec["body_ok"] = rec["status"] == 200 and body_in == b"ok %d\n" % rec["size"]
    rec["outcome"] = "complete"


def hide_rules(family, port):
    ipt = "ip6tables" if family == "ipv6" else "iptables"
    return [[ipt, "OUTPUT", "-p", "tcp", "--sport", str(port), "--tcp-flags", flag, flag,
             "-m", "comment", "--comment", HIDE_COMMENT, "-j", "DROP"] for flag in ("RST", "FIN")]


def hidden_count(family):
    ipt = "ip6tables" if family == "ipv6" else "iptables"
    out = subprocess.run([ipt, "-L", "OUTPUT", "-v", "-x", "-n"], capture_output=True, text=True,
                         check=True).stdout
    return sum(int(l.split()[0]) for l in out.splitlines() if HIDE_COMMENT in l)


def live_abort(s, rec):
    """Half a request, then an abortive close whose RST/FIN the client's own OUTPUT chain drops."""
    head, _ = request_bytes(rec)
    s.sendall(head)                      # no final empty line: the server keeps waiting
    rec["bytes_sent"] += len(head)
    time.sleep(0.3)                      # let the server's ACK arrive
    rules = hide_rules(rec["family"], rec["local_port"])
    for r in rules:
        subprocess.run([r[0], "-I", r[1], "1"] + r[2:], check=True)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        time.sleep(0.3)
        rec["hidden_end_packets"] = hidden_count(rec["family"])
    finally:
        for r in rules:
            subprocess.run([r[0], "-D", r[1]] + r[2:], check=False)
    rec["end_seen_by_box"] = False
    rec["outcome"] = "aborted-unseen"


def concurrent_one(rec, timeout):
    """One get/post of a concurrent group (in its own thread)."""
    try:
        exchange(connect(rec, None, timeout), rec)
    except OSError as e:
        rec["error"], rec["outcome"] = labhttp.error_text(e), "error"
    rec["t_end"] = time.time()


def run_plan(a, reqs, fp):
    by_id, parked, bad = {}, [], 0

    def finish(rec):
        nonlocal bad
        rec["t_end"] = rec["t_end"] or time.time()
        fp.write(json.dumps(rec, sort_keys=True) + "\n")
        fp.flush()
        want = "aborted-unseen" if rec["kind"] == "live-abort" else "complete"
        ok = rec["outcome"] == want and rec["body_ok"] in (True, None) and \
            (rec["kind"] == "live-abort" or rec["body_ok"] is True)
        bad += 0 if ok else 1
        print("lab-client: %s %s %s %s port %s -> %s, sent %d, received %d%s" % (
            rec["request_id"], rec["family"], rec["kind"], rec["path"], rec["local_port"],
            rec["outcome"], rec["bytes_sent"], rec["bytes_received"], "" if ok else "  UNEXPECTED"),
            flush=True)

    i = 0
    while i < len(reqs):
        req = reqs[i]
        group = req["opts"].get("group")
        if group is not None:
            members = [r for r in reqs[i:] if r["opts"].get("group") == group]
            i += len(members)
            recs = [new_record(r, a.v6 if r["family"] == "ipv6" else a.v4, a.port) for r in members]
            threads = [threading.Thread(target=concurrent_one, args=(rec, a.timeout)) for rec in recs]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for rec in sorted(recs, key=lambda r: r["t_end"]):
                by_id[rec["request_id"]] = rec
                finish(rec)
            time.sleep(a.pause)
            continue
        i += 1
        dst = a.v6 if req["family"] == "ipv6" else a.v4
        rec = new_record(req, dst, a.port)
        port = int(req["opts"]["port"]) if "port" in req["opts"] else None
        if "reuse" in req["opts"]:
            old = by_id[req["opts"]["reuse"]]
            port, rec["reuses"] = old["local_port"], old["request_id"]
            rec["reuse"] = "syn-on-live-key" if old["kind"] == "live-abort" else "port-reuse-after-close"
        by_id[req["id"]] = rec
        try:
            s = connect(rec, port, a.timeout)
            if req["kind"] == "live-abort":
                live_abort(s, rec)
            elif req["kind"] == "idle":
                rec["idle_seconds"] = a.idle_seconds if a.idle_seconds is not None \
                    else float(req["opts"].get("idle", 3))
                rec["silent_from"] = time.time()
                time.sleep(rec["idle_seconds"])
                parked.append((s, rec))
                continue
            else:
                exchange(s, rec)
        except OSError as e:
            rec["error"], rec["outcome"] = labhttp.error_text(e), "error"
        finish(rec)
        time.sleep(float(req["opts"].get("pause", a.pause)))
    for s, rec in parked:
        rec["silent_until"] = time.time()
        try:
            exchange(s, rec)
        except OSError as e:
            rec["error"], rec["outcome"] = labhttp.error_text(e), "error"
        finish(rec)
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plan", required=True)
    ap.add_argument("--v4", required=True, help="IPv4 address to connect to")
    ap.add_argument("--v6", required=True, help="IPv6 address to connect to")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--pause", type=float, default=0.2)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--idle-seconds", type=float, default=None)
    a = ap.parse_args()
    reqs = parse_plan(a.plan)
    with open(a.log, "a", buffering=1) as fp:
        bad = run_plan(a, reqs, fp)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
