#!/usr/bin/env python3
"""Ground truth (truth.json) and MANIFEST.md of one lab scenario run (scripts/lab/lab.sh run).

Joins the client log and the server log by request id, reads the box's iptables counters,
and looks at the captures with tshark: the client's SYN on the inside leg (its ISN), the
outside SYNs carrying the same ISN (MASQUERADE keeps sequence numbers), the payload bytes
each leg carried per direction, and - for the NAT topology - which packets were seen on a
leg where they entered the box but not on the leg where they should have left it (the
packets the box dropped), compared with the DROP rules' counters.
Exits 1 when a check fails (the run is then not usable as ground truth).
"""
import argparse
import collections
import datetime
import json
import os
import platform
import sys

sys.dont_write_bytecode = True   # no __pycache__ in scripts/ (as PYTHONDONTWRITEBYTECODE=1)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from labtools import capinfos, load, sh, tool_version  # noqa: E402

ADDR = {"client_v4": "192.0.2.2", "client_v6": "2001:db8:1::2",
        "box_inside_v4": "192.0.2.1", "box_inside_v6": "2001:db8:1::1",
        "box_outside_v4": "198.51.100.1", "box_outside_v6": "2001:db8:2::1",
        "server_v4": "198.51.100.2", "server_v6": "2001:db8:2::2"}
SERVER_PORT, PROXY_PORT = 80, 8080
FIELDS = ["frame.number", "frame.time_epoch", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
          "tcp.srcport", "tcp.dstport", "tcp.stream", "tcp.seq_raw", "tcp.ack_raw", "tcp.seq",
          "tcp.len", "tcp.flags", "ip.id", "tcp.options.timestamp.tsval"]
FILES = [("inside", "inside.pcap", "`tcpdump -U -i inside0 --time-stamp-precision=nano -w`",
          "client leg, nanosecond pcap, Ethernet"),
         ("outside", "outside.pcap", "`tcpdump -U -i outside0 --time-stamp-precision=nano -w`",
          "server leg, nanosecond pcap, Ethernet"),
         ("any", "any.pcap", "`tcpdump -U -i any -y LINUX_SLL2 -w`",
          "both legs in one file, Linux cooked v2 (interface index + direction per packet)"),
         ("both", "both.pcapng", "`dumpcap -i inside0 -i outside0 -w`",
          "pcapng, IDB 0 = inside0, IDB 1 = outside0 (if_name set), both legs")]


def packets(pcap):
    out, _ = sh(["tshark", "-r", pcap, "-Y", "tcp", "-T", "fields", "-E", "separator=\t"] +
                sum((["-e", f] for f in FIELDS), []))
    res = []
    for line in out.splitlines():
        v = dict(zip(FIELDS, line.split("\t")))
        p = {"frame": int(v["frame.number"]), "time": float(v["frame.time_epoch"]),
             "family": "ipv4" if v["ip.src"] else "ipv6",
             "src": v["ip.src"] or v["ipv6.src"], "dst": v["ip.dst"] or v["ipv6.dst"],
             "sport": int(v["tcp.srcport"]), "dport": int(v["tcp.dstport"]),
             "stream": int(v["tcp.stream"]), "seq": int(v["tcp.seq_raw"]),
             "ack": int(v["tcp.ack_raw"] or 0), "rseq": int(v["tcp.seq"] or 0),
             "len": int(v["tcp.len"]), "flags": int(v["tcp.flags"], 16),
             "ipid": v["ip.id"], "tsval": v["tcp.options.timestamp.tsval"]}
        p["key"] = (p["family"], p["seq"], p["ack"], p["len"], p["flags"], p["ipid"], p["tsval"])
        res.append(p)
    return res


def is_syn(p):
    return p["flags"] & 0x02 and not p["flags"] & 0x10


def leg_stats(pkts, stream, client_side_port):
    """Packets and unique payload bytes per direction of one tshark stream."""
    st = {"stream": stream, "packets": 0, "c2s_packets": 0, "s2c_packets": 0,
          "c2s_payload_bytes": 0, "s2c_payload_bytes": 0}
    for p in pkts:
        if p["stream"] != stream:
            continue
        d = "c2s" if p["sport"] == client_side_port else "s2c"
        st["packets"] += 1
        st[d + "_packets"] += 1
        if p["len"] > 0:
            st[d + "_payload_bytes"] = max(st[d + "_payload_bytes"], p["rseq"] + p["len"] - 1)
    return st


