"""HTTP/1.1 pieces shared by the capture and lab servers and clients, python3 standard library only.

Used by scripts/captures/{server,loss_server,client,loss_client}.py and
scripts/lab/{lab_server,lab_client}.py (each adds this folder to sys.path). The servers decide
what to answer; this module reads and parses the request, sends the fixed response header
("Connection: close", no Date header, so header sizes are exact), listens on IPv4 and IPv6 and
writes the one-JSON-line-per-connection log. Request and response bytes are exactly what the
scripts sent before this module existed.
"""
import argparse
import contextlib
import json
import socket
import threading
import time

HEAD_END = b"\r\n\r\n"
MAX_HEAD = 65536
_LOCK = threading.Lock()


def log(fp, rec):
    """One JSON line (sorted keys) per record; safe from several threads."""
    with _LOCK:
        fp.write(json.dumps(rec, sort_keys=True) + "\n")
        fp.flush()


def error_text(e):
    return type(e).__name__ + ": " + str(e)


# ------------------------------------------------------------------ servers

def connection_record(conn, addr, fam, **extra):
    """The log fields every server writes for an accepted connection, plus `extra`."""
    local = conn.getsockname()
    rec = {"family": fam, "peer": addr[0], "peer_port": addr[1],
           "local": local[0], "local_port": local[1], "request_id": None,
           "method": None, "path": None, "status": None, "header_bytes": 0,
           "body_bytes": 0, "bytes_sent": 0, "complete": False, "error": None}
    rec.update(extra)
    return rec


def read_head(conn, on_data=None):
    """Bytes read until the end of the request head (or EOF, or more than MAX_HEAD bytes);
    on_data(all bytes so far) after each read."""
    data = b""
    while HEAD_END not in data and len(data) <= MAX_HEAD:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if on_data:
            on_data(data)
    return data


def parse_head(head, rec, request_id_of_path=None):
    """Method, path and X-Request-Id of a request head into rec; returns its Content-Length (0 without).
    request_id_of_path(path) gives the request id when there is no X-Request-Id header."""
    lines = head.split(b"\r\n")
    reqline = lines[0].decode("latin-1").split(" ")
    if len(reqline) >= 2:
        rec["method"], rec["path"] = reqline[0], reqline[1]
        if request_id_of_path:
            rec["request_id"] = request_id_of_path(rec["path"])
    clen = 0
    for line in lines[1:]:
        low = line.lower()
        if low.startswith(b"x-request-id:"):
            rec["request_id"] = line.split(b":", 1)[1].strip().decode("latin-1")
        elif low.startswith(b"content-length:"):
            clen = int(line.split(b":", 1)[1].strip())
    return clen


def read_body(conn, rest, clen, on_chunk=None):
    """The request body: `rest` (read with the head) and then up to Content-Length bytes in all."""
    body = rest
    while len(body) < clen:
        chunk = conn.recv(65536)
        if not chunk:
            break
        if on_chunk:
            on_chunk(chunk)
        body += chunk
    return body


def upload_reply(rec, body_in, clen, expect):
    """(status, body) for an upload whose body must be `expect`: 200 "ok N\\n" when it is (and
    Content-Length says so), else 400 "bad N\\n"; rec["request_body_ok"] says which."""
    n = len(expect)
    ok = len(body_in) == n == clen and body_in == expect
    rec["request_body_ok"] = ok
    return ("200 OK", b"ok %d\n" % n) if ok else ("400 Bad Request", b"bad %d\n" % n)


def send_response(conn, rec, status, body, server):
    """The fixed response header and the body; status, header_bytes, body_bytes, bytes_sent
    (bytes accepted by the socket) and complete into rec."""
    rec["status"] = int(status.split()[0])
    hdr = ("HTTP/1.1 %s\r\nServer: %s\r\n"
           "Content-Type: application/octet-stream\r\n"
           "Content-Length: %d\r\nConnection: close\r\n\r\n" % (status, server, len(body))).encode()
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


@contextlib.contextmanager
def logged_connection(conn, logfp, rec):
    """Runs the body of the with-statement for one accepted connection: an OSError or ValueError in
    it becomes rec["error"]; then the connection is closed, rec["t_end"] (where the record has that
    field) set to the time, and rec logged."""
    try:
        yield
    except (OSError, ValueError) as e:
        rec["error"] = error_text(e)
    finally:
        try:
            conn.close()
        except OSError:
            pass
        if "t_end" in rec:
            rec["t_end"] = time.time()
        log(logfp, rec)


def serve_dual(port, backlog, handle):
    """Listen on 0.0.0.0:port and [::]:port (IPV6_V6ONLY); handle(conn, addr, "ipv4"|"ipv6") in a
    daemon thread per connection. Returns at once (the accept loops run in daemon threads)."""
    for fam, host, name in ((socket.AF_INET, "0.0.0.0", "ipv4"), (socket.AF_INET6, "::", "ipv6")):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((host, port))
        s.listen(backlog)
        threading.Thread(target=_accept_loop, args=(s, name, handle), daemon=True).start()


def _accept_loop(sock, fam, handle):
    while True:
        conn, addr = sock.accept()
        threading.Thread(target=handle, args=(conn, addr, fam), daemon=True).start()


def server_main(handle, name, lifetime=300.0, backlog=16, options=()):
    """The servers' command line (--port, default 80; --log FILE, required; --lifetime S, then exit;
    then `options`, (flag, add_argument keywords) pairs), the log opened for appending, both
    listeners, the banner "NAME listening on port P (ipv4+ipv6)", then `lifetime` seconds of
    handle(conn, addr, family, logfp, parsed arguments) per connection."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=80)
    ap.add_argument("--log", required=True)
    ap.add_argument("--lifetime", type=float, default=lifetime, help="exit after this many seconds")
    for flag, kw in options:
        ap.add_argument(flag, **kw)
    a = ap.parse_args()
    logfp = open(a.log, "a", buffering=1)
    serve_dual(a.port, backlog, lambda conn, addr, fam: handle(conn, addr, fam, logfp, a))
    print("%s listening on port %d (ipv4+ipv6)" % (name, a.port), flush=True)
    time.sleep(a.lifetime)


# ------------------------------------------------------------------ clients

def request_head(method, path, host, request_id, user_agent, body_len=None):
    """A request head WITHOUT its final empty line ("Connection: close"; with body_len, an
    octet-stream Content-Type and Content-Length)."""
    extra = "" if body_len is None else \
        "Content-Type: application/octet-stream\r\nContent-Length: %d\r\n" % body_len
    return ("%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\nX-Request-Id: %s\r\n%sConnection: close\r\n" % (
        method, path, host, user_agent, request_id, extra)).encode()


def bracketed(addr, ipv6):
    """addr as it stands in a Host header: [addr] for IPv6."""
    return "[%s]" % addr if ipv6 else addr


def parse_response(data, rec):
    """bytes_received, and for a complete head header_bytes, body_bytes and status, into rec.
    Returns the response body, or None when no complete head arrived."""
    rec["bytes_received"] = len(data)
    head, sep, body = data.partition(HEAD_END)
    if not sep:
        return None
    rec["header_bytes"], rec["body_bytes"] = len(head) + 4, len(body)
    try:
        rec["status"] = int(head.split(b"\r\n")[0].split()[1])
    except (IndexError, ValueError):
        pass
    return body
