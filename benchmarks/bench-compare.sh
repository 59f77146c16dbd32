#!/usr/bin/env bash
# Training throughput of every backend that trains, side by side: `vitp bench --compare` for the
# preset/batch/r settings of the README's performance table, each backend in a JVM of its own,
# alternating, median of --rounds. Writes results/bench-compare-<date>.json (one line per setting)
# and prints a Markdown table. PyTorch eager (benchmarks/python/reference.py --bench-only) joins
# when python3 can import torch; it is optional.
# Usage: benchmarks/bench-compare.sh [rounds=3] [steps=20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
steps="${2:-20}"
out="$root/benchmarks/results/bench-compare-$(date -u +%Y-%m-%d).json"
: > "$out"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
  "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| preset | batch | r | backend | images/s | GFLOP/s | matmul peak | % of peak | peak RSS MiB |"
echo "|---|---|---|---|---:|---:|---:|---:|---:|"
for setting in "nano 8 0" "nano 8 0.75" "nano 32 0" "nano 32 0.75" "tiny 16 0"; do
  read -r preset batch ratio <<< "$setting"
  line=$("$root/vitp" bench --compare --json --rounds "$rounds" --steps "$steps" \
    --preset "$preset" --batch "$batch" --drop-ratio "$ratio" 2>/dev/null)
  echo "$line" >> "$out"
  python3 - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
for name, m in r["medians"].items():
    print(f"| {m['preset']} | {m['batch']} | {m['drop_ratio']} | {name} | {m['images_per_s']:.1f} | "
          f"{m['gflops']:.1f} | {m['matmul_peak_gflops']:.1f} | {100 * m['share_of_peak']:.0f}% | "
          f"{m['peak_rss_mb']:.0f} |")
PY
done
if python3 -c 'import torch' 2>/dev/null; then
  python3 "$root/benchmarks/python/reference.py" "$root/benchmarks/results" --bench-only \
    --threads "$(nproc)" --steps "$steps" >&2
else
  echo "(PyTorch eager skipped: python3 cannot import torch)" >&2
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $out" >&2
