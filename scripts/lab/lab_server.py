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
import argparse
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "captures"))
from body import body_for  # noqa: E402

LOCK = threading.Lock()
MAX_SIZE = 4 * 1024 * 1024


def log(fp, rec):
    with LOCK:
        fp.write(json.dumps(rec, sort_keys=True) + "\n")
        fp.flush()


def parse_path(path):
    """(request_id, op, n) for /ID/size/N or /ID/upload/N, else (first segment or None, None, None)."""
    parts = (path or "").split("/")
    if len(parts) == 4 and parts[0] == "" and parts[1] and parts[2] in ("size", "upload") \
            and parts[3].isdigit() and int(parts[3]) <= MAX_SIZE:
        return parts[1], parts[2], int(parts[3])
    return (parts[1] if len(parts) > 1 and parts[1] else None), None, None


def parse_head(raw, rec):
    lines = raw.split(b"\r\n")
    reqline = lines[0].decode("latin-1").split(" ")
    if len(reqline) >= 2:
        rec["method"], rec["path"] = reqline[0], reqline[1]
        rec["request_id"] = parse_path(rec["path"])[0]
    clen = 0
    for line in lines[1:]:
        low = line.lower()
        if low.startswith(b"x-request-id:"):
            rec["request_id"] = line.split(b":", 1)[1].strip().decode("latin-1")
        elif low.startswith(b"content-length:"):
            clen = int(line.split(b":", 1)[1].strip())
    return clen


def respond(conn, rec, body_in, clen):
    _, op, n = parse_path(rec["path"])
    if rec["method"] == "GET" and op == "size":
        status, body = "200 OK", body_for(rec["path"], n)
    elif rec["method"] == "POST" and op == "upload":
        ok = len(body_in) == n == clen and body_in == body_for(rec["path"], n)
        rec["request_body_ok"] = ok
        status, body = ("200 OK", b"ok %d\n" % n) if ok else ("400 Bad Request", b"bad %d\n" % n)
    else:
        status, body = "404 Not Found", b""
    rec["status"] = int(status.split()[0])
    hdr = ("HTTP/1.1 %s\r\nServer: pcapflow-lab\r\n"
           "Content-Type: application/octet-stream\r\n"
           "Content-Length: %d\r\nConnection: close\r\n\r\n" % (status, len(body))).encode()
    rec["header_bytes"], rec["body_bytes"] = len(hdr), len(body)
    payload = hdr + body
    view = memoryview(payload)
    sent = 0
    while sent < len(payload):
        k = conn.send(view[sent:sent + 16384])
        if k <= 0:
            break
        sent += k
        rec["bytes_sent"] = sent
    rec["complete"] = sent == len(payload)


def handle(conn, addr, fam, logfp, read_timeout):
    conn.settimeout(read_timeout)
    local = conn.getsockname()
    rec = {"request_id": None, "family": fam, "peer": addr[0], "peer_port": addr[1],
           "local": local[0], "local_port": local[1], "method": None, "path": None,
           "status": None, "bytes_received": 0, "request_body_bytes": 0, "request_body_ok": None,
           "header_bytes": 0, "body_bytes": 0, "bytes_sent": 0, "complete": False,
           "error": None, "t_accept": time.time(), "t_end": None}
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) <= 65536:
            chunk = conn.recv(65536)
            rec["bytes_received"] += len(chunk)
            if not chunk:
                break
            data += chunk
            parse_head(data.partition(b"\r\n\r\n")[0], rec)
        if b"\r\n\r\n" not in data:
            rec["error"] = "EOF before the end of the request head" if data else "EOF before any request byte"
        else:
            head, _, rest = data.partition(b"\r\n\r\n")
            clen = parse_head(head, rec)
            body_in = rest
            while len(body_in) < clen:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                rec["bytes_received"] += len(chunk)
                body_in += chunk
            rec["request_body_bytes"] = len(body_in)
            respond(conn, rec, body_in, clen)
    except (OSError, ValueError) as e:
        rec["error"] = type(e).__name__ + ": " + str(e)
    finally:
        try:
            conn.close()
        except OSError:
            pass
        rec["t_end"] = time.time()
        log(logfp, rec)


def serve(sock, fam, logfp, read_timeout):
    while True:
        conn, addr = sock.accept()
        threading.Thread(target=handle, args=(conn, addr, fam, logfp, read_timeout), daemon=True).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=900.0, help="exit after this many seconds")
    ap.add_argument("--read-timeout", type=float, default=60.0)
    a = ap.parse_args()
    logfp = open(a.log, "a", buffering=1)
    for fam, host, name in ((socket.AF_INET, "0.0.0.0", "ipv4"), (socket.AF_INET6, "::", "ipv6")):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, a.port))
        s.listen(64)
        threading.Thread(target=serve, args=(s, name, logfp, a.read_timeout), daemon=True).start()
    print("lab server listening on port %d (ipv4+ipv6)" % a.port, flush=True)
    time.sleep(a.lifetime)


if __name__ == "__main__":
    main()
