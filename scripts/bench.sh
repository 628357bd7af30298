#!/usr/bin/env bash
# End-to-end benchmark: pcapflow against capinfos and tshark (info), or against tcptrace and tshark
# (flows), side by side in the same run, on a
# generated capture of >= 1 GiB (millions of small packets, 100k+ TCP connections; see
# io.pcapflow.bench.CaptureGenerator). Prints a markdown table (medians of several runs, rates,
# time ratio against pcapflow, peak RSS) and writes it to bench-data/results-<mode>-<date>.md for
# docs/BENCHMARKS.md. The machine is shared and noisy: compare ratios from one run, not absolute
# numbers across runs.
#
# Usage: scripts/bench.sh            (from anywhere; works in the repository root)
#        MODE=flows scripts/bench.sh (issue #3: pcapflow flows against tcptrace and tshark conv,tcp)
# Environment:
#   MODE=info         info (default): read + decode; flows: track and analyse every TCP connection
#   RUNS=5            timed runs per command (hyperfine --runs), after one warm-up run
#   TSHARK_RUNS=3     timed runs for tshark (slow: ~1 minute per run on 1 GiB)
#   TCPTRACE_RUNS=3   timed runs for tcptrace (MODE=flows; ~30 s per run on 1 GiB)
#   SIZE_MB=1024      size of the generated capture in MiB
#   SEED=1            generator seed (same seed, same file)
#   BENCH_FILE=bench-data/gen-1g.pcap   the capture to time (generated when missing)
#   SKIP_TSHARK=1     leave tshark out
#   NO_HYPERFINE=1    time with a shell loop even when hyperfine is installed
#
# Micro-benchmarks (JMH; forks with -Dpcapflow.boundsCheck=false; packets/s and bytes/s are the
# ":packets" and ":bytes" secondary results):
#   java -jar pcapflow-benchmarks/target/pcapflow-benchmarks.jar -f 1 -wi 2 -i 3 -w 2 -r 2 \
#       -rf json -rff bench-data/jmh-$(date +%F).json
#   (one class: append ReadBenchmark or DecodeBenchmark; other sizes: -p sizeMb=200)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

RUNS="${RUNS:-5}"
TSHARK_RUNS="${TSHARK_RUNS:-3}"
SIZE_MB="${SIZE_MB:-1024}"
SEED="${SEED:-1}"
BENCH_FILE="${BENCH_FILE:-bench-data/gen-1g.pcap}"
SKIP_TSHARK="${SKIP_TSHARK:-0}"
MODE="${MODE:-info}"
data=bench-data
bench_jar=pcapflow-benchmarks/target/pcapflow-benchmarks.jar
cli_jar=pcapflow-cli/target/pcapflow.jar
stamp="$(date +%F)"
out="$data/results-${MODE:-info}-$stamp.md"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "bench.sh: $1 is required ($2)" >&2; exit 1; }
}
need java "JDK 17+"
need capinfos "apt-get install tshark (wireshark-common)"
[ "$MODE" != flows ] || need tcptrace "apt-get install tcptrace"
need python3 "for the result table"
[ "$SKIP_TSHARK" = 1 ] || need tshark "apt-get install tshark"
if [ ! -x /usr/bin/time ]; then
    echo "bench.sh: /usr/bin/time missing, installing the time package" >&2
    apt-get install -y -qq time >/dev/null
fi

mkdir -p "$data"

# 1. Jars, built once (or when sources are newer than them).
stale() {
    [ ! -f "$1" ] || [ -n "$(find pcapflow-*/src/main pom.xml pcapflow-*/pom.xml -newer "$1" -print -quit)" ]
}
if stale "$bench_jar" || stale "$cli_jar"; then
    echo "bench.sh: building jars (mvn package) ..." >&2
    mvn -B -ntp -q -DskipTests package
fi

# 2. The capture, generated once (deterministic for SEED).
generated=""
[ "$BENCH_FILE" = bench-data/gen-1g.pcap ] && generated=yes  # the default file always comes from the generator
if [ ! -s "$BENCH_FILE" ]; then
    generated=yes
    echo "bench.sh: generating $BENCH_FILE ($SIZE_MB MiB, seed $SEED) ..." >&2
    java -cp "$bench_jar" io.pcapflow.bench.CaptureGenerator "$BENCH_FILE.tmp" "$SIZE_MB" "$SEED"
    mv "$BENCH_FILE.tmp" "$BENCH_FILE"
fi
bytes=$(stat -L -c %s "$BENCH_FILE")
packets=$(capinfos -c -M "$BENCH_FILE" | awk -F': *' '/Number of packets/ {print $2}')
echo "bench.sh: $BENCH_FILE: $bytes bytes, $packets packets" >&2

# 3. Warm the page cache: every tool then reads from memory, as the JMH benchmarks do.
cat "$BENCH_FILE" >/dev/null

