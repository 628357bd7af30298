#!/usr/bin/env python3
"""iptables/ip6tables counters as JSON (run inside a lab namespace by `lab.sh counters`).

Runs `iptables -t TABLE -L -v -x -n --line-numbers` (and ip6tables) for the filter and nat
tables and prints one JSON object:
  {"ipv4": {"filter": {"FORWARD": {"policy", "packets", "bytes", "rules": [RULE...]}, ...},
            "nat": {...}},
   "ipv6": {...}}
RULE = {"num", "packets", "bytes", "target", "prot", "opt", "in", "out", "source",
        "destination", "match", "comment"}
`match` is the rest of the line without the comment; `comment` the text of `-m comment`
(/* ... */) or null. User-defined chains have "policy": null and "references".
`--parse FILE` parses saved `-L -v -x -n --line-numbers` text of one table instead.
"""
import argparse
import json
import re
import subprocess
import sys

HEAD = re.compile(r"^Chain (\S+) \((?:policy (\S+) (\d+) packets, (\d+) bytes|(\d+) references)\)")
COMMENT = re.compile(r"/\* (.*?) \*/")


def parse(text):
    chains, cur = {}, None
    for line in text.splitlines():
        m = HEAD.match(line)
        if m:
            cur = {"policy": m.group(2), "packets": int(m.group(3)) if m.group(3) else None,
                   "bytes": int(m.group(4)) if m.group(4) else None, "rules": []}
            if m.group(5):
                cur["references"] = int(m.group(5))
            chains[m.group(1)] = cur
            continue
        f = line.split()
        if cur is None or not f or not f[0].isdigit():
            continue
        if f[3].isdigit():          # a rule without a target
            f.insert(3, "")
        rest = " ".join(f[10:])
        cm = COMMENT.search(rest)
        cur["rules"].append({
            "num": int(f[0]), "packets": int(f[1]), "bytes": int(f[2]), "target": f[3],
            "prot": f[4], "opt": f[5], "in": f[6], "out": f[7], "source": f[8],
            "destination": f[9], "match": COMMENT.sub("", rest).strip(),
            "comment": cm.group(1) if cm else None})
    return chains


def dump():
    res = {}
    for fam, tool in (("ipv4", "iptables"), ("ipv6", "ip6tables")):
        res[fam] = {}
        for table in ("filter", "nat"):
            p = subprocess.run([tool, "-t", table, "-L", "-v", "-x", "-n", "--line-numbers"],
                               capture_output=True, text=True)
            res[fam][table] = parse(p.stdout) if p.returncode == 0 else {"error": p.stderr.strip()}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parse")
    a = ap.parse_args()
    if a.parse:
        with open(a.parse) as fp:
            out = parse(fp.read())
    else:
        out = dump()
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
