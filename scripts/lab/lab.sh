#!/usr/bin/env bash
# The middlebox lab: real traffic through a NAT box or a user-space proxy in network namespaces,
# captured on both legs, with ground truth (docs/TESTING.md, "The middlebox lab").
#
# Topology (three namespaces NAME-c, NAME-b, NAME-s joined by veth pairs; documentation
# addresses only, RFC 5737 / RFC 3849):
#   client NAME-c  eth0     192.0.2.2/24     2001:db8:1::2/64   default routes via the box
#   box    NAME-b  inside0  192.0.2.1/24     2001:db8:1::1/64
#                  outside0 198.51.100.1/24  2001:db8:2::1/64
#   server NAME-s  eth0     198.51.100.2/24  2001:db8:2::2/64   lab_server.py on port 80
# --scenario nat:   the box forwards and masquerades (iptables + ip6tables MASQUERADE --random
#                   on outside0); the client talks to the server's addresses, port 80.
# --scenario proxy: the box does not forward; socat listens on the box's inside addresses,
#                   port 8080, and opens its own connection to the server, port 80.
# Offloads (tx checksum, TSO, GSO, GRO) are off on all four veth ends: captured sizes are real.
#
# Sub-commands (run as root):
#   lab.sh up [NAME] [--scenario nat|proxy]    build a lab, start the server (and socat); prints NAME
#   lab.sh traffic NAME PLAN [--log FILE] [--idle-seconds S] [--pause S]
#                                                run a plan (scripts/lab/plans/PLAN.plan or a file) from
#                                                the client; client log to FILE (default STATE/client-log.jsonl)
#   lab.sh capture-start NAME DIR [--snaplen N]  capture on the box: DIR/inside.pcap, DIR/outside.pcap
#                                                (nanosecond pcap), DIR/any.pcap (tcpdump -i any, SLL2),
#                                                DIR/both.pcapng (dumpcap, both interfaces, named)
#   lab.sh capture-stop NAME                     stop them (waits 1.2 s for the kernel's capture buffers
#                                                first; the files are complete when it returns)
#   lab.sh counters NAME [client|box|server]     iptables/ip6tables -L -v -x -n as JSON (default: box)
#   lab.sh exec NAME client|box|server CMD...    run CMD in that namespace
#   lab.sh info NAME                             namespaces, state directory, addresses (KEY=VALUE lines)
#   lab.sh down NAME                             stop everything in the lab and delete its namespaces
#   lab.sh run SCENARIO OUTDIR [--idle-seconds S] a whole scenario into OUTDIR (captures, logs, counters,
#                                                truth.json, MANIFEST.md), always torn down at the end;
#                                                SCENARIO: nat-drop | proxy | reuse | idle
#   lab.sh list                                  labs with state under $PCAPFLOW_LAB_STATE, with their owner pid
#   lab.sh reap                                  down every lab whose owner (the caller of up, or run) is gone
# State lives in ${PCAPFLOW_LAB_STATE:-/run/pcapflow-lab}/NAME; the server log is STATE/server-log.jsonl.
set -euo pipefail

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
export PYTHONDONTWRITEBYTECODE=1
LAB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$LAB/../.." && pwd)"
STATE_ROOT="${PCAPFLOW_LAB_STATE:-/run/pcapflow-lab}"
LIFETIME="${PCAPFLOW_LAB_LIFETIME:-900}"   # safety net: every lab process ends after this many seconds

# shellcheck source=scripts/lab/lib.sh
. "$LAB/lib.sh"
NETNS_MADE=()
CLIENT_V4=$PF_CLIENT_V4;   CLIENT_V6=$PF_CLIENT_V6
INSIDE_V4=$PF_INSIDE_V4;   INSIDE_V6=$PF_INSIDE_V6
OUTSIDE_V4=$PF_OUTSIDE_V4; OUTSIDE_V6=$PF_OUTSIDE_V6
SERVER_V4=$PF_SERVER_V4;   SERVER_V6=$PF_SERVER_V6
SERVER_PORT=80
PROXY_PORT=8080
CAPTURES="inside outside any both"

