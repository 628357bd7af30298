#!/usr/bin/env bash
# trace vs tcpflow vs tshark-based splitting (docs/BENCHMARKS.md, "trace"). Run from the repository
# root after `mvn -B -q package -DskipTests`. Outputs go to $TMPDIR (default /tmp) and are removed.
set -euo pipefail
T=${TMPDIR:-/tmp}/bench-trace
GEN="java -cp pcapflow-benchmarks/target/pcapflow-benchmarks.jar io.pcapflow.bench.CaptureGenerator"
mkdir -p bench-data "$T"
[ -f bench-data/gen-256m.pcap ] || $GEN bench-data/gen-256m.pcap 256 1
[ -f bench-data/gen-1m.pcap ] || $GEN bench-data/gen-1m.pcap 1 1
RUNS=${RUNS:-3}
SPLIT_STREAMS=${SPLIT_STREAMS:-50}

# tshark-based split: list the streams in one pass, then one `tshark -Y tcp.stream==N -w` pass per
# stream (editcap cannot select by stream). Only the first $SPLIT_STREAMS streams are split: every
# pass reads the whole file, so the full split costs (streams / $SPLIT_STREAMS) times as much.
cat > "$T/tshark-split.sh" <<'SPLIT'
#!/usr/bin/env bash
set -euo pipefail
in=$1; out=$2; max=$3
tshark -n -r "$in" -T fields -e tcp.stream 2>/dev/null | sort -un | grep . > "$out/streams.txt"
# (head on a file: on a pipe it would end the listing early, a SIGPIPE failure under pipefail)
head -n "$max" "$out/streams.txt" |
  while read -r s; do tshark -n -r "$in" -Y "tcp.stream==$s" -w "$out/$s.pcap" 2>/dev/null; done
SPLIT
chmod +x "$T/tshark-split.sh"

# 1. the large capture: every tool's whole job, except tshark: one pass (one stream of 120,965)
hyperfine -N -w 0 -r "$RUNS" --export-json "$T/hf-256m.json" \
  --prepare "sh -c 'rm -rf $T/tr $T/tf $T/ts && mkdir -p $T/tf $T/ts'" \
  "./pcapflow trace bench-data/gen-256m.pcap -o $T/tr --no-progress" \
  "tcpflow -r bench-data/gen-256m.pcap -o $T/tf" \
  "tshark -n -r bench-data/gen-256m.pcap -Y tcp.stream==0 -w $T/ts/0.pcap"

# 2. a small capture where the tshark split can run: whole jobs for trace and tcpflow,
#    $SPLIT_STREAMS streams for tshark
hyperfine -N -w 0 -r "$((RUNS + 1))" --export-json "$T/hf-1m.json" \
  --prepare "sh -c 'rm -rf $T/tr $T/tf $T/ts && mkdir -p $T/tf $T/ts'" \
  "./pcapflow trace bench-data/gen-1m.pcap -o $T/tr --no-progress" \
  "tcpflow -r bench-data/gen-1m.pcap -o $T/tf" \
  "$T/tshark-split.sh bench-data/gen-1m.pcap $T/ts $SPLIT_STREAMS"
rm -rf "$T/tr" "$T/tf" "$T/ts"
