#!/usr/bin/env bash
# Makes the real test captures under fixtures/captures/ (see fixtures/captures/nat/MANIFEST.md).
#
# Topology (three network namespaces, veth pairs, documentation addresses only):
#   client ns  eth0 192.0.2.2/24 2001:db8:1::2/64
#     <-> NAT ns  inside0 192.0.2.1/24 2001:db8:1::1/64 | outside0 198.51.100.1/24 2001:db8:2::1/64
#     <-> server ns eth0 198.51.100.2/24 2001:db8:2::2/64
# The NAT box masquerades (iptables/ip6tables MASQUERADE --random) on outside0.
# A python HTTP/1.1 server (scripts/captures/server.py) serves deterministic bodies;
# scripts/captures/client.py runs a fixed request plan (downloads over IPv4 and IPv6,
# one RST abort, connections to a closed port). Captures run on the NAT box (both
# legs, several link types/formats) and in the client namespace.
#
# Run as root: sudo scripts/make-captures.sh   (idempotent; replaces the previous outputs)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
HELPERS="$SCRIPT_DIR/captures"
# shellcheck source=scripts/lab/lib.sh
. "$SCRIPT_DIR/lab/lib.sh"   # the namespace topology, shared with scripts/lab/lab.sh
# shellcheck source=scripts/lib/capture-run.sh
. "$SCRIPT_DIR/lib/capture-run.sh"   # log, note, cleanup, checks; shared with make-loss-captures.sh
OUT_NAT="$ROOT/fixtures/captures/nat"
OUT_SAMPLE="$ROOT/fixtures/captures/sample"

CLI="pf-cli-$$"
NAT="pf-nat-$$"
SRV="pf-srv-$$"

pf_run_init make-captures ip iptables tcpdump dumpcap editcap capinfos tshark python3 timeout
if ! command -v ethtool >/dev/null; then
  log "ethtool missing; trying apt-get install ethtool"
  if ! { DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq ethtool >/dev/null 2>&1 ||
         { timeout 300 apt-get update -qq >/dev/null 2>&1 &&
           DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq ethtool >/dev/null 2>&1; }; }; then
    note "ethtool unavailable: offloads left as they are (segments may be larger than the MSS)"
  fi
fi

WORK="$(mktemp -d /tmp/pf-captures.XXXXXX)"
CAP="$WORK/cap"
mkdir -p "$CAP"

# ---------------------------------------------------------------- topology
pf_topology "$CLI" "$NAT" "$SRV"

# offloads off on every veth end so captured segments are MSS-sized and carry
# real checksums (tx off: no CHECKSUM_PARTIAL packets in the captures)
if command -v ethtool >/dev/null; then
  for pair in "$CLI eth0" "$NAT inside0" "$NAT outside0" "$SRV eth0"; do
    set -- $pair
    ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off >/dev/null 2>&1 ||
      note "ethtool -K failed on $1/$2"
  done
  OFFLOADS="tx-checksumming, TSO, GSO, GRO off on all four veth ends (ethtool -K)"
else
  OFFLOADS="left at defaults (no ethtool)"
fi

pf_links_up "$CLI" "$NAT" "$SRV"

pf_forwarding "$NAT" 1
ip netns exec "$NAT" iptables -t nat -A POSTROUTING -o outside0 -j MASQUERADE --random
NAT6="yes"
if ! ip netns exec "$NAT" ip6tables -t nat -A POSTROUTING -o outside0 -j MASQUERADE --random 2>"$WORK/ip6t.err"; then
  NAT6="no"
  note "ip6tables MASQUERADE unavailable ($(head -1 "$WORK/ip6t.err")): IPv6 is routed, not translated"
fi

# 5 ms one-way delay on the server link (both directions) if netem exists
DELAY="none"
if ip netns exec "$NAT" tc qdisc add dev outside0 root netem delay 5ms 2>"$WORK/tc.err" &&
   ip netns exec "$SRV" tc qdisc add dev eth0 root netem delay 5ms 2>>"$WORK/tc.err"; then
  DELAY="netem delay 5ms on outside0 and on the server's eth0 (~10 ms RTT on the outside leg)"
else
  note "netem unavailable ($(head -1 "$WORK/tc.err")): no added delay, RTTs are sub-millisecond"
fi

pf_wait_ipv6 "$CLI" "$SRV" "$NAT"   # nodad, but be safe; bounded

# interface indexes (LINUX_SLL2 in any.pcap carries them)
for ns in "$CLI" "$NAT" "$SRV"; do
  case $ns in "$CLI") role=client;; "$NAT") role=nat;; *) role=server;; esac
  ip -n "$ns" -o link show | awk -v r="$role" -F': ' '{split($2,a,"@"); print r, $1, a[1]}'
done >"$WORK/ifindex.txt"
ip netns exec "$NAT" iptables -t nat -L POSTROUTING -v -n -x >"$WORK/ipt-before.txt"
if [ "$NAT6" = yes ]; then ip netns exec "$NAT" ip6tables -t nat -L POSTROUTING -v -n -x >"$WORK/ip6t-before.txt"; fi

# ---------------------------------------------------------------- server
pf_start_server "$SRV" "$HELPERS/server.py" 300 280

