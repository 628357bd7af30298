#!/usr/bin/env bash
# Makes the packet-loss test captures under fixtures/captures/loss/ (see the MANIFEST.md there).
#
# Topology (three network namespaces, veth pairs, documentation addresses only), ROUTED, no NAT:
#   client ns  eth0 192.0.2.2/24 2001:db8:1::2/64
#     <-> box ns  inside0 192.0.2.1/24 2001:db8:1::1/64 | outside0 198.51.100.1/24 2001:db8:2::1/64
#     <-> server ns eth0 198.51.100.2/24 2001:db8:2::2/64
# The box forwards and drops packets with iptables/ip6tables rules in its FORWARD chain
# (the kernel has no netem): "-m statistic --mode nth" for deterministic drops,
# "--mode random" for random ones. Packets are captured on both of the box's legs, so one
# file shows the traffic before the drop point (the sender's leg: everything the sender
# transmitted, incl. the packets that get dropped) and one after it (the receiver's leg).
# Offloads are off on every veth end, so each segment is one MSS-sized packet on the wire.
# Server and client: scripts/captures/loss_server.py / loss_client.py (bodies from body.py).
#
# Three phases, one after another, each with its own rules and pair of captures:
#   drop-s2c        IPv4, 3 x GET /size/200000, every 25th server->client data packet dropped
#   drop-c2s        IPv4, 2 x POST /upload/200000, every 20th client->server data packet dropped
#   drop-random-ipv6 IPv6, 3 x GET /size/200000, 3 % random drops of port-80 TCP both ways
#
# Run as root: sudo scripts/make-loss-captures.sh   (idempotent; replaces the previous outputs)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
HELPERS="$SCRIPT_DIR/captures"
# shellcheck source=scripts/lab/lib.sh
. "$SCRIPT_DIR/lab/lib.sh"   # the namespace topology, shared with scripts/lab/lab.sh
# shellcheck source=scripts/lib/capture-run.sh
. "$SCRIPT_DIR/lib/capture-run.sh"   # log, note, cleanup, checks; shared with make-captures.sh
OUT="$ROOT/fixtures/captures/loss"

CLI="pf-loss-cli-$$"
BOX="pf-loss-box-$$"
SRV="pf-loss-srv-$$"
SNAPLEN=128

pf_run_init make-loss-captures ip iptables ip6tables tcpdump capinfos tshark python3 timeout ethtool

WORK="$(mktemp -d /tmp/pf-loss-captures.XXXXXX)"

# ---------------------------------------------------------------- topology
pf_topology "$CLI" "$BOX" "$SRV"

# offloads off on every veth end: MSS-sized segments (one drop = one segment) and real checksums
bad=$(pf_offloads_off "$CLI" "$BOX" "$SRV") || { log "ethtool -K failed on $bad"; exit 1; }
OFFLOADS="tx-checksumming, TSO, GSO, GRO off on all four veth ends (ethtool -K)"

pf_links_up "$CLI" "$BOX" "$SRV"
pf_forwarding "$BOX" 1
pf_wait_ipv6 "$CLI" "$SRV" "$BOX"

# ---------------------------------------------------------------- server
pf_start_server "$SRV" "$HELPERS/loss_server.py" 600 580

# warm-up (not captured): one TCP connect per family checks the path and resolves the
# neighbours, so the phases hold no ARP/ND exchange at their start
for dst in 198.51.100.2 2001:db8:2::2; do
  ip netns exec "$CLI" timeout 10 python3 -c 'import socket, sys
socket.create_connection((sys.argv[1], 80), timeout=5).close()' "$dst" ||
    { log "no TCP path from the client to $dst"; exit 1; }
done

# ---------------------------------------------------------------- phases
start_cap() { # dir name iface: DIR/NAME.pcap, snaplen $SNAPLEN
  pf_start_capture "$BOX" "$1/$2" 'listening on' tcpdump -U -n -s "$SNAPLEN" -i "$3" -w "$1/$2.pcap"
}

kernel_drops() { # FILES: a note unless the kernel dropped no packet
  if ! grep -q '^0 packets dropped by kernel' "$1.stderr"; then
    note "capture ${1##*/}: $(grep 'dropped by kernel' "$1.stderr" || echo 'no kernel-drop line')"
  fi
}

