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
import argparse
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from body import body_for, parse_size  # noqa: E402

LOCK = threading.Lock()


def log(fp, rec):
    with LOCK:
        fp.write(json.dumps(rec, sort_keys=True) + "\n")
        fp.flush()


def upload_size(path):
    parts = (path or "").split("/")
    if len(parts) == 3 and parts[0] == "" and parts[1] == "upload" and parts[2].isdigit():
        n = int(parts[2])
        if n <= 4 * 1024 * 1024:
            return n
    return None


def handle(conn, addr, fam, logfp):
    conn.settimeout(60)
    local = conn.getsockname()
    rec = {"family": fam, "peer": addr[0], "peer_port": addr[1],
           "local": local[0], "local_port": local[1], "request_id": None,
           "method": None, "path": None, "status": None, "request_body_bytes": 0,
           "request_body_ok": None, "header_bytes": 0, "body_bytes": 0,
           "bytes_sent": 0, "complete": False, "error": None}
    try:
        data = b""
        while b"\r\n\r\n" not in data and len(data) <= 65536:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        reqline = lines[0].decode("latin-1").split(" ")
        if len(reqline) >= 2:
            rec["method"], rec["path"] = reqline[0], reqline[1]
        clen = 0
        for line in lines[1:]:
            low = line.lower()
            if low.startswith(b"x-request-id:"):
                rec["request_id"] = line.split(b":", 1)[1].strip().decode("latin-1")
            elif low.startswith(b"content-length:"):
                clen = int(line.split(b":", 1)[1].strip())
        body_in = rest
        while len(body_in) < clen:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body_in += chunk
        rec["request_body_bytes"] = len(body_in)
        if rec["method"] == "GET" and parse_size(rec["path"] or "") is not None:
            status, body = "200 OK", body_for(rec["path"], parse_size(rec["path"]))
        elif rec["method"] == "POST" and upload_size(rec["path"]) is not None:
            n = upload_size(rec["path"])
            ok = len(body_in) == n == clen and body_in == body_for(rec["path"], n)
            rec["request_body_ok"] = ok
            status, body = ("200 OK", b"ok %d\n" % n) if ok else ("400 Bad Request", b"bad %d\n" % n)
        else:
            status, body = "404 Not Found", b""
        rec["status"] = int(status.split()[0])
        hdr = ("HTTP/1.1 %s\r\nServer: pcapflow-capture\r\n"
               "Content-Type: application/octet-stream\r\n"
               "Content-Length: %d\r\nConnection: close\r\n\r\n" % (status, len(body))).encode()
        rec["header_bytes"], rec["body_bytes"] = len(hdr), len(body)
        payload = hdr + body
        view = memoryview(payload)
        sent = 0
        while sent < len(payload):
            n = conn.send(view[sent:sent + 16384])
            if n <= 0:
                break
            sent += n
            rec["bytes_sent"] = sent
        rec["complete"] = sent == len(payload)
    except (OSError, ValueError) as e:
        rec["error"] = type(e).__name__ + ": " + str(e)
    finally:
        try:
            conn.close()
        except OSError:
            pass
        log(logfp, rec)


def serve(sock, fam, logfp):
    while True:
        conn, addr = sock.accept()
        threading.Thread(target=handle, args=(conn, addr, fam, logfp), daemon=True).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=300.0, help="exit after this many seconds")
    a = ap.parse_args()
    logfp = open(a.log, "a", buffering=1)
    for fam, host, name in ((socket.AF_INET, "0.0.0.0", "ipv4"), (socket.AF_INET6, "::", "ipv6")):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, a.port))
        s.listen(16)
        threading.Thread(target=serve, args=(s, name, logfp), daemon=True).start()
    print("loss server listening on port %d (ipv4+ipv6)" % a.port, flush=True)
    time.sleep(a.lifetime)


if __name__ == "__main__":
    main()