log() { printf 'lab: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

require_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, iptables)"; }
require_tools() {
  local t
  for t in "$@"; do command -v "$t" >/dev/null || die "missing $t (see scripts/install-deps.sh)"; done
}
check_name() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$ ]] || die "bad lab name '$1' (letters, digits, . _ -; at most 24)"
}
ns_of() { # NAME ROLE
  case $2 in client) echo "$1-c";; box) echo "$1-b";; server) echo "$1-s";; *) die "role must be client, box or server";; esac
}
state_of() { echo "$STATE_ROOT/$1"; }
load() { # NAME -> TOPO CLI BOX SRV ST
  local st
  st="$(state_of "$1")"
  [ -f "$st/env" ] || die "no lab named $1 (lab.sh up $1)"
  # shellcheck disable=SC1091
  . "$st/env"
  ST="$st"
}
ns_exists() { [ -e "/run/netns/$1" ]; }
pid_in_ns() { # PID NS: true when the process lives in that namespace
  local a b
  a="$(stat -L -c %i "/proc/$1/ns/net" 2>/dev/null)" || return 1
  b="$(stat -L -c %i "/run/netns/$2" 2>/dev/null)" || return 1
  [ "$a" = "$b" ]
}

start_bg() { # ST LABEL NS CMD...: background process in NS, stdio to files, pid in ST/pids/LABEL
  local st=$1 label=$2 ns=$3; shift 3
  ip netns exec "$ns" timeout -k 5 "$LIFETIME" "$@" </dev/null >"$st/$label.out" 2>"$st/$label.err" &
  echo $! >"$st/pids/$label"
}

wait_listen() { # NS PORT ADDR-REGEX...
  local ns=$1 port=$2 i re; shift 2
  for i in $(seq 1 100); do
    local ok=1
    for re in "$@"; do
      ip netns exec "$ns" ss -Hltn "sport = :$port" | grep -q "$re" || ok=0
    done
    [ $ok = 1 ] && return 0
    sleep 0.1
  done
  return 1
}

# ------------------------------------------------------------------ up
do_up() { # NAME TOPO OWNER-PID
  local name=$1 topo=$2 owner=$3 st ns
  st="$(state_of "$name")"
  [ -e "$st" ] && die "lab $name exists (lab.sh down $name)"
  for ns in "$name-c" "$name-b" "$name-s"; do ns_exists "$ns" && die "namespace $ns exists"; done
  mkdir -p "$st/pids"
  printf 'NAME=%s\nTOPO=%s\nCLI=%s\nBOX=%s\nSRV=%s\nOWNER=%s\n' "$name" "$topo" "$name-c" "$name-b" "$name-s" \
    "$owner" >"$st/env"
  : >"$st/notes.txt"
  local CLI=$name-c BOX=$name-b SRV=$name-s bad
  pf_topology "$CLI" "$BOX" "$SRV"
  bad=$(pf_offloads_off "$CLI" "$BOX" "$SRV") || die "ethtool -K failed on $bad"
  pf_links_up "$CLI" "$BOX" "$SRV"
  if [ "$topo" = nat ]; then
    pf_forwarding "$BOX" 1
    ip netns exec "$BOX" iptables -t nat -A POSTROUTING -o outside0 -j MASQUERADE --random
    ip netns exec "$BOX" ip6tables -t nat -A POSTROUTING -o outside0 -j MASQUERADE --random
  else
    pf_forwarding "$BOX" 0
  fi
  pf_wait_ipv6 "$CLI" "$BOX" "$SRV"
  : >"$st/server-log.jsonl"
  start_bg "$st" server "$SRV" python3 "$LAB/lab_server.py" --port "$SERVER_PORT" \
    --log "$st/server-log.jsonl" --lifetime "$LIFETIME" --read-timeout "${PCAPFLOW_LAB_READ_TIMEOUT:-30}"
  wait_listen "$SRV" "$SERVER_PORT" '0.0.0.0:80' '\[::\]:80' ||
    { cat "$st/server.err" >&2; die "server did not start"; }
  if [ "$topo" = proxy ]; then
    start_bg "$st" socat4 "$BOX" socat -d -d \
      "TCP4-LISTEN:$PROXY_PORT,bind=$INSIDE_V4,reuseaddr,fork" "TCP4:$SERVER_V4:$SERVER_PORT"
    start_bg "$st" socat6 "$BOX" socat -d -d \
      "TCP6-LISTEN:$PROXY_PORT,bind=[$INSIDE_V6],reuseaddr,fork,ipv6only=1" "TCP6:[$SERVER_V6]:$SERVER_PORT"
    wait_listen "$BOX" "$PROXY_PORT" "$INSIDE_V4:$PROXY_PORT" "\[$INSIDE_V6\]:$PROXY_PORT" ||
      { cat "$st"/socat*.err >&2; die "socat did not start"; }
  fi
}

