#!/usr/bin/env bash
# Which garbage collector the ./vitp launcher should default to: the jvm backend's training speed
# and peak RSS under G1 (the JVM's own choice on 2+ cores), Serial and Parallel, alternating, one
# JVM per run (so peak RSS is its own), median of the rounds. The jvm backend allocates its
# activations on the heap each step; G1 grows the heap far beyond the live set to meet its pause
# goal, which is where most of the jvm backend's extra memory over libtorch came from.
# Writes results/gc-compare-<date>.json and prints a Markdown table.
# Usage: benchmarks/gc-compare.sh [rounds=3] [steps=20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
steps="${2:-20}"
out="$root/benchmarks/results/gc-compare-$(date -u +%Y-%m-%d).json"
: > "$out"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
  "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$rounds"); do
  for setting in "nano 8 0.75" "nano 32 0" "tiny 16 0"; do
    read -r preset batch ratio <<< "$setting"
    for gc in G1 Serial Parallel; do
      VITP_JAVA_OPTS="-XX:+Use${gc}GC" "$root/vitp" bench --backend jvm --json --steps "$steps" \
        --preset "$preset" --batch "$batch" --drop-ratio "$ratio" 2>/dev/null \
        | python3 -c 'import json, sys; d = json.load(sys.stdin); d["gc"] = sys.argv[1]; print(json.dumps(d))' "$gc" \
        >> "$out"
    done
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
print("| preset | batch | r | GC | images/s (median) | peak RSS MiB (median) |")
print("|---|---|---|---|---:|---:|")
keys = sorted({(r["preset"], r["batch"], r["drop_ratio"], r["gc"]) for r in runs},
              key=lambda k: (k[0], k[1], k[2], ["G1", "Serial", "Parallel"].index(k[3])))
for key in keys:
    rs = [r for r in runs if (r["preset"], r["batch"], r["drop_ratio"], r["gc"]) == key]
    print(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | "
          f"{statistics.median(r['images_per_s'] for r in rs):.1f} | "
          f"{statistics.median(r['peak_rss_mb'] for r in rs):.0f} |")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $out" >&2
