#!/usr/bin/env bash
# Throughput of every capable backend, side by side: `vitp bench --compare` for the settings of
# the README's performance tables, each backend in a JVM of its own, alternating, median of
# --rounds. mode training: full training steps (nano b8/b32 at r 0 and 0.75, tiny b16);
# mode inference: the ViT's forward as `vitp embed` runs it (nano b32, tiny b16, and the real
# internvit-300m at 448 px, batch 2, 2 timed steps whatever steps says).
# Writes results/bench-compare[-inference]-<date>.json (one line per setting) and prints a
# Markdown table. PyTorch eager (benchmarks/python/reference.py, the same model and step, a
# process per round so peak RSS is its own) runs right after each setting's vitp rounds when a
# python3 can import torch (e.g. Debian's python3-torch with libopenblas0-pthread: with the
# generic reference BLAS it is ~100x slower); it is optional. Set PYTHON to choose one.
# Usage: benchmarks/bench-compare.sh [rounds=3] [steps=20] [training|inference]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
steps="${2:-20}"
mode="${3:-training}"
case "$mode" in
  training)
    settings=("nano 8 0 $steps" "nano 8 0.75 $steps" "nano 32 0 $steps" "nano 32 0.75 $steps"
      "tiny 16 0 $steps")
    vitp_mode=()
    eager_mode=(--bench-only)
    out="$root/benchmarks/results/bench-compare-$(date -u +%Y-%m-%d).json" ;;
  inference)
    settings=("nano 32 0 $steps" "tiny 16 0 $steps" "internvit-300m 2 0 2")
    vitp_mode=(--inference)
    eager_mode=(--inference)
    out="$root/benchmarks/results/bench-compare-inference-$(date -u +%Y-%m-%d).json" ;;
  *) echo "Expected mode training or inference. Received: $mode" >&2; exit 2 ;;
esac
: > "$out"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores," \
  "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "mode: $mode"
echo "| preset | batch | r | backend | images/s | GFLOP/s | matmul peak | % of peak | peak RSS MiB |"
echo "|---|---|---|---|---:|---:|---:|---:|---:|"
python=""
for candidate in "${PYTHON:-}" python3 /usr/bin/python3; do
  if [[ -n "$candidate" ]] && "$candidate" -c 'import torch' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"  # as ./vitp sets it for libtorch
eager_dir="$(mktemp -d)"
for setting in "${settings[@]}"; do
  read -r preset batch ratio timed <<< "$setting"
  warmup=$(( timed < 20 ? 1 : 3 ))
  line=$("$root/vitp" bench --compare --json "${vitp_mode[@]}" --rounds "$rounds" \
    --steps "$timed" --warmup "$warmup" --preset "$preset" --batch "$batch" --drop-ratio "$ratio" \
    2>/dev/null)
  echo "$line" >> "$out"
  python3 - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
for name, m in r["medians"].items():
    print(f"| {m['preset']} | {m['batch']} | {m['drop_ratio']} | {name} | {m['images_per_s']:.1f} | "
          f"{m['gflops']:.1f} | {m['matmul_peak_gflops']:.1f} | {100 * m['share_of_peak']:.0f}% | "
          f"{m['peak_rss_mb']:.0f} |")
PY
  if [[ -n "$python" ]]; then
    for round in $(seq "$rounds"); do
      "$python" "$root/benchmarks/python/reference.py" "$eager_dir" "${eager_mode[@]}" \
        --threads "$(nproc)" --steps "$timed" --warmup "$warmup" --preset "$preset" \
        --batch "$batch" --drop-ratio "$ratio"
    done | "$python" -c '
import json, statistics, sys
rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
m = {k: statistics.median(r[k] for r in rows) for k in ("images_per_s", "peak_rss_mb", "matmul_peak_gflops")}
print(json.dumps({"eager": dict(rows[0], **m, rounds=len(rows))}))' > "$eager_dir/line"
    cat "$eager_dir/line" >> "$out"
    python3 - "$(cat "$eager_dir/line")" "$line" <<'PY'
import json, sys
e = json.loads(sys.argv[1])["eager"]
vitp = json.loads(sys.argv[2])["medians"]
gflop_per_image = next(iter(vitp.values()))["gflop_per_image"]
gflops = e["images_per_s"] * gflop_per_image
print(f"| {e['preset']} | {e['batch']} | {e['drop_ratio']} | pytorch-eager {e['torch']} | "
      f"{e['images_per_s']:.1f} | {gflops:.1f} | {e['matmul_peak_gflops']:.1f} | "
      f"{100 * gflops / e['matmul_peak_gflops']:.0f}% | {e['peak_rss_mb']:.0f} |")
for name, m in vitp.items():
    print(f"|  |  |  | {name} / eager | {m['images_per_s'] / e['images_per_s']:.2f}x |  |  |  | "
          f"{m['peak_rss_mb'] / e['peak_rss_mb']:.2f}x |")
PY
  fi
done
if [[ -z "$python" ]]; then
  echo "(PyTorch eager skipped: no python3 here can import torch)" >&2
fi
rm -rf "$eager_dir"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $out" >&2