cmd_up() {
  local name="" topo=nat
  while [ $# -gt 0 ]; do
    case $1 in
      --scenario|--topology) topo=${2:?}; shift 2;;
      -*) die "up: unknown option $1";;
      *) name=$1; shift;;
    esac
  done
  [ -n "$name" ] || name="lab$$"
  check_name "$name"
  case $topo in nat|proxy) ;; *) die "up: --scenario nat|proxy";; esac
  require_root
  require_tools ip iptables ip6tables ethtool python3 timeout ss
  [ "$topo" = proxy ] && require_tools socat
  UP_NAME=$name
  trap 'rc=$?; if [ $rc -ne 0 ]; then do_down "$UP_NAME"; fi; exit $rc' EXIT
  do_up "$name" "$topo" "$PPID"
  echo "$name"
}

# ------------------------------------------------------------------ down
do_down() { # NAME: everything in the lab's namespaces ends, namespaces and state go
  local name=$1 st ns p pass
  st="$(state_of "$name")"
  set +e
  # captures first (TERM lets them flush), then the rest
  for pass in TERM KILL; do
    for ns in "$name-b" "$name-c" "$name-s"; do
      ns_exists "$ns" || continue
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -"$pass" "$p" 2>/dev/null; done
    done
    [ $pass = TERM ] || break
    for _ in $(seq 1 30); do
      local left=0
      for ns in "$name-b" "$name-c" "$name-s"; do
        ns_exists "$ns" && [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] && left=1
      done
      [ $left = 0 ] && break
      sleep 0.1
    done
  done
  for ns in "$name-c" "$name-b" "$name-s"; do
    ns_exists "$ns" && ip netns del "$ns"
  done
  [ -n "$st" ] && [ -d "$st" ] && rm -rf "$st"
  set -e
  return 0
}

