#!/usr/bin/env bash
# Builds the same generated municipal site with `sigill build` and with Hugo,
# in alternation, and prints the median wall time, CPU time and peak memory
# of both and their ratios. Uses only public tools: /usr/bin/time and Hugo.
#
#   bench/run.sh [PAGES...]            default: 1000 10000 30000
#   RUNS=5 BENCH_DIR=/dev/shm/sigill-bench bench/run.sh 10000
#
# Install Hugo first: apt-get install -y --no-install-recommends hugo
# Put BENCH_DIR on a tmpfs for steadier numbers: on a disk, file creation
# after large deletions dominates and varies a lot between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
dir=${BENCH_DIR:-/tmp/sigill-bench}
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(1000 10000 30000)
command -v hugo >/dev/null || { echo "hugo is not installed: apt-get install -y --no-install-recommends hugo" >&2; exit 2; }
mkdir -p "$dir"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed: apt-get install -y time" >&2; exit 2; }

cargo build --release --quiet --bin sigill --example gen-corpus
sigill=$PWD/target/release/sigill

div() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

measure() { # name command... ; appends "wall cpu maxrss_kib" to $dir/$name.times
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time.out" "$@" >/dev/null 2>"$dir/$name.err" || { cat "$dir/$name.err" >&2; exit 1; }
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$dir/time.out" >> "$dir/$name.times"
}

printf '%-7s %-7s %9s %9s %10s\n' pages tool "wall s" "cpu s" "peak MiB"
for n in "${sizes[@]}"; do
  site=$dir/site-$n
  if [ ! -f "$site/site.toml" ]; then
    rm -rf "$site"
    ./target/release/examples/gen-corpus "$site" "$n" >/dev/null
  fi
  rm -f "$dir"/sigill.times "$dir"/hugo.times "$dir"/verify.times
  for ((i = 0; i <= runs; i++)); do
    rm -rf "$dir/out-sigill" "$dir/out-hugo"
    if [ "$i" -eq 0 ]; then # warm-up, not counted
      (cd "$site" && "$sigill" build --out "$dir/out-sigill" >/dev/null && hugo --quiet -d "$dir/out-hugo" >/dev/null)
      continue
    fi
    (cd "$site" && measure sigill "$sigill" build --out "$dir/out-sigill")
    (cd "$site" && measure hugo hugo --quiet -d "$dir/out-hugo")
    measure verify "$sigill" verify "$dir/out-sigill"
  done
  declare -A med
  for tool in sigill hugo verify; do
    for col in 1 2 3; do
      med[$tool,$col]=$(cut -d' ' -f$col "$dir/$tool.times" | median)
    done
    printf '%-7s %-7s %9.2f %9.2f %10.0f\n' "$n" "$tool" "${med[$tool,1]}" "${med[$tool,2]}" "$(div "${med[$tool,3]}" 1024)"
  done
  printf '%-7s %-7s %9.2f %9.2f %10.2f   (sigill build / hugo)\n' "$n" ratio \
    "$(div "${med[sigill,1]}" "${med[hugo,1]}")" "$(div "${med[sigill,2]}" "${med[hugo,2]}")" "$(div "${med[sigill,3]}" "${med[hugo,3]}")"
  printf '%-7s %-7s %9.2f   (sigill verify / sigill build, wall)\n' "$n" ratio "$(div "${med[verify,1]}" "${med[sigill,1]}")"
done