def direction(p, topology):
    port = PROXY_PORT if topology == "proxy" else SERVER_PORT
    if p["dport"] in (SERVER_PORT, port):
        return "c2s"
    return "s2c"


def drop_rules(counters):
    res = []
    for fam in ("ipv4", "ipv6"):
        for r in counters.get(fam, {}).get("filter", {}).get("FORWARD", {}).get("rules", []):
            if r["target"] != "DROP":
                continue
            words = r["match"].split()
            every = int(words[words.index("every") + 1]) if "every" in words else None
            packet = int(words[words.index("packet") + 1]) if "packet" in words else None
            res.append({"rule": r["comment"], "family": fam, "chain": "FORWARD",
                        "direction": "c2s" if r["in"] == "inside0" else "s2c",
                        "in": r["in"], "out": r["out"], "match": r["match"], "every": every,
                        "packet": packet, "packets": r["packets"], "bytes": r["bytes"]})
    return res


def drop_check(inside, outside, drops, topology):
    """Multiset difference between the leg where packets enter the box and the leg where they leave."""
    if topology != "nat":
        return None
    cnt = {"inside": collections.Counter(), "outside": collections.Counter()}
    for leg, pk in (("inside", inside), ("outside", outside)):
        for p in pk:
            cnt[leg][(direction(p, topology),) + p["key"]] += 1
    res = {}
    for fam in ("ipv4", "ipv6"):
        for d, ingress, egress in (("c2s", "inside", "outside"), ("s2c", "outside", "inside")):
            missing = [(k, n) for k, n in (cnt[ingress] - cnt[egress]).items() if k[0] == d and k[1] == fam]
            extra = [(k, n) for k, n in (cnt[egress] - cnt[ingress]).items() if k[0] == d and k[1] == fam]
            lost = sum(n for _, n in missing)
            res["%s_%s" % (fam, d)] = {
                "family": fam, "direction": d, "ingress": ingress, "egress": egress,
                "counter_packets": sum(x["packets"] for x in drops if x["family"] == fam and x["direction"] == d),
                "seen_on_ingress_only": lost,
                "data_segments": sum(n for k, n in missing if k[4] > 0),
                "pure_acks": sum(n for k, n in missing if k[4] == 0),
                "seen_on_egress_only": sum(n for _, n in extra)}
    return res


def join(a, client, server, inside, outside, topology, plan_ids):
    srv_by_id = collections.defaultdict(list)
    for s in server:
        srv_by_id[s.get("request_id")].append(s)
    order = {rid: i for i, rid in enumerate(plan_ids)}
    rows = []
    for c in sorted(client, key=lambda r: order.get(r["request_id"], 1e9)):
        ss = srv_by_id.get(c["request_id"], [])
        s = ss[-1] if ss else None
        syns = [p for p in inside if is_syn(p) and p["sport"] == c["local_port"] and p["family"] == c["family"]
                and c["t_start"] - 0.005 <= p["time"] <= (c["t_end"] or 1e12) + 0.5]
        isn = syns[0]["seq"] if syns else None
        out_syns = []
        if topology == "nat" and isn is not None:
            for p in outside:
                if is_syn(p) and p["seq"] == isn and (p["src"], p["sport"]) not in out_syns:
                    out_syns.append((p["src"], p["sport"]))
        r = {"request_id": c["request_id"], "family": c["family"], "kind": c["kind"],
             "method": c["method"], "path": c["path"], "size": c["size"], "outcome": c["outcome"],
             "status": c["status"], "body_ok": c["body_ok"],
             "client_addr": c["local"], "client_port": c["local_port"],
             "dst_addr": c["dst"], "dst_port": c["dst_port"],
             "outside_addr": s["peer"] if s else None, "outside_port": s["peer_port"] if s else None,
             "server_addr": s["local"] if s else None, "server_port": s["local_port"] if s else None,
             "client_bytes_sent": c["bytes_sent"], "client_bytes_received": c["bytes_received"],
             "server_bytes_received": s["bytes_received"] if s else None,
             "server_bytes_sent": s["bytes_sent"] if s else None,
             "server_error": s["error"] if s else None,
             "reuse": c["reuse"], "reuses": c["reuses"], "end_seen_by_box": c["end_seen_by_box"],
             "hidden_end_packets": c["hidden_end_packets"], "idle_seconds": c["idle_seconds"],
             "silent_from": c["silent_from"], "silent_until": c["silent_until"],
             "t_start": c["t_start"], "t_connected": c["t_connected"], "t_end": c["t_end"],
             "client_isn": isn, "outside_syn_ports": [p for _, p in out_syns],
             "inside": None, "outside": None}
        if syns:
            r["inside"] = leg_stats(inside, syns[0]["stream"], c["local_port"])
        if s:
            osyn = [p for p in outside if is_syn(p) and p["sport"] == s["peer_port"] and p["src"] == s["peer"]
                    and (topology != "nat" or p["seq"] == isn)]
            if osyn:
                r["outside"] = leg_stats(outside, osyn[-1]["stream"], s["peer_port"])
        rows.append(r)
    used = {id(s) for rid in (x["request_id"] for x in rows) for s in srv_by_id.get(rid, [])[-1:]}
    others = [s for s in server if id(s) not in used]
    return rows, others