cmd_down() {
  [ $# -eq 1 ] || die "usage: lab.sh down NAME"
  check_name "$1"
  require_root
  do_down "$1"
}

# ------------------------------------------------------------------ captures
do_capture_start() { # NAME DIR SNAPLEN
  local name=$1 dir=$2 snap=$3 c pid ready i
  load "$name"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [ -z "$(ls "$ST"/pids/cap-* 2>/dev/null)" ] || die "captures already running in $name"
  echo "$dir" >"$ST/capdir"
  local sopt=()
  [ "$snap" -gt 0 ] && sopt=(-s "$snap")
  rm -f "$dir/inside.pcap" "$dir/outside.pcap" "$dir/any.pcap" "$dir/both.pcapng"
  start_bg "$ST" cap-inside "$BOX" tcpdump -Z root -U -n -i inside0 "${sopt[@]}" --time-stamp-precision=nano -w "$dir/inside.pcap"
  start_bg "$ST" cap-outside "$BOX" tcpdump -Z root -U -n -i outside0 "${sopt[@]}" --time-stamp-precision=nano -w "$dir/outside.pcap"
  start_bg "$ST" cap-any "$BOX" tcpdump -Z root -U -n -i any -y LINUX_SLL2 "${sopt[@]}" -w "$dir/any.pcap"
  start_bg "$ST" cap-both "$BOX" dumpcap -q "${sopt[@]}" -i inside0 -i outside0 -w "$dir/both.pcapng"
  for c in $CAPTURES; do
    pid=$(cat "$ST/pids/cap-$c")
    ready='listening on'
    [ $c = both ] && ready='Capturing on'
    for i in $(seq 1 100); do
      grep -q "$ready" "$ST/cap-$c.err" 2>/dev/null && break
      kill -0 "$pid" 2>/dev/null || { cat "$ST/cap-$c.err" >&2; die "capture $c died"; }
      [ "$i" -eq 100 ] && { cat "$ST/cap-$c.err" >&2; die "capture $c did not report ready"; }
      sleep 0.1
    done
  done
  sleep 1   # let every capture attach fully
}

do_capture_stop() { # NAME
  local name=$1 c pid dir
  load "$name"
  dir="$(cat "$ST/capdir" 2>/dev/null || true)"
  # libpcap's TPACKET_V3 ring hands packets to tcpdump/dumpcap in blocks, retired at the latest after
  # the 1 s read timeout: packets of the last second may still sit in the kernel, and a capture
  # ended by a signal loses them. Wait until they have been handed over.
  [ -n "$(ls "$ST"/pids/cap-* 2>/dev/null)" ] && sleep 1.2
  for c in $CAPTURES; do
    [ -f "$ST/pids/cap-$c" ] || continue
    pid=$(cat "$ST/pids/cap-$c")
    pid_in_ns "$pid" "$BOX" && kill -TERM "$pid" 2>/dev/null
  done
  for c in $CAPTURES; do
    [ -f "$ST/pids/cap-$c" ] || continue
    pid=$(cat "$ST/pids/cap-$c")
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null && pid_in_ns "$pid" "$BOX"; then kill -KILL "$pid" 2>/dev/null; fi
    rm -f "$ST/pids/cap-$c"
  done
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    for c in $CAPTURES; do
      grep -E 'packets (captured|received|dropped)|^Packets' "$ST/cap-$c.err" | sed "s/^/$c: /" || true
    done >"$ST/capture-stats.txt"
  fi
  rm -f "$ST/capdir"
}

cmd_capture_start() {
  local name="" dir="" snap=0
  while [ $# -gt 0 ]; do
    case $1 in
      --snaplen) snap=${2:?}; shift 2;;
      -*) die "capture-start: unknown option $1";;
      *) if [ -z "$name" ]; then name=$1; else dir=$1; fi; shift;;
    esac
  done
  [ -n "$name" ] && [ -n "$dir" ] || die "usage: lab.sh capture-start NAME DIR [--snaplen N]"
  [[ $snap =~ ^[0-9]+$ ]] || die "bad snaplen"
  require_root
  require_tools tcpdump dumpcap
  do_capture_start "$name" "$dir" "$snap"
}

# ------------------------------------------------------------------ traffic
do_traffic() { # NAME PLAN LOG IDLE PAUSE
  local name=$1 plan=$2 logf=$3 idle=$4 pause=$5 v4 v6 port
  load "$name"
  if [ ! -f "$plan" ]; then
    [[ $plan =~ ^[a-z0-9-]+$ ]] && [ -f "$LAB/plans/$plan.plan" ] || die "no plan $plan"
    plan="$LAB/plans/$plan.plan"
  fi
  if [ "$TOPO" = proxy ]; then v4=$INSIDE_V4; v6=$INSIDE_V6; port=$PROXY_PORT
  else v4=$SERVER_V4; v6=$SERVER_V6; port=$SERVER_PORT; fi
  local extra=()
  [ -n "$idle" ] && extra+=(--idle-seconds "$idle")
  [ -n "$pause" ] && extra+=(--pause "$pause")
  ip netns exec "$CLI" timeout -k 5 300 python3 "$LAB/lab_client.py" --plan "$plan" \
    --v4 "$v4" --v6 "$v6" --port "$port" --log "$logf" "${extra[@]}" >&2
}

cmd_traffic() {
  local name="" plan="" logf="" idle="" pause=""
  while [ $# -gt 0 ]; do
    case $1 in
      --log) logf=${2:?}; shift 2;;
      --idle-seconds) idle=${2:?}; shift 2;;
      --pause) pause=${2:?}; shift 2;;
      -*) die "traffic: unknown option $1";;
      *) if [ -z "$name" ]; then name=$1; else plan=$1; fi; shift;;
    esac
  done
  [ -n "$name" ] && [ -n "$plan" ] || die "usage: lab.sh traffic NAME PLAN [--log FILE] [--idle-seconds S]"
  require_root
  [ -n "$logf" ] || logf="$(state_of "$name")/client-log.jsonl"
  do_traffic "$name" "$plan" "$logf" "$idle" "$pause"
}

