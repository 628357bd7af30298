#!/usr/bin/env python3
"""MANIFEST.md for scripts/make-loss-captures.sh, with the drop accounting.

For every phase it compares the capture taken on the sender's side of the box
(before the FORWARD-chain DROP rules) with the one on the receiver's side
(after them): every TCP packet is keyed by its addresses, ports, raw seq/ack,
payload length, flags, IPv4 id and TCP timestamp value; the multiset difference
before - after is the set of packets the box dropped and must have exactly as
many members as the DROP rules' packet counters, and after - before must be empty.
"""
import argparse
import collections
import datetime
import os
import platform
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from labtools import capinfos, load, sh, tool_version  # noqa: E402

ANALYSIS = [
    ("retransmission", "tcp.analysis.retransmission"),
    ("fast_retransmission", "tcp.analysis.fast_retransmission"),
    ("spurious_retransmission", "tcp.analysis.spurious_retransmission"),
    ("lost_segment", "tcp.analysis.lost_segment"),
    ("ack_lost_segment", "tcp.analysis.ack_lost_segment"),
    ("duplicate_ack", "tcp.analysis.duplicate_ack"),
    ("out_of_order", "tcp.analysis.out_of_order"),
    ("with SACK blocks", "tcp.options.sack_le"),
]
FIELDS = ["frame.number", "frame.time_epoch", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport",
          "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "tcp.flags", "ip.id",
          "tcp.options.timestamp.tsval", "tcp.stream", "ip.len", "ipv6.plen", "tcp.flags.str"]
SERVER_PORT = "80"


def version(cmd):
    return tool_version(cmd, 2 if cmd[0] == "tcpdump" else 1)


def tshark_frames(pcap, flt):
    out, _ = sh(["tshark", "-r", pcap, "-Y", flt, "-T", "fields", "-e", "frame.number"])
    return {int(x) for x in out.split()}


def packets(pcap, label):
    out, _ = sh(["tshark", "-r", pcap, "-Y", "tcp", "-T", "fields", "-E", "separator=\t"] +
                sum((["-e", f] for f in FIELDS), []))
    res = []
    for line in out.splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        p = {
            "file": label, "frame": int(v["frame.number"]), "time": float(v["frame.time_epoch"]),
            "src": v["ip.src"] or v["ipv6.src"], "dst": v["ip.dst"] or v["ipv6.dst"],
            "sport": v["tcp.srcport"], "dport": v["tcp.dstport"],
            "seq": int(v["tcp.seq_raw"]), "ack": int(v["tcp.ack_raw"] or 0),
            "len": int(v["tcp.len"]), "flags": int(v["tcp.flags"], 16),
            "ipid": v["ip.id"], "tsval": v["tcp.options.timestamp.tsval"],
            "iplen": int(v["ip.len"]) if v["ip.len"] else int(v["ipv6.plen"]) + 40,
            "flagstr": v["tcp.flags.str"].replace("\u00b7", ".").strip(),
        }
        p["key"] = (p["src"], p["dst"], p["sport"], p["dport"], p["seq"], p["ack"], p["len"],
                    p["flags"], p["ipid"], p["tsval"])
        res.append(p)
    return res


def drop_counters(text):
    """[(pkts, direction, rule text)] for the DROP rules in `-L FORWARD -v -x -n` output."""
    res = []
    for line in text.splitlines():
        f = line.split()
        if len(f) > 6 and f[2] == "DROP" and f[0].isdigit():
            direction = "server->client" if f[5] == "outside0" else "client->server"
            res.append((int(f[0]), direction, " ".join(f[2:])))
    return res


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)


def covers(p, seq):
    """True if packet p (same direction) carries sequence number seq."""
    return p["len"] > 0 and (seq - p["seq"]) % (1 << 32) < p["len"]


def direction(p):
    return "server->client" if p["sport"] == SERVER_PORT else "client->server"


