#!/usr/bin/env bash
# Downstream scores of a backbone on the remote-sensing domain's synthetic downstream sets:
# generates the sets (plugins-domains), finetunes every task head with `vitp finetune`, and
# collects each run's metrics.json into one JSON file.
#
#   benchmarks/downstream-scores.sh [BACKBONE=random] [OUT=target/downstream] [IMAGES=600]
#
# BACKBONE is 'random' (nano preset) or an exported ViTP backbone / InternViT checkpoint.
# Extra `vitp finetune` flags for every run: VITP_FINETUNE_OPTS (e.g. "--linear-probe").
set -euo pipefail

root="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
backbone="${1:-random}"
out="${2:-$root/target/downstream}"
images="${3:-600}"
vitp="$root/vitp"
sets="$out/sets"

"$vitp" --version >/dev/null # builds cli/target/vitp.jar on first use
if [[ ! -d "$sets/downstream" ]]; then
  java -cp "$root/cli/target/vitp.jar" dev.vitp.plugins.domains.DomainGenerator \
    remote-sensing "$sets" 50 42 64 "$(nproc)" "$images"
fi
d="$sets/downstream"

run() {
  local name="$1"
  shift
  echo "=== $name: $*" >&2
  # shellcheck disable=SC2086
  "$vitp" finetune "$@" --backbone "$backbone" --out "$out/$name" ${VITP_FINETUNE_OPTS:-} >&2
}

run classification --task classification --data "$d/scene-classification" --epochs 10 --lr 1e-3
run classification-20pct --task classification --data "$d/scene-classification" --epochs 10 \
  --lr 1e-3 --fraction 0.2
run segmentation --task segmentation --data "$d/land-cover-segmentation" --epochs 10 --lr 1e-3
run change-detection --task change-detection --data "$d/change-detection" --epochs 10 --lr 1e-3
run detection-dota --task detection --data "$d/object-detection" --epochs 20 --lr 1e-3
run detection-coco --task detection --data "$d/object-detection" --format coco --epochs 20 \
  --lr 1e-3
run detection-sar --task detection --data "$d/sar-object-detection" --epochs 20 --lr 1e-3

{
  echo "{"
  first=1
  for m in "$out"/*/metrics.json; do
    name="$(basename "$(dirname "$m")")"
    [[ $first == 1 ]] || echo ","
    first=0
    printf '"%s": ' "$name"
    cat "$m"
  done
  echo "}"
} > "$out/scores.json"
echo "Wrote $out/scores.json" >&2