# The commands, in table order; the first is the reference for ratios.
# Plain capinfos also computes three hashes of the file (SHA256, RIPEMD160, SHA1); capinfos -c -s
# only counts packets and sizes, the closest to what pcapflow info does without its decoding.
# pcapflow maps a regular file in 512 MiB windows, so its peak RSS counts up to ~1 GiB of page-cache
# pages it maps (file-backed, shared, not heap); reading standard input streams through a 64 KiB
# buffer instead, which shows the memory pcapflow itself needs.
if [ "$MODE" = flows ]; then
    # flows writes every column as CSV (all of them: the most output); tcptrace -n -l prints its long
    # per-connection report; tshark's conversation table is the closest thing it has to a row per
    # connection. Output goes to /dev/null for all three (hyperfine and the loop discard it).
    names=("pcapflow flows --threads 1" "pcapflow flows --threads 2" "tcptrace -n -l" "tshark -z conv,tcp")
    cmds=("./pcapflow flows --csv --threads 1 $BENCH_FILE"
          "./pcapflow flows --csv --threads 2 $BENCH_FILE"
          "tcptrace -n -l $BENCH_FILE"
          "tshark -r $BENCH_FILE -q -z conv,tcp")
    runs=("$RUNS" "$RUNS" "${TCPTRACE_RUNS:-3}" "$TSHARK_RUNS")
    count=4
    [ "$SKIP_TSHARK" = 1 ] && count=3
else
    names=("pcapflow info" "pcapflow info (stdin)" "capinfos" "capinfos -c -s" "tshark -z io,stat,0")
    cmds=("./pcapflow info $BENCH_FILE"
          "./pcapflow info - < $BENCH_FILE"
          "capinfos $BENCH_FILE"
          "capinfos -c -s $BENCH_FILE"
          "tshark -r $BENCH_FILE -q -z io,stat,0")
    runs=("$RUNS" "$RUNS" "$RUNS" "$RUNS" "$TSHARK_RUNS")
    count=5
    [ "$SKIP_TSHARK" = 1 ] && count=4
fi

# One warm-up: the launcher must not build inside a timed run.
./pcapflow info "$BENCH_FILE" >/dev/null

# 4. Times: hyperfine (one export per command) or a plain loop; both give seconds per run.
times_of() { # index -> writes $work/times-<i>.txt, one time per line
    local i=$1
    if [ "${NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null 2>&1; then
        hyperfine --warmup 1 --runs "${runs[$i]}" --style basic --export-json "$work/hf-$i.json" \
            -n "${names[$i]}" "${cmds[$i]}" >&2
        python3 -c 'import json,sys; [print(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' \
            "$work/hf-$i.json" >"$work/times-$i.txt"
        cp "$work/hf-$i.json" "$data/hyperfine-$MODE-$stamp-$i.json"
    else
        bash -c "${cmds[$i]}" >/dev/null 2>&1
        : >"$work/times-$i.txt"
        for _ in $(seq "${runs[$i]}"); do
            local t0 t1
            t0=$(date +%s%N)
            bash -c "${cmds[$i]}" >/dev/null 2>&1
            t1=$(date +%s%N)
            awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.6f\n", ns / 1e9}' >>"$work/times-$i.txt"
        done
    fi
}
# Peak resident memory of one run, in KiB.
rss_of() {
    /usr/bin/time -v bash -c "exec ${cmds[$1]}" >/dev/null 2>"$work/time-$1.txt"
    awk -F': *' '/Maximum resident set size/ {print $2}' "$work/time-$1.txt" >"$work/rss-$1.txt"
}
# Each tool gets its runs back to back, all in this one invocation, on the same warm cache.
for ((i = 0; i < count; i++)); do
    echo "bench.sh: timing ${cmds[$i]} (${runs[$i]} runs)" >&2
    times_of "$i"
    rss_of "$i"
done

# 5. The table.
{
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"
    echo "$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), $(uname -sr)."
    echo "$(java -version 2>&1 | head -1); $(tshark --version 2>/dev/null | head -1 || true);"
    echo "$( ([ "${NO_HYPERFINE:-0}" != 1 ] && hyperfine --version 2>/dev/null) || echo 'shell loop timing'). Date: $(date -u +%FT%TZ)."
    echo
    if [ -n "$generated" ]; then
        echo "Input: \`$BENCH_FILE\` ($bytes bytes, $packets packets; generated by"
        echo "\`java -cp $bench_jar io.pcapflow.bench.CaptureGenerator $BENCH_FILE $SIZE_MB $SEED\`),"
    else
        echo "Input: \`$BENCH_FILE\` ($bytes bytes, $packets packets; found in place, not generated by this run),"
    fi
    echo "page cache warm. Times are medians of N runs after one warm-up (JVM start included for pcapflow);"
    echo "ratio = median time / pcapflow's median time; peak RSS from one \`/usr/bin/time -v\` run."
    echo
    python3 - "$work" "$count" "$bytes" "$packets" "${names[@]}" -- "${cmds[@]}" -- "${runs[@]}" <<'PY'
import statistics, sys
work, count, size, packets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rest = sys.argv[5:]
names = rest[:rest.index("--")]
rest = rest[rest.index("--") + 1:]
cmds = rest[:rest.index("--")]
runs = rest[rest.index("--") + 1:]
medians = []
for i in range(count):
    with open(f"{work}/times-{i}.txt") as f:
        medians.append(statistics.median(float(x) for x in f if x.strip()))
print("| command | runs | median s | min-max s | M packets/s | MB/s | time vs pcapflow | peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for i in range(count):
    with open(f"{work}/times-{i}.txt") as f:
        ts = [float(x) for x in f if x.strip()]
    with open(f"{work}/rss-{i}.txt") as f:
        rss = int(f.read().strip() or 0) / 1024
    m = medians[i]
    print(f"| `{cmds[i]}` | {runs[i]} | {m:.2f} | {min(ts):.2f}-{max(ts):.2f} | {packets / m / 1e6:.2f} "
          f"| {size / m / 1e6:.0f} | {m / medians[0]:.2f}x | {rss:.0f} |")
PY
} | tee "$out"
echo "bench.sh: wrote $out" >&2
