# shellcheck shell=bash
# The run frame shared by scripts/make-captures.sh and scripts/make-loss-captures.sh (sourced; the
# caller sets -euo pipefail). scripts/lab/lab.sh has its own (labs outlive the command that made them).
#
#   pf_run_init PREFIX TOOL...   log/note say "PREFIX: ..."; on EXIT every process in PIDS and every
#                                namespace in NETNS_MADE is ended and WORK removed (INT and TERM exit
#                                130 / 143 through it); PYTHONDONTWRITEBYTECODE=1; must be root; every
#                                TOOL must be on PATH
#   pf_start_server NS SCRIPT TIMEOUT LIFETIME
#                                python3 SCRIPT --port 80 in NS (under timeout TIMEOUT), log to
#                                $WORK/server-log.jsonl; returns once it listens on 0.0.0.0:80 and [::]:80
#   pf_start_capture NS FILES READY CMD...
#                                CMD (a capture) in NS in the background (timeout 300), its stdout and
#                                stderr in FILES.stdout / FILES.stderr; returns once FILES.stderr
#                                matches the regex READY, 1 (with the reason logged) if it dies or is
#                                not ready within 10 s
#   pf_stop_captures REPORT      TERM to every capture started, then for each: wait (10 s at most),
#                                a note for an exit status other than 0 / 143 (tcpdump exits 0 on
#                                SIGTERM; timeout(1) passes the child's status through), REPORT FILES

WORK=""
PIDS=()
NETNS_MADE=()
NOTES=()
CAP_PIDS=()
CAP_NAMES=()
PF_LOG_PREFIX=""

log() { printf '%s: %s\n' "$PF_LOG_PREFIX" "$*" >&2; }
note() { NOTES+=("$*"); log "note: $*"; }

pf_cleanup() {
  local rc=$?
  set +e
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  for ns in "${NETNS_MADE[@]}"; do
    # anything still running inside our namespace was started by this script
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  [ -n "$WORK" ] && rm -rf "$WORK"
  if [ $rc -ne 0 ]; then log "FAILED (exit $rc); namespaces and processes cleaned up"; fi
  exit $rc
}

pf_run_init() {
  PF_LOG_PREFIX=$1; shift
  trap pf_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  export PYTHONDONTWRITEBYTECODE=1   # keep scripts/ free of __pycache__
  [ "$(id -u)" -eq 0 ] || { log "must run as root"; exit 1; }
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { log "missing $tool (see scripts/install-deps.sh)"; exit 1; }
  done
}

pf_start_server() {
  local ns=$1 script=$2 limit=$3 lifetime=$4 i
  : >"$WORK/server-log.jsonl"
  ip netns exec "$ns" timeout -k 5 "$limit" python3 "$script" --port 80 \
    --log "$WORK/server-log.jsonl" --lifetime "$lifetime" >"$WORK/server.out" 2>&1 &
  PIDS+=($!)
  for i in $(seq 1 100); do
    if ip netns exec "$ns" ss -Hltn 'sport = :80' | grep -q '0.0.0.0:80' &&
       ip netns exec "$ns" ss -Hltn 'sport = :80' | grep -q '\[::\]:80'; then break; fi
    [ "$i" -eq 100 ] && { log "server did not start"; cat "$WORK/server.out" >&2; exit 1; }
    sleep 0.1
  done
}

pf_start_capture() {
  local ns=$1 files=$2 ready=$3 pid; shift 3
  ip netns exec "$ns" timeout -k 5 300 "$@" >"$files.stdout" 2>"$files.stderr" &
  pid=$!
  PIDS+=("$pid"); CAP_PIDS+=("$pid"); CAP_NAMES+=("$files")
  for _ in $(seq 1 100); do
    grep -qE "$ready" "$files.stderr" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "capture ${files##*/} died:"; cat "$files.stderr" >&2; return 1; }
    sleep 0.1
  done
  log "capture ${files##*/} did not report ready"; cat "$files.stderr" >&2; return 1
}

pf_stop_captures() {
  local report=$1 idx pid rc
  for idx in "${!CAP_PIDS[@]}"; do kill -TERM "${CAP_PIDS[$idx]}" 2>/dev/null || true; done
  for idx in "${!CAP_PIDS[@]}"; do
    pid=${CAP_PIDS[$idx]}
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rc=0; wait "$pid" 2>/dev/null || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 143 ]; then note "capture ${CAP_NAMES[$idx]##*/} exited with $rc"; fi
    "$report" "${CAP_NAMES[$idx]}"
  done
  CAP_PIDS=(); CAP_NAMES=()
}
