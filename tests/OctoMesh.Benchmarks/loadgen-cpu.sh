#!/bin/bash
# Packets forwarded per bridge CPU-second under the load generator (docs/performance.md,
# "The whole bridge under the load generator"). Builds Release copies of the bridge and the load
# generator into $OUT, warms the bridge up with the same load, then measures one 20-second run.
# Usage: tests/OctoMesh.Benchmarks/loadgen-cpu.sh <label> [bridge options...]
#   e.g. loadgen-cpu.sh batched
#        loadgen-cpu.sh unbatched --media-receive-threads 1 --media-batched-io false
set -euo pipefail
label=$1; shift
OUT=${OUT:-/tmp/octomesh-loadgen-cpu}
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$OUT/bridge/OctoMesh.Bridge.dll" ]; then
  dotnet build -c Release "$root/src/Bridge" -o "$OUT/bridge" > /dev/null
  dotnet build -c Release "$root/tests/OctoMesh.LoadGen" -o "$OUT/loadgen" > /dev/null
fi
port=$((18000 + RANDOM % 1000))
dotnet "$OUT/bridge/OctoMesh.Bridge.dll" --urls http://127.0.0.1:$port --media-port 0 --advertise-address 127.0.0.1 \
  --consent-timeout 10 "$@" > "$OUT/bridge-$label.log" 2>&1 &
bridge=$!
trap 'kill $bridge 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$port/ && break; sleep 0.5; done
load() { dotnet "$OUT/loadgen/OctoMesh.LoadGen.dll" --bridge http://127.0.0.1:$port --publishers 1 --subscribers 50 --json "$@"; }
# Warm-up: a fresh process spends most of its CPU on the tiered JIT's recompiles.
load --room warmup --duration 15 > /dev/null
# Let the warm-up sessions' consent (10 s) run out so their closing is not measured.
sleep 12
( while kill -0 $bridge 2>/dev/null; do
    rx=$(for t in /proc/$bridge/task/*; do grep -q '^media-rx' "$t/comm" 2>/dev/null && awk '{print $14+$15}' "$t/stat"; done | awk '{s+=$1} END {print s+0}')
    echo "$(date +%s.%N) $(awk '{print $14+$15}' /proc/$bridge/stat) $rx"
    sleep 0.25
  done ) > "$OUT/cpu-$label.txt" 2>/dev/null &
sampler=$!
start=$(date +%s.%N)
result=$(load --duration 20)
kill $sampler 2>/dev/null || true
python3 - "$result" "$start" "$label" "$OUT/cpu-$label.txt" <<'PY'
import json, os, sys
run = json.loads(sys.argv[1]); start = float(sys.argv[2]); tick = os.sysconf('SC_CLK_TCK')
samples = [tuple(map(float, l.split())) for l in open(sys.argv[4]) if len(l.split()) == 3]
begin = start + run['connectSeconds'] + 2.0; end = start + run['connectSeconds'] + run['durationSeconds'] - 0.5
window = [s for s in samples if begin <= s[0] <= end]
first, last = window[0], window[-1]
seconds = last[0] - first[0]; process = (last[1] - first[1]) / tick; receive = (last[2] - first[2]) / tick
rate = run['packetsReceived'] / run['durationSeconds']
print(f"{sys.argv[3]}: {rate:,.0f} packets/s received by the subscribers, loss {run['lossPercent']} %, "
      f"delay p50 {run['delayP50Ms']} ms p99 {run['delayP99Ms']} ms; over {seconds:.1f} s the bridge used "
      f"{process:.2f} s of CPU ({rate * seconds / process:,.0f} packets per CPU-second), its media-rx threads "
      f"{receive:.2f} s ({rate * seconds / max(receive, 0.01):,.0f} per CPU-second)")
PY
