"""Deterministic response bodies shared by server.py and client.py.

The body for a path of the form /size/N is the first N bytes of the chain
    b0 = sha256(path_utf8), b(i+1) = sha256(b(i))
concatenated: b0 || b1 || b2 || ...  (32 bytes per block).
`path` is the request target exactly as sent (no query string is used).
"""
import hashlib

MAX_SIZE = 4 * 1024 * 1024


def body_for(path: str, size: int) -> bytes:
    out = bytearray()
    block = hashlib.sha256(path.encode("utf-8")).digest()
    while len(out) < size:
        out += block
        block = hashlib.sha256(block).digest()
    return bytes(out[:size])


def parse_size(path: str):
    """Return N for '/size/N' (0 <= N <= MAX_SIZE), else None."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "" and parts[1] == "size" and parts[2].isdigit():
        n = int(parts[2])
        if n <= MAX_SIZE:
            return n
    return None