# run_phase NAME FAMILY(4|6) AFTER_IF BEFORE_IF BEFORE_SUFFIX DST BASE_PORT "REQ ..." RULE...
#   AFTER_IF: leg on the receiver's side of the drop point -> NAME.pcap
#   BEFORE_IF: leg on the sender's side -> NAME-BEFORE_SUFFIX.pcap
#   each RULE is the argument list for "iptables -A FORWARD" (ip6tables for family 6)
run_phase() {
  local name=$1 fam=$2 after_if=$3 before_if=$4 suffix=$5 dst=$6 base=$7 reqs=$8
  shift 8
  local dir="$WORK/$name" ipt=iptables rule r
  [ "$fam" = 6 ] && ipt=ip6tables
  mkdir -p "$dir"
  log "phase $name"
  ip netns exec "$BOX" "$ipt" -F FORWARD
  ip netns exec "$BOX" "$ipt" -Z FORWARD
  : >"$dir/rules.txt"
  for rule in "$@"; do
    # shellcheck disable=SC2086
    ip netns exec "$BOX" "$ipt" -A FORWARD $rule
    printf '%s -A FORWARD %s\n' "$ipt" "$rule" >>"$dir/rules.txt"
  done
  ip netns exec "$BOX" "$ipt" -L FORWARD -v -x -n >"$dir/counters-before.txt"
  start_cap "$dir" after "$after_if"
  start_cap "$dir" before "$before_if"
  sleep 1   # let both captures attach fully
  local args=() rc=0
  for r in $reqs; do args+=(--req "$r"); done
  ip netns exec "$CLI" timeout -k 5 240 python3 "$HELPERS/loss_client.py" --dst "$dst" \
    --base-port "$base" --log "$dir/client-log.jsonl" "${args[@]}" >&2 || rc=$?
  sleep 2   # last ACKs / FINs and any late retransmission
  pf_stop_captures kernel_drops
  ip netns exec "$BOX" "$ipt" -L FORWARD -v -x -n >"$dir/counters-after.txt"
  ip netns exec "$BOX" "$ipt" -F FORWARD
  [ "$rc" -eq 0 ] || { log "phase $name: client reported unexpected outcomes (exit $rc)"; exit 1; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$fam" "$after_if" "$before_if" "$suffix" "$ipt" >>"$WORK/phases.tsv"
}
: >"$WORK/phases.tsv"

# data packets only: SYN and RST clear and at least 100 bytes of IP packet (a pure ACK with
# timestamps is 52 bytes), so handshakes and ACKs pass and each drop removes one data segment.
DATA4="--tcp-flags SYN,RST NONE -m length --length 100:65535"

run_phase drop-s2c 4 inside0 outside0 server 198.51.100.2 41001 \
  "s01:GET:/size/200000 s02:GET:/size/200000 s03:GET:/size/200000" \
  "-i outside0 -o inside0 -p tcp --sport 80 $DATA4 -m statistic --mode nth --every 25 --packet 7 -j DROP"

run_phase drop-c2s 4 outside0 inside0 client 198.51.100.2 42001 \
  "u01:POST:/upload/200000 u02:POST:/upload/200000" \
  "-i inside0 -o outside0 -p tcp --dport 80 $DATA4 -m statistic --mode nth --every 20 --packet 5 -j DROP"

run_phase drop-random-ipv6 6 inside0 outside0 server 2001:db8:2::2 43001 \
  "v01:GET:/size/200000 v02:GET:/size/200000 v03:GET:/size/200000" \
  "-i outside0 -o inside0 -p tcp --sport 80 -m statistic --mode random --probability 0.03 -j DROP" \
  "-i inside0 -o outside0 -p tcp --dport 80 -m statistic --mode random --probability 0.03 -j DROP"

# the server logs each connection after closing it
for _ in $(seq 1 50); do
  [ "$(grep -c . "$WORK/server-log.jsonl")" -ge 8 ] && break; sleep 0.1
done

# ---------------------------------------------------------------- publish
mkdir -p "$OUT"
rm -f "$OUT"/*.pcap "$OUT"/*.jsonl "$OUT"/MANIFEST.md
while IFS=$'\t' read -r name fam after_if before_if suffix ipt; do
  cp "$WORK/$name/after.pcap" "$OUT/$name.pcap"
  cp "$WORK/$name/before.pcap" "$OUT/$name-$suffix.pcap"
done <"$WORK/phases.tsv"
cat "$WORK"/*/client-log.jsonl >"$OUT/client-log.jsonl"
cp "$WORK/server-log.jsonl" "$OUT/server-log.jsonl"
chmod 644 "$OUT"/*

printf '%s\n' "${NOTES[@]+"${NOTES[@]}"}" >"$WORK/notes.txt"
python3 "$HELPERS/loss_manifest.py" --out "$OUT/MANIFEST.md" --dir "$OUT" --work "$WORK" \
  --repo-root "$ROOT" --notes "$WORK/notes.txt" --offloads "$OFFLOADS" --snaplen "$SNAPLEN" \
  --namespaces "$CLI $BOX $SRV"

log "made:"
for f in "$OUT"/*; do
  printf '  %-60s %8d bytes\n' "${f#"$ROOT"/}" "$(stat -c %s "$f")"
done
if grep -q 'MISMATCH' "$OUT/MANIFEST.md"; then
  log "drop accounting MISMATCH (see MANIFEST.md)"; exit 1
fi
