#!/usr/bin/env bash
# Scaling of the Spark jobs from 1 to 2 cores: `vitp curate` (records/s) and `vitp embed --spark`
# (images/s) on a generated remote-sensing corpus, each run pinned with taskset to one core or two
# (local[*] and the backend's thread pool then see that many), alternating 1 and 2 cores in every
# round so that drift in machine load hits both. The figures are the jobs' own times, without JVM
# and Spark start-up; run it on an otherwise idle machine.
#
#   benchmarks/spark-scaling.sh [WORK_DIR]      SAMPLES=12000 ROUNDS=2 IMAGES=1000 (the defaults)
# Writes benchmarks/results/spark-scaling-<date>.json and prints a table.
set -euo pipefail
root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
vitp="$root/vitp"
work="${1:-$(mktemp -d /tmp/vitp-spark-scaling.XXXXXX)}"
samples="${SAMPLES:-12000}"
rounds="${ROUNDS:-2}"
images="${IMAGES:-1000}"
mkdir -p "$work"
work="$(cd -- "$work" && pwd)"  # absolute: the image list names absolute paths
command -v taskset >/dev/null || { echo "spark-scaling: needs taskset (util-linux)" >&2; exit 1; }
[[ "$(nproc)" -ge 2 ]] || { echo "spark-scaling: needs at least 2 cores" >&2; exit 1; }

if [[ ! -f "$work/data/recipe.json" ]]; then
  "$vitp" generate --out "$work/data" --samples "$samples" --image-size 64 \
    --downstream-samples 0 >/dev/null
fi
# No `| head` under pipefail: its early exit would fail the pipeline (SIGPIPE).
find "$work/data" -name '*.png' | sort > "$work/all-images.txt"
sed -n "1,${images}p" "$work/all-images.txt" > "$work/images.txt"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
results="$work/results.tsv"
: > "$results"
for round in $(seq 1 "$rounds"); do
  for cores in 1 2; do
    cpus="0"; [[ "$cores" == 2 ]] && cpus="0,1"
    rm -rf "$work/curated" "$work/features.parquet"
    line="$(taskset -c "$cpus" "$vitp" curate --recipe "$work/data/recipe.json" \
      --out "$work/curated" --shard-records 1000 2>/dev/null | grep -o 'job [0-9.]* s, [0-9.]* records/s')"
    echo -e "curate\t$cores\t$round\t$(echo "$line" | awk '{print $2"\t"$4}')" >> "$results"
    line="$(taskset -c "$cpus" "$vitp" embed --spark --backbone random --image-size 64 \
      --backend jvm --images "$work/images.txt" --out "$work/features.parquet" 2>/dev/null \
      | grep -o 'job [0-9.]* s, [0-9.]* images/s')"
    echo -e "embed\t$cores\t$round\t$(echo "$line" | awk '{print $2"\t"$4}')" >> "$results"
    tail -n 2 "$results"
  done
done

date_tag="$(date +%Y-%m-%d)"
out="$root/benchmarks/results/spark-scaling-$date_tag.json"
mkdir -p "$(dirname "$out")"
python3 - "$results" "$out" "$samples" "$images" "$load_before" <<'PY'
import json, os, platform, statistics, sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().splitlines() if l]
by = {}
for job, cores, rnd, seconds, rate in rows:
    by.setdefault((job, int(cores)), []).append(float(rate))
summary = {}
for job in ('curate', 'embed'):
    one, two = statistics.median(by[(job, 1)]), statistics.median(by[(job, 2)])
    summary[job] = {'unit': 'records/s' if job == 'curate' else 'images/s',
                    'median_1_core': one, 'median_2_cores': two, 'speedup': two / one,
                    'runs_1_core': by[(job, 1)], 'runs_2_cores': by[(job, 2)]}
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
doc = {'what': 'vitp curate and vitp embed --spark, 1 vs 2 cores (taskset), local[*]',
       'corpus_samples': int(sys.argv[3]), 'embed_images': int(sys.argv[4]),
       'embed': 'random nano ViT at 64 px, jvm backend, batch 16',
       'machine': {'cpu': cpu, 'cores': os.cpu_count(),
                   'load_before': [float(x) for x in sys.argv[5].split()],
                   'load_after': os.getloadavg()},
       'results': summary}
json.dump(doc, open(sys.argv[2], 'w'), indent=2)
for job, s in summary.items():
    print(f"{job:7s} 1 core {s['median_1_core']:8.1f} {s['unit']:9s} 2 cores {s['median_2_cores']:8.1f}"
          f"  speedup {s['speedup']:.2f}x")
print('wrote', sys.argv[2])
PY