def checks_for(a, rows, drops, dcheck, others):
    res = []

    def chk(name, ok, detail=""):
        res.append({"name": name, "ok": bool(ok), "detail": detail})

    for r in rows:
        rid = r["request_id"]
        chk(rid + ": client SYN in inside.pcap", r["client_isn"] is not None)
        chk(rid + ": server logged the connection", r["outside_port"] is not None)
        if a.topology == "nat" and r["outside_port"] is not None:
            chk(rid + ": server-seen port has the client's ISN in outside.pcap", r["outside_port"] in r["outside_syn_ports"],
                "outside SYN ports %s, server saw %s" % (r["outside_syn_ports"], r["outside_port"]))
        if r["outside_port"] is not None:
            chk(rid + ": server-seen connection in outside.pcap", r["outside"] is not None)
        if r["inside"] and r["outcome"] == "complete":
            chk(rid + ": inside c2s payload = client bytes sent",
                r["inside"]["c2s_payload_bytes"] == r["client_bytes_sent"],
                "%s vs %s" % (r["inside"]["c2s_payload_bytes"], r["client_bytes_sent"]))
            chk(rid + ": inside s2c payload = client bytes received",
                r["inside"]["s2c_payload_bytes"] == r["client_bytes_received"],
                "%s vs %s" % (r["inside"]["s2c_payload_bytes"], r["client_bytes_received"]))
        if r["outside"] and r["outcome"] == "complete":
            chk(rid + ": outside s2c payload = server bytes sent",
                r["outside"]["s2c_payload_bytes"] == r["server_bytes_sent"],
                "%s vs %s" % (r["outside"]["s2c_payload_bytes"], r["server_bytes_sent"]))
            chk(rid + ": outside c2s payload = server bytes received",
                r["outside"]["c2s_payload_bytes"] == r["server_bytes_received"],
                "%s vs %s" % (r["outside"]["c2s_payload_bytes"], r["server_bytes_received"]))
    if a.scenario == "nat-drop":
        chk("every DROP rule dropped packets", drops and all(d["packets"] > 0 for d in drops),
            ", ".join("%s=%d" % (d["rule"], d["packets"]) for d in drops))
    if dcheck:
        for k, v in sorted(dcheck.items()):
            chk("%s: packets seen entering the box but not leaving = DROP counters" % k,
                v["seen_on_ingress_only"] == v["counter_packets"] and v["seen_on_egress_only"] == 0,
                "ingress only %d, counters %d, egress only %d" % (
                    v["seen_on_ingress_only"], v["counter_packets"], v["seen_on_egress_only"]))
    return res


