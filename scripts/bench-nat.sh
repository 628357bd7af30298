#!/usr/bin/env bash
# Benchmark of the two-leg commands: `nat` and `conntrack` over an inside and an outside capture of
# >= 512 MiB each, side by side in one run with `flows` over the same files (what reading and
# tracking one leg costs), medians of several runs, peak memory from /usr/bin/time. The inside leg is
# io.pcapflow.bench.CaptureGenerator's capture, the outside leg io.pcapflow.bench.NatLegGenerator's
# translation of it (1:1 NAT, 30 us through the box, every 1000th packet dropped).
#
# Usage: scripts/bench-nat.sh        Environment: RUNS=3, SIZE_MB=512, SEED=1
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-3}"
SIZE_MB="${SIZE_MB:-512}"
SEED="${SEED:-1}"
data=bench-data
inside="$data/nat-in-${SIZE_MB}m.pcap"
outside="$data/nat-out-${SIZE_MB}m.pcap"
bench_jar=pcapflow-benchmarks/target/pcapflow-benchmarks.jar
mkdir -p "$data"
command -v hyperfine >/dev/null || { echo "bench-nat.sh: hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
if [ ! -f "$bench_jar" ] || [ ! -f pcapflow-cli/target/pcapflow.jar ]; then
    mvn -B -q -ntp package -DskipTests >&2
fi
./pcapflow --version >/dev/null
if [ ! -f "$inside" ]; then
    java -cp "$bench_jar" io.pcapflow.bench.CaptureGenerator "$inside" "$SIZE_MB" "$SEED" >&2
fi
if [ ! -f "$outside" ]; then
    java -cp "$bench_jar" io.pcapflow.bench.NatLegGenerator "$inside" "$outside"
fi
ls -l "$inside" "$outside" >&2
nat="./pcapflow nat --inside $inside --outside $outside --no-progress"
hyperfine --runs "$RUNS" --warmup 1 --export-markdown "$data/bench-nat-$(date +%F).md" \
    -n "flows inside" "./pcapflow flows --csv --no-progress $inside > /dev/null" \
    -n "flows outside" "./pcapflow flows --csv --no-progress $outside > /dev/null" \
    -n "nat --summary" "$nat --summary --csv > /dev/null 2>&1" \
    -n "nat (mapping)" "$nat --csv > /dev/null 2>&1" \
    -n "conntrack" "./pcapflow conntrack --inside $inside --outside $outside --csv --no-progress > /dev/null 2>&1"
for cmd in "./pcapflow flows --csv --no-progress $inside" "$nat --summary --csv" "$nat --csv"; do
    /usr/bin/time -f "peak RSS %M KiB  elapsed %e s  : $cmd" $cmd > /dev/null 2> "$data/time.err" || true
    grep "peak RSS" "$data/time.err"
done
$nat --summary --csv 2>&1 | tail -3