def accounting(inside, outside, flags_inside, flags_outside):
    """Per direction: sender-leg capture minus receiver-leg capture (= dropped in the box) and
    the reverse (must be empty). server->client packets are sent into outside0 and leave by
    inside0; client->server the other way round."""
    res = {}
    isn = {}
    for p in inside + outside:
        if p["flags"] & 0x02:
            isn.setdefault((p["src"], p["sport"], p["dst"], p["dport"]), p["seq"])
    rows = []
    for dirn, before, after, flags_after in (
            ("server->client", outside, inside, flags_inside),
            ("client->server", inside, outside, flags_outside)):
        before = [p for p in before if direction(p) == dirn]
        after = [p for p in after if direction(p) == dirn]
        cb = collections.Counter(p["key"] for p in before)
        ca = collections.Counter(p["key"] for p in after)
        dropped_keys = cb - ca
        extra = ca - cb
        # the dropped packets in sender-leg order (for identical duplicates, the last copies)
        left = collections.Counter(dropped_keys)
        dropped = []
        for p in reversed(before):
            if left[p["key"]] > 0:
                left[p["key"]] -= 1
                dropped.append(p)
        dropped.reverse()
        res[dirn] = (len(dropped), sum(extra.values()))
        for d in dropped:
            k = (d["src"], d["sport"], d["dst"], d["dport"])
            rel = (d["seq"] - isn[k]) % (1 << 32) if k in isn else None
            client_port = d["dport"] if dirn == "server->client" else d["sport"]
            # first packet on the receiver's leg, at or after the drop, that carries the dropped
            # segment's first byte (the retransmission that got through)
            first = None
            if d["len"] > 0:
                for p in after:
                    if (p["src"], p["sport"], p["dst"], p["dport"]) == k and covers(p, d["seq"]) \
                            and p["time"] >= d["time"]:
                        first = p
                        break
            if first is not None:
                fl = [n for n, fs in flags_after.items() if first["frame"] in fs and n != "with SACK blocks"]
                delivered = "%s frame %d (%s)" % (first["file"], first["frame"], ", ".join(fl) or "no tshark flag")
            else:
                delivered = "- (no payload)" if d["len"] == 0 else "never (not on the receiver's leg)"
            rows.append([d["file"], d["frame"], dirn, client_port, rel if rel is not None else "?",
                         d["len"], d["flagstr"], d["ipid"] or "-", d["tsval"] or "-", delivered])
    rows.sort(key=lambda r: (r[2] != "server->client", r[1]))
    return res, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--repo-root", required=True)
    ap.add_argument("--notes", required=True)
    ap.add_argument("--offloads", required=True)
    ap.add_argument("--snaplen", required=True)
    ap.add_argument("--namespaces", required=True)
    a = ap.parse_args()

    phases = []
    with open(os.path.join(a.work, "phases.tsv")) as fp:
        for line in fp:
            if line.strip():
                phases.append(dict(zip(["name", "fam", "after_if", "before_if", "suffix", "ipt"],
                                       line.rstrip("\n").split("\t"))))
    server_log = load(os.path.join(a.dir, "server-log.jsonl"))
    srv_by_id = {r["request_id"]: r for r in server_log if r.get("request_id")}

    L = []
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    L += ["# Packet-loss test captures: how they were made and what they contain", "",
          "Generated by `scripts/make-loss-captures.sh` (helpers `scripts/captures/loss_server.py`, "
          "`loss_client.py`, `loss_manifest.py`, `body.py`) on %s." % now,
          "Every file in this folder is regenerated by that script; do not edit by hand.",
          "Sequence numbers, timestamps, which packets the random rules drop (and so the counts below) "
          "differ between runs; the topology, rules, request plan, client ports and bodies do not.", ""]
    L += ["## Tools", "", md_table(["tool", "version"], [
        ["tcpdump", version(["tcpdump", "--version"])],
        ["tshark", version(["tshark", "--version"])],
        ["capinfos", version(["capinfos", "--version"])],
        ["iptables", version(["iptables", "--version"])],
        ["ip6tables", version(["ip6tables", "--version"])],
        ["ethtool", version(["ethtool", "--version"])],
        ["python3", platform.python_version()],
        ["kernel", platform.release()],
    ]), ""]
    L += ["## Topology and address plan", "",
          "Three network namespaces created by the script (`%s`), joined by veth pairs. " % a.namespaces +
          "The box **routes** (ip_forward / IPv6 forwarding on, **no NAT**), so the same packet carries the same "
          "addresses, ports, sequence numbers, IPv4 id and TCP timestamps on both of its legs.",
          "Only documentation addresses are used (RFC 5737, RFC 3849).", "",
          md_table(["host", "interface", "IPv4", "IPv6", "role"], [
              ["client", "eth0", "192.0.2.2/24", "2001:db8:1::2/64",
               "runs `loss_client.py`; default routes via the box"],
              ["box", "inside0", "192.0.2.1/24", "2001:db8:1::1/64", "client-side leg"],
              ["box", "outside0", "198.51.100.1/24", "2001:db8:2::1/64", "server-side leg"],
              ["server", "eth0", "198.51.100.2/24", "2001:db8:2::2/64", "`loss_server.py` on port 80"],
          ]), "",
          "- Offloads: %s; MTU 1500; full segments carry 1448 payload bytes over IPv4 (MSS 1460) and 1428 over IPv6 (MSS 1440) with TCP timestamps; "
          "SACK, timestamps and window scaling on (kernel defaults)." % a.offloads,
          "- No added delay (this kernel has no netem): RTTs are well below a millisecond, so loss is "
          "repaired by fast retransmit / RACK / tail-loss probes, or by a retransmission timeout (>= 200 ms).",
          "- Loss comes from iptables/ip6tables DROP rules in the box's FORWARD chain (listed per phase). "
          "FORWARD runs after the packet was captured on its ingress leg and before it reaches the egress "
          "leg, so a dropped packet is in the sender-side capture and missing from the receiver-side one.",
          "- Captures: `tcpdump -U -n -s %s -i <leg> -w <file>` in the box, both legs at once, classic pcap, "
          "Ethernet, microsecond timestamps, snaplen %s (headers complete, payload cut: caplen < len on "
          "data segments)." % (a.snaplen, a.snaplen),
          "- Before the phases one uncaptured TCP connect per family resolves the neighbours (ARP/ND can still appear later).",
          "- Client ports are fixed per request (below); one TCP connection per request, `Connection: close`, "
          "the server closes first.",
          "- `client-log.jsonl` / `server-log.jsonl`: one JSON line per connection from each end.", ""]
    L += ["## Bodies", "",
          "`GET /size/N`: 200, body = first N bytes of `sha256(path) || sha256(sha256(path)) || ...` "
          "(`scripts/captures/body.py`, path as sent). `POST /upload/N`: the client sends that same chain for "
          "the path `/upload/N` as the request body (Content-Length N); the server checks it and answers 200 "
          "with the 5-byte-plus body `ok N\\n` (400 `bad N\\n` if it differs). Response header: "
          "`HTTP/1.1 <status>`, `Server: pcapflow-capture`, `Content-Type: application/octet-stream`, "
          "`Content-Length`, `Connection: close`.", ""]

    mismatch = False
    summary_rows = []
    for ph in phases:
        name, wd = ph["name"], os.path.join(a.work, ph["name"])
        f_after, f_before = name + ".pcap", "%s-%s.pcap" % (name, ph["suffix"])
        f_in, f_out = (f_after, f_before) if ph["after_if"] == "inside0" else (f_before, f_after)
        with open(os.path.join(wd, "rules.txt")) as fp:
            rules = fp.read().strip()
        with open(os.path.join(wd, "counters-before.txt")) as fp:
            cnt_before = fp.read().rstrip()
        with open(os.path.join(wd, "counters-after.txt")) as fp:
            cnt_after = fp.read().rstrip()
        counters = drop_counters(cnt_after)
        flags = {f: {n: tshark_frames(os.path.join(a.dir, f), flt) for n, flt in ANALYSIS}
                 for f in (f_in, f_out)}
        p_in = packets(os.path.join(a.dir, f_in), "`%s`" % f_in)
        p_out = packets(os.path.join(a.dir, f_out), "`%s`" % f_out)
        res, rows = accounting(p_in, p_out, flags[f_in], flags[f_out])
        dirs = sorted({d for _, d, _ in counters}, reverse=True)
        clients = load(os.path.join(wd, "client-log.jsonl"))

        L += ["## Phase `%s`" % name, ""]
        legs = {"inside0": "the client's leg", "outside0": "the server's leg"}
        for f, ifc in ((f_after, ph["after_if"]), (f_before, ph["before_if"])):
            if len(dirs) == 2:
                role = ("after the drop point for server->client packets and before it for client->server "
                        "packets" if ifc == "inside0" else
                        "before the drop point for server->client packets and after it for client->server packets")
            elif (dirs[0] == "server->client") == (ifc == "inside0"):
                role = ("**after** the drop point: the receiver's view (gaps, out-of-order arrivals, "
                        "the retransmissions that fill them; a retransmission whose original never got "
                        "here can look like an ordinary segment)")
            else:
                role = ("**before** the drop point: the sender's view (every packet the sender transmitted, "
                        "including the ones the box then dropped; its retransmissions; the receiver's dup "
                        "ACKs and SACK blocks as they reach the sender)")
            L.append("- `%s`: captured on the box's `%s` (%s) = %s." % (f, ifc, legs[ifc], role))
        L += ["", "Rules (in the box; the chain was flushed and zeroed before, flushed after the phase):", "",
              "```", rules, "```", "",
              "`%s -L FORWARD -v -x -n` before the traffic:" % ph["ipt"], "", "```", cnt_before, "```", "",
              "and after it:", "", "```", cnt_after, "```", ""]
        L += ["Connections (client port = source port on the client, fixed by the script):", "",
              md_table(["id", "family", "client port", "method", "path",
                        "request body bytes (client sent / server got)",
                        "response bytes (server sent / client got)", "status", "body ok", "duration s"],
                       [[c["request_id"], c["family"], c["local_port"], c["method"], "`%s`" % c["path"],
                         "%d / %s" % (c["request_body_bytes"],
                                      srv_by_id.get(c["request_id"], {}).get("request_body_bytes", "?")),
                         "%s / %d" % (srv_by_id.get(c["request_id"], {}).get("bytes_sent", "?"),
                                      c["bytes_received"]),
                         c["status"], c["body_ok"], "%.3f" % (c["t_end"] - c["t_start"])]
                        for c in clients]), ""]
        hdr = ["file", "leg", "packets", "TCP packets", "file bytes"] + [n for n, _ in ANALYSIS]
        trs = []
        for f, ifc in ((f_after, ph["after_if"]), (f_before, ph["before_if"])):
            ci = capinfos(os.path.join(a.dir, f), "-c", "-s", "-l", "-t")
            ntcp = len(p_in if f == f_in else p_out)
            counts = [len(flags[f][n]) for n, _ in ANALYSIS]
            row = ["`%s`" % f, ifc, ci.get("Number of packets", "?"), ntcp,
                   os.path.getsize(os.path.join(a.dir, f))] + counts
            trs.append(row)
            summary_rows.append(row)
        L += ["tshark expert analysis (`tshark -r FILE -Y tcp.analysis.X | wc -l`; the last column counts "
              "packets carrying SACK blocks):", "", md_table(hdr, trs), ""]
        L += ["### Drop accounting", "",
              "Per direction, the sender-leg capture (server->client: `%s`, client->server: `%s`) minus the "
              "receiver-leg one, as multisets of TCP packets keyed by src, dst, ports, raw seq, raw ack, payload "
              "length, flags, IPv4 id and TSval, must equal the DROP counter of that direction's rule, and the "
              "receiver-leg capture must hold nothing the sender-leg one lacks." % (f_out, f_in), ""]
        arows = []
        for dirn in ("server->client", "client->server"):
            counted = sum(c for c, d, _ in counters if d == dirn)
            has_rule = any(d == dirn for _, d, _ in counters)
            missing, extra = res[dirn]
            ok = missing == counted and extra == 0
            mismatch |= not ok
            arows.append([dirn, counted if has_rule else "0 (no rule)", missing, extra,
                          "consistent" if ok else "MISMATCH"])
        L += [md_table(["direction", "DROP counter", "in sender leg, missing from receiver leg",
                        "in receiver leg, missing from sender leg", "result"], arows), ""]
        L += ["The dropped packets (frame = frame number in the sender-leg file; rel seq relative to the ISN, "
              "i.e. 1 = first byte; delivered = first frame on the receiver's leg, at or after the drop, that "
              "carries the dropped segment's first byte, with tshark's flags for it):", "",
              md_table(["file", "frame", "direction", "client port", "rel seq", "len", "flags", "ip id", "TSval",
                        "delivered"], rows), ""]

    L += ["## Summary", "", md_table(["file", "leg", "packets", "TCP packets", "file bytes"] +
                                     [n for n, _ in ANALYSIS],
                                     summary_rows), ""]
    notes = [l for l in open(a.notes).read().splitlines() if l.strip()]
    L += ["## Notes", "",
          "- tshark's labels for the segment that repairs a loss follow its heuristics, not the truth: with "
          "sub-millisecond RTTs some retransmissions are labelled Out-Of-Order instead of Retransmission, and "
          "a retransmission of a lost tail segment (repaired by a timeout or tail-loss probe) carries no flag "
          "at all on the receiver's leg, which never saw the original. The drop accounting above is the "
          "ground truth.",
          "- `lost_segment` on the receiver's leg counts gaps (one per hole in the sequence space seen there); "
          "the sender's leg has none because every segment passes it."]
    L += ["- " + n for n in notes] + [""]
    with open(a.out, "w") as fp:
        fp.write("\n".join(L))


if __name__ == "__main__":
    main()
