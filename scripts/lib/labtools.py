"""Running the reference tools and reading the JSON-lines logs, for the writers of MANIFEST.md and
truth.json: scripts/captures/manifest.py, scripts/captures/loss_manifest.py and
scripts/lab/lab_truth.py (each adds this folder to sys.path). python3 standard library only.
"""
import json
import os
import subprocess


def sh(cmd, timeout=120):
    """(stdout, stderr) of cmd; ("", "(TOOL failed: why)") when it cannot run or times out."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.stdout, p.stderr
    except (OSError, subprocess.TimeoutExpired) as e:
        return "", "(%s failed: %s)" % (cmd[0], e)


def load(path):
    """The records of a JSON-lines log; [] when the file does not exist."""
    if not os.path.exists(path):
        return []
    with open(path) as fp:
        return [json.loads(line) for line in fp if line.strip()]


def tool_version(cmd, lines=1):
    """The first `lines` non-empty lines of a tool's version output (stdout, then stderr), joined
    with " / "; tshark's "Running as user" warning left out."""
    out, err = sh(cmd)
    found = [l for l in (out + err).splitlines() if l.strip() and "Running as user" not in l]
    return " / ".join(found[:lines]) if found else "(no output)"


def capinfos(pcap, *options):
    """The "Key: value" lines of `capinfos -M OPTIONS pcap` (the first of each key; the indented
    per-interface lines left out)."""
    out, _ = sh(["capinfos", "-M"] + list(options) + [pcap])
    info = {}
    for line in out.splitlines():
        if ":" in line and not line.startswith(" "):
            k, v = line.split(":", 1)
            info.setdefault(k.strip(), v.strip())
    return info