def manifest(a, truth):
    L = []
    w = L.append
    sc = a.scenario
    w("# Middlebox lab capture `%s`: how it was made and what it contains" % sc)
    w("")
    w("Generated by `scripts/lab/lab.sh run %s DIR`%s on %s in %s s. Every file here is regenerated by"
      % (sc, " --idle-seconds %s" % a.idle_seconds if sc == "idle" else "", truth["generated"], a.seconds))
    w("that command; do not edit by hand. Ports, ISNs, timings and drop counts change between runs: tests")
    w("read the ground truth from `truth.json` (and the logs), never from literals.")
    w("")
    w("## Tools")
    w("")
    w("| tool | version |")
    w("| --- | --- |")
    for t, cmd in (("tcpdump", ["tcpdump", "--version"]), ("dumpcap", ["dumpcap", "--version"]),
                   ("tshark", ["tshark", "--version"]), ("iptables", ["iptables", "--version"]),
                   ("socat", ["socat", "-V"])):
        if t == "socat" and a.topology != "proxy":
            continue
        v = tool_version(cmd)
        if t == "socat":
            v = [l for l in sh(cmd)[0].splitlines() if "version" in l][:1] or [v]
            v = v[0]
        w("| %s | %s |" % (t, v))
    w("| python3 | %s |" % platform.python_version())
    w("| kernel | %s |" % platform.release())
    w("")
    w("## Address plan and box")
    w("")
    w("Three network namespaces (`%s`) joined by veth pairs; documentation addresses only." % a.namespaces)
    w("")
    w("| host | interface | IPv4 | IPv6 |")
    w("| --- | --- | --- | --- |")
    w("| client | eth0 | 192.0.2.2/24 | 2001:db8:1::2/64 |")
    w("| box | inside0 | 192.0.2.1/24 | 2001:db8:1::1/64 |")
    w("| box | outside0 | 198.51.100.1/24 | 2001:db8:2::1/64 |")
    w("| server | eth0 | 198.51.100.2/24 | 2001:db8:2::2/64 |")
    w("")
    if a.topology == "nat":
        w("- The box forwards and masquerades: `iptables -t nat -A POSTROUTING -o outside0 -j MASQUERADE --random`")
        w("  and the same with ip6tables. The client connects to the server's addresses, port 80; on outside0 it")
        w("  appears as 198.51.100.1 / 2001:db8:2::1 with a random source port. Sequence numbers are unchanged.")
    else:
        w("- The box does NOT forward (ip_forward 0). socat is a user-space TCP proxy on the box:")
        w("  `socat -d -d TCP4-LISTEN:8080,bind=192.0.2.1,reuseaddr,fork TCP4:198.51.100.2:80` and")
        w("  `socat -d -d TCP6-LISTEN:8080,bind=[2001:db8:1::1],reuseaddr,fork,ipv6only=1 TCP6:[2001:db8:2::2]:80`.")
        w("  The client connects to 192.0.2.1:8080 / [2001:db8:1::1]:8080; socat opens its own connection from")
        w("  198.51.100.1 / 2001:db8:2::1 (ephemeral port, its own ISN, its own ACKs) to the server, port 80.")
    w("- Offloads (tx checksum, TSO, GSO, GRO) off on all four veth ends: one MSS-sized segment per packet.")
    w("- Snaplen: %s." % ("%d bytes on every capture (headers and the start of each payload)" % a.snaplen
                          if a.snaplen else "full packets"))
    w("- Server: `scripts/lab/lab_server.py`; client: `scripts/lab/lab_client.py` with `scripts/lab/plans/%s.plan`."
      % sc)
    w("")
    if truth["drops"]:
        w("## DROP rules on the box (FORWARD) and their final counters")
        w("")
        w("Data segments only (`--tcp-flags SYN,RST NONE -m length --length 100:65535`) except `drop-c2s-ack-ipv4`")
        w("(pure ACKs, `--tcp-flags ALL ACK -m length --length 0:99`); `-m statistic --mode nth` is deterministic.")
        w("")
        w("| rule (comment) | family | direction | in → out | nth | dropped packets | dropped bytes |")
        w("| --- | --- | --- | --- | --- | --- | --- |")
        for d in truth["drops"]:
            w("| `%s` | %s | %s | %s → %s | every %s packet %s | %d | %d |" % (
                d["rule"], d["family"], d["direction"], d["in"], d["out"], d["every"], d["packet"],
                d["packets"], d["bytes"]))
        w("| **total** | | | | | **%d** | **%d** |" % (truth["drops_total_packets"], truth["drops_total_bytes"]))
        w("")
    if truth["drop_check"]:
        w("### Where the drops are visible")
        w("")
        w("tcpdump on the box sees a packet on the interface it ARRIVES on before the FORWARD chain can drop it,")
        w("so every dropped packet is in the ingress leg's capture (inside.pcap for c2s, outside.pcap for s2c)")
        w("and missing from the egress leg's; any.pcap and both.pcapng hold it once (ingress) instead of twice.")
        w("Confirmed on this run by comparing the legs packet by packet (key: family, raw seq, raw ack,")
        w("length, flags, IP id, TS value; MASQUERADE changes none of them):")
        w("")
        w("| family | direction | ingress leg | seen on ingress only | of which data / pure ACK | DROP counters | seen on egress only |")
        w("| --- | --- | --- | --- | --- | --- | --- |")
        for k, v in sorted(truth["drop_check"].items()):
            w("| %s | %s | %s | %d | %d / %d | %d | %d |" % (
                v["family"], v["direction"], v["ingress"], v["seen_on_ingress_only"], v["data_segments"],
                v["pure_acks"], v["counter_packets"], v["seen_on_egress_only"]))
        w("")
    w("## Files")
    w("")
    w("| file | command (on the box) | contents | link type | ts precision | snaplen | packets | bytes |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for _, name, cmd, what in FILES:
        p = os.path.join(a.dir, name)
        info = capinfos(p)
        w("| `%s` | %s | %s | %s | %s | %s | %s | %d |" % (
            name, cmd, what, info.get("File encapsulation", "?"), info.get("File timestamp precision", "?"),
            info.get("Packet size limit", "?"), info.get("Number of packets", "?"), os.path.getsize(p)))
    w("")
    w("- `client-log.jsonl`: one line per request from the client (fields in `scripts/lab/lab_client.py`).")
    w("- `server-log.jsonl`: one line per connection from the server (fields in `scripts/lab/lab_server.py`);")
    w("  `peer` / `peer_port` are the box's outside address and port as the server saw them.")
    w("- `counters-before.json`, `counters.json`: `lab.sh counters` (iptables/ip6tables -L -v -x -n as JSON)")
    w("  on the box before the captures started and after they stopped.")
    w("- `truth.json`: the joined ground truth below plus drops and checks (format: docs/TESTING.md).")
    w("")
    w("## Ground truth: requests (plan order, one TCP connection each)")
    w("")
    w("Outside = the box's source address/port on outside0 as the server logged it (NAT port or socat's port).")
    w("Bytes = HTTP head + body as counted by the sockets.")
    w("")
    w("| id | family | kind | path | client port | outside port | outside SYN ports (same ISN) | client sent | client received | server received | server sent | outcome | notes |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in truth["requests"]:
        notes = []
        if r["reuse"]:
            notes.append("%s of %s" % (r["reuse"], r["reuses"]))
        if not r["end_seen_by_box"]:
            notes.append("end never reaches the box (%s RST/FIN dropped in the client)" % r["hidden_end_packets"])
        if r["idle_seconds"]:
            notes.append("silent %.3f s after the handshake" % (r["silent_until"] - r["silent_from"]))
        if r["server_error"]:
            notes.append("server: " + r["server_error"])
        w("| %s | %s | %s | `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["request_id"], r["family"], r["kind"], r["path"], r["client_port"], r["outside_port"],
            ", ".join(str(p) for p in r["outside_syn_ports"]) or "-", r["client_bytes_sent"],
            r["client_bytes_received"], r["server_bytes_received"], r["server_bytes_sent"], r["outcome"],
            "; ".join(notes) or ""))
    w("")
    extra = scenario_notes(sc, a)
    if extra:
        w("## What happens on the wire")
        w("")
        L.extend(extra)
        w("")
    w("## Checks (ground truth against tshark's view of the captures)")
    w("")
    for c in truth["checks"]:
        w("- %s %s%s" % ("ok" if c["ok"] else "**FAILED**", c["name"], (" (%s)" % c["detail"]) if c["detail"] else ""))
    w("")
    w("## Notes")
    w("")
    for n in truth["notes"] or ["none: every step worked."]:
        w("- " + n)
    w("")
    with open(os.path.join(a.dir, "MANIFEST.md"), "w") as fp:
        fp.write("\n".join(L))


def scenario_notes(sc, a):
    if sc == "reuse":
        return [
            "- `port-reuse-after-close`: the client binds the same port again right after a clean close (the server",
            "  closed first, the client's close was passive, so no TIME_WAIT on the client). Same 4-tuple on inside0;",
            "  conntrack's old entry is in TIME_WAIT, so the new SYN gets a new entry and a new random outside port.",
            "- `syn-on-live-key`: the `live-abort` connection sent a request head without its final empty line, then",
            "  closed with SO_LINGER 0 while `iptables -I OUTPUT -p tcp --sport PORT --tcp-flags RST RST -j DROP`",
            "  (and FIN) in the client namespace swallowed its RST: box and server still hold it ESTABLISHED. The next",
            "  request binds the same port: its SYN reuses the live key. Conntrack lets the SYN through on the OLD",
            "  mapping (it is in `outside_syn_ports`), the server answers with a challenge ACK, the client answers",
            "  that with a RST carrying the old connection's sequence number (it ends the old connection at the box",
            "  and at the server: see `server_error`); the client then sends its SYN again (same ISN, milliseconds",
            "  later), which opens a new conntrack entry with a new random outside port. Inside, both SYNs share the",
            "  4-tuple and the ISN; outside, the first one carries the old port and the second one the new port",
            "  (`outside_syn_ports`, in order; `outside_port` is the one the server accepted).",
        ]
    if sc == "idle":
        return [
            "- The `idle` request connects, then sends nothing for `idle_seconds` (%s s here); the rest of the plan" % a.idle_seconds,
            "  runs while it stays silent; then it sends its request and completes. `silent_from` / `silent_until`",
            "  (epoch seconds, same clock as the captures) bound the silence.",
        ]
    if sc == "proxy":
        return [
            "- Each client connection (inside leg, to 192.0.2.1:8080) has its own proxy connection on the outside",
            "  leg (198.51.100.1:outside_port -> 198.51.100.2:80) with its own ISN, IP ids and ACKs; the payload",
            "  bytes are the same at the same stream offsets. Map them by `request_id` -> `client_port` /",
            "  `outside_port`.",
        ]
    if sc == "nat-drop":
        return [
            "- Every transfer completes: TCP recovers each dropped segment (fast retransmit / SACK or RTO), so the",
            "  ingress leg holds the original and the retransmission, the egress leg only the retransmission.",
        ]
    return []


def main():
    ap = argparse.ArgumentParser()
    for opt in ("scenario", "topology", "dir", "namespaces", "snaplen", "idle-seconds", "plan",
                "capture-stats", "notes", "repo-root", "seconds"):
        ap.add_argument("--" + opt, required=True)
    a = ap.parse_args()
    a.snaplen = int(a.snaplen)
    client = load(os.path.join(a.dir, "client-log.jsonl"))
    server = load(os.path.join(a.dir, "server-log.jsonl"))
    with open(os.path.join(a.dir, "counters.json")) as fp:
        counters = json.load(fp)
    plan_ids = []
    with open(a.plan) as fp:
        for line in fp:
            line = line.split("#", 1)[0].split()
            if line:
                plan_ids.append(line[0])
    inside = packets(os.path.join(a.dir, "inside.pcap"))
    outside = packets(os.path.join(a.dir, "outside.pcap"))
    rows, others = join(a, client, server, inside, outside, a.topology, plan_ids)
    drops = drop_rules(counters)
    dcheck = drop_check(inside, outside, drops, a.topology)
    notes = [l.strip() for l in open(a.notes) if l.strip()] if os.path.exists(a.notes) else []
    if os.path.exists(a.capture_stats):
        for l in open(a.capture_stats):
            if "dropped by kernel" in l and not l.split(": ", 1)[1].startswith("0 "):
                notes.append("capture " + l.strip())
    ns = a.namespaces.split()
    truth = {
        "scenario": a.scenario, "topology": a.topology,
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "namespaces": {"client": ns[0], "box": ns[1], "server": ns[2]},
        "addresses": ADDR, "interfaces": {"inside": "inside0", "outside": "outside0"},
        "server_port": SERVER_PORT, "proxy_port": PROXY_PORT if a.topology == "proxy" else None,
        "snaplen": a.snaplen or None,
        "idle_seconds": float(a.idle_seconds) if a.scenario == "idle" else None,
        "files": {"inside": "inside.pcap", "outside": "outside.pcap", "any": "any.pcap",
                  "both": "both.pcapng", "client_log": "client-log.jsonl",
                  "server_log": "server-log.jsonl", "counters": "counters.json",
                  "counters_before": "counters-before.json", "manifest": "MANIFEST.md"},
        "requests": rows,
        "drops": drops,
        "drops_total_packets": sum(d["packets"] for d in drops),
        "drops_total_bytes": sum(d["bytes"] for d in drops),
        "drop_check": dcheck,
        "server_other": others,
        "notes": notes,
    }
    truth["checks"] = checks_for(a, rows, drops, dcheck, others)
    truth["ok"] = all(c["ok"] for c in truth["checks"])
    with open(os.path.join(a.dir, "truth.json"), "w") as fp:
        json.dump(truth, fp, indent=1, sort_keys=True)
        fp.write("\n")
    manifest(a, truth)
    bad = [c for c in truth["checks"] if not c["ok"]]
    for c in bad:
        print("lab-truth: FAILED %s (%s)" % (c["name"], c["detail"]))
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