# ------------------------------------------------------------------ counters, exec, info, list
cmd_counters() {
  local name=${1:?usage: lab.sh counters NAME [client|box|server]} role=${2:-box}
  require_root
  load "$name"
  ip netns exec "$(ns_of "$name" "$role")" python3 "$LAB/lab_counters.py"
}

cmd_exec() {
  [ $# -ge 3 ] || die "usage: lab.sh exec NAME client|box|server CMD..."
  local name=$1 role=$2 ns; shift 2
  load "$name"
  ns="$(ns_of "$name" "$role")"
  exec ip netns exec "$ns" "$@"
}

cmd_info() {
  local name=${1:?usage: lab.sh info NAME}
  load "$name"
  cat "$ST/env"
  printf 'STATE=%s\nSERVER_LOG=%s\n' "$ST" "$ST/server-log.jsonl"
  printf 'CLIENT_V4=%s\nCLIENT_V6=%s\nINSIDE_V4=%s\nINSIDE_V6=%s\n' "$CLIENT_V4" "$CLIENT_V6" "$INSIDE_V4" "$INSIDE_V6"
  printf 'OUTSIDE_V4=%s\nOUTSIDE_V6=%s\nSERVER_V4=%s\nSERVER_V6=%s\n' "$OUTSIDE_V4" "$OUTSIDE_V6" "$SERVER_V4" "$SERVER_V6"
  printf 'SERVER_PORT=%s\nPROXY_PORT=%s\nINSIDE_IF=inside0\nOUTSIDE_IF=outside0\n' "$SERVER_PORT" "$PROXY_PORT"
}

cmd_list() {
  local d
  for d in "$STATE_ROOT"/*/env; do
    [ -f "$d" ] || continue
    (. "$d"; state=live; kill -0 "${OWNER:-0}" 2>/dev/null || state=orphaned; echo "$NAME $TOPO owner ${OWNER:-?} $state")
  done
}

cmd_reap() { # down every lab whose owner process (the caller of up, or run) is gone
  local d n o
  require_root
  for d in "$STATE_ROOT"/*/env; do
    [ -f "$d" ] || continue
    n=$(sed -n 's/^NAME=//p' "$d"); o=$(sed -n 's/^OWNER=//p' "$d")
    if [ -n "$o" ] && ! kill -0 "$o" 2>/dev/null; then
      log "reaping $n (owner $o is gone)"
      do_down "$n"
    fi
  done
}

# ------------------------------------------------------------------ scenarios
# nat-drop: nth DROP rules on the box's FORWARD chain, both directions, both families.
# Data segments only (SYN and RST clear, IP length >= 100), so handshakes and resets pass and
# each drop removes one data segment; plus every 29th pure client ACK (IPv4).
nat_drop_rules() { # BOX
  local box=$1 data="--tcp-flags SYN,RST NONE -m length --length 100:65535"
  # shellcheck disable=SC2086
  {
    ip netns exec "$box" iptables -A FORWARD -i outside0 -o inside0 -p tcp --sport 80 $data \
      -m statistic --mode nth --every 23 --packet 5 -m comment --comment drop-s2c-ipv4 -j DROP
    ip netns exec "$box" iptables -A FORWARD -i inside0 -o outside0 -p tcp --dport 80 $data \
      -m statistic --mode nth --every 17 --packet 3 -m comment --comment drop-c2s-ipv4 -j DROP
    ip netns exec "$box" iptables -A FORWARD -i inside0 -o outside0 -p tcp --dport 80 --tcp-flags ALL ACK \
      -m length --length 0:99 -m statistic --mode nth --every 29 --packet 11 -m comment --comment drop-c2s-ack-ipv4 -j DROP
    ip netns exec "$box" ip6tables -A FORWARD -i outside0 -o inside0 -p tcp --sport 80 $data \
      -m statistic --mode nth --every 19 --packet 4 -m comment --comment drop-s2c-ipv6 -j DROP
    ip netns exec "$box" ip6tables -A FORWARD -i inside0 -o outside0 -p tcp --dport 80 $data \
      -m statistic --mode nth --every 13 --packet 2 -m comment --comment drop-c2s-ipv6 -j DROP
  }
}

cmd_run() {
  local scenario="" out="" idle=3
  while [ $# -gt 0 ]; do
    case $1 in
      --idle-seconds) idle=${2:?}; shift 2;;
      -*) die "run: unknown option $1";;
      *) if [ -z "$scenario" ]; then scenario=$1; else out=$1; fi; shift;;
    esac
  done
  [ -n "$scenario" ] && [ -n "$out" ] || die "usage: lab.sh run nat-drop|proxy|reuse|idle OUTDIR"
  [[ $idle =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "bad --idle-seconds"
  local topo=nat snap=0 plan=$scenario
  case $scenario in
    nat-drop) snap=128;;
    proxy) topo=proxy;;
    reuse|idle) ;;
    *) die "unknown scenario $scenario (nat-drop, proxy, reuse, idle)";;
  esac
  require_root
  require_tools ip iptables ip6tables ethtool python3 timeout ss tcpdump dumpcap tshark capinfos
  [ "$topo" = proxy ] && require_tools socat
  local name="pfl-${scenario//-/}-$$"
  check_name "$name"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  rm -f "$out"/{inside.pcap,outside.pcap,any.pcap,both.pcapng,client-log.jsonl,server-log.jsonl} \
    "$out"/{counters-before.json,counters.json,truth.json,MANIFEST.md}
  RUN_NAME=$name
  trap 'rc=$?; do_down "$RUN_NAME"; [ $rc -eq 0 ] || log "run FAILED (exit $rc); lab torn down"; exit $rc' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local t0=$SECONDS
  log "$scenario: lab $name ($topo)"
  do_up "$name" "$topo" "$$"
  load "$name"
  [ "$scenario" = nat-drop ] && nat_drop_rules "$BOX"
  ip netns exec "$BOX" python3 "$LAB/lab_counters.py" >"$out/counters-before.json"
  do_capture_start "$name" "$out" "$snap"
  local rc=0
  do_traffic "$name" "$plan" "$ST/client-log.jsonl" "$idle" "" || rc=$?
  sleep 0.5   # last ACKs, FINs and late retransmissions (capture-stop waits 1.2 s more)
  do_capture_stop "$name"
  ip netns exec "$BOX" python3 "$LAB/lab_counters.py" >"$out/counters.json"
  [ $rc -eq 0 ] || die "$scenario: client reported unexpected outcomes (exit $rc)"
  local want
  want=$(grep -c . "$ST/client-log.jsonl")
  for _ in $(seq 1 100); do
    [ "$(grep -c . "$ST/server-log.jsonl")" -ge "$want" ] && break
    sleep 0.1
  done
  cp "$ST/client-log.jsonl" "$ST/server-log.jsonl" "$out/"
  python3 "$LAB/lab_truth.py" --scenario "$scenario" --topology "$topo" --dir "$out" \
    --namespaces "$CLI $BOX $SRV" --snaplen "$snap" --idle-seconds "$idle" \
    --plan "$LAB/plans/$plan.plan" --capture-stats "$ST/capture-stats.txt" --notes "$ST/notes.txt" \
    --repo-root "$ROOT" --seconds "$((SECONDS - t0))"
  chmod 644 "$out"/*
  log "$scenario: done in $((SECONDS - t0)) s -> $out"
}

# ------------------------------------------------------------------ main
[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 2; }
sub=$1; shift
case $sub in
  up) cmd_up "$@";;
  down) cmd_down "$@";;
  traffic) cmd_traffic "$@";;
  capture-start) cmd_capture_start "$@";;
  capture-stop) [ $# -eq 1 ] || die "usage: lab.sh capture-stop NAME"; require_root; do_capture_stop "$1";;
  counters) cmd_counters "$@";;
  exec) cmd_exec "$@";;
  info) cmd_info "$@";;
  list) cmd_list;;
  reap) cmd_reap;;
  run) cmd_run "$@";;
  -h|--help|help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//';;
  *) die "unknown sub-command $sub (lab.sh --help)";;
esac
