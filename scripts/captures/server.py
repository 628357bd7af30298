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
import argparse
import json
import socket
import sys
import threading
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from body import body_for, parse_size  # noqa: E402

LOCK = threading.Lock()


def log(fp, rec):
    with LOCK:
        fp.write(json.dumps(rec, sort_keys=True) + "\n")
        fp.flush()


def read_head(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) > 65536:
            break
    return data


def handle(conn, addr, fam, logfp):
    conn.settimeout(20)
    local = conn.getsockname()
    rec = {"family": fam, "peer": addr[0], "peer_port": addr[1],
           "local": local[0], "local_port": local[1], "request_id": None,
           "method": None, "path": None, "status": None, "header_bytes": 0,
           "body_bytes": 0, "bytes_sent": 0, "complete": False, "error": None}
    try:
        head = read_head(conn)
        lines = head.split(b"\r\n")
        reqline = lines[0].decode("latin-1").split(" ")
        if len(reqline) >= 2:
            rec["method"], rec["path"] = reqline[0], reqline[1]
        for line in lines[1:]:
            if line.lower().startswith(b"x-request-id:"):
                rec["request_id"] = line.split(b":", 1)[1].strip().decode("latin-1")
        size = parse_size(rec["path"] or "") if rec["method"] == "GET" else None
        if size is None:
            status, body = "404 Not Found", b""
        else:
            status, body = "200 OK", body_for(rec["path"], size)
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
    except OSError as e:
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
    socks = []
    for fam, host, name in ((socket.AF_INET, "0.0.0.0", "ipv4"), (socket.AF_INET6, "::", "ipv6")):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, a.port))
        s.listen(16)
        socks.append(s)
        threading.Thread(target=serve, args=(s, name, logfp), daemon=True).start()
    print("server listening on port %d (ipv4+ipv6)" % a.port, flush=True)
    time.sleep(a.lifetime)


if __name__ == "__main__":
    main()