# ---------------------------------------------------------------- captures
start_cap() { # name ns ready-regex cmd...: stdout/stderr in $WORK/name.*
  local name=$1 ns=$2 ready=$3; shift 3
  pf_start_capture "$ns" "$WORK/$name" "$ready" "$@"
}
start_cap inside    "$NAT" 'listening on' tcpdump -U -n -i inside0 -w "$CAP/inside.pcap"
start_cap outside   "$NAT" 'listening on' tcpdump -U -n -i outside0 --time-stamp-precision=nano -w "$CAP/outside.pcap"
start_cap any       "$NAT" 'listening on' tcpdump -U -n -i any -y LINUX_SLL2 -w "$CAP/any.pcap"
start_cap snap96    "$NAT" 'listening on' tcpdump -U -n -i inside0 -s 96 -w "$CAP/inside-snap96.pcap"
start_cap both      "$NAT" 'Capturing on' dumpcap -q -i inside0 -i outside0 -w "$CAP/both.pcapng"
CLIENT_SLL="yes"
if ! start_cap clientsll "$CLI" 'listening on' tcpdump -U -n -i any -y LINUX_SLL -w "$CAP/client-sll.pcap"; then
  CLIENT_SLL="no"; note "client-side LINUX_SLL capture failed"
fi
sleep 1   # let every capture attach fully

# ---------------------------------------------------------------- traffic
: >"$WORK/client-log.jsonl"
log "running client traffic"
CLIENT_RC=0
ip netns exec "$CLI" timeout -k 5 120 python3 "$HELPERS/client.py" \
  --v4 198.51.100.2 --v6 2001:db8:2::2 --log "$WORK/client-log.jsonl" >&2 || CLIENT_RC=$?
sleep 1.5   # last ACKs / FINs and any stray retransmissions

# ---------------------------------------------------------------- stop captures
capture_stats() { # FILES: the capture's packet counts, on stderr
  grep -E 'packets (captured|received|dropped)|^Packets' "$1.stderr" | sed "s/^/  ${1##*/}: /" >&2 || true
}
pf_stop_captures capture_stats
ip netns exec "$NAT" iptables -t nat -L POSTROUTING -v -n -x >"$WORK/ipt-after.txt"
if [ "$NAT6" = yes ]; then ip netns exec "$NAT" ip6tables -t nat -L POSTROUTING -v -n -x >"$WORK/ip6t-after.txt"; fi
[ "$CLIENT_RC" -eq 0 ] || { log "client reported unexpected outcomes (exit $CLIENT_RC)"; exit 1; }
# give the server a moment to log the last connection
for _ in $(seq 1 30); do
  [ "$(grep -c . "$WORK/server-log.jsonl")" -ge 9 ] && break; sleep 0.1
done

# ---------------------------------------------------------------- sample
# Small pcapng sample: both.pcapng restricted to the complete small downloads
# (r01, r02, r05, r06, r08) on both legs, plus the refused connections.
SAMPLE_FILTER="$(python3 "$HELPERS/manifest.py" sample-filter --client-log "$WORK/client-log.jsonl" \
  --server-log "$WORK/server-log.jsonl" --outside "$CAP/outside.pcap" --ids r01,r02,r05,r06,r08,r10,r11)"
tshark -r "$CAP/both.pcapng" -Y "$SAMPLE_FILTER" -F pcapng -w "$CAP/sample.pcapng" 2>"$WORK/sample.err" || {
  note "tshark filter for the sample failed ($(grep -v 'Running as user' "$WORK/sample.err" | head -1)); using editcap -F pcapng of both.pcapng"
  editcap -F pcapng "$CAP/both.pcapng" "$CAP/sample.pcapng"
}

# ---------------------------------------------------------------- publish
mkdir -p "$OUT_NAT" "$OUT_SAMPLE"
rm -f "$OUT_NAT"/*.pcap "$OUT_NAT"/*.pcapng "$OUT_NAT"/*.jsonl "$OUT_NAT"/MANIFEST.md "$OUT_SAMPLE"/sample.pcapng
for f in inside.pcap outside.pcap any.pcap inside-snap96.pcap both.pcapng; do cp "$CAP/$f" "$OUT_NAT/$f"; done
[ "$CLIENT_SLL" = yes ] && cp "$CAP/client-sll.pcap" "$OUT_NAT/client-sll.pcap"
cp "$CAP/sample.pcapng" "$OUT_SAMPLE/sample.pcapng"
cp "$WORK/server-log.jsonl" "$WORK/client-log.jsonl" "$OUT_NAT/"
chmod 644 "$OUT_NAT"/* "$OUT_SAMPLE"/*

printf '%s\n' "${NOTES[@]+"${NOTES[@]}"}" >"$WORK/notes.txt"
python3 "$HELPERS/manifest.py" manifest --out "$OUT_NAT/MANIFEST.md" --dir "$OUT_NAT" \
  --sample "$OUT_SAMPLE/sample.pcapng" --repo-root "$ROOT" \
  --client-log "$OUT_NAT/client-log.jsonl" --server-log "$OUT_NAT/server-log.jsonl" \
  --outside "$OUT_NAT/outside.pcap" --work "$WORK" --notes "$WORK/notes.txt" \
  --offloads "$OFFLOADS" --delay "$DELAY" --nat6 "$NAT6" --namespaces "$CLI $NAT $SRV"

log "made:"
for f in "$OUT_NAT"/* "$OUT_SAMPLE"/*; do
  printf '  %-60s %8d bytes\n' "${f#"$ROOT"/}" "$(stat -c %s "$f")"
done
