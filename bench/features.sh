#!/usr/bin/env bash
# What search and images cost: builds one generated municipal site with
# `sigill build` in four setups and prints the median wall time, CPU time
# and peak memory of each, and its ratio to the plain build. Uses only
# /usr/bin/time.
#
#   bench/features.sh [PAGES]          default: 10000
#   RUNS=3 BENCH_DIR=/dev/shm/sigill-features bench/features.sh 10000
#
# plain:         no search index, no images (search = false in site.toml)
# search:        the Pagefind index and search page (the default)
# images-cold:   and one 1200×800 PNG in every 20th page, encoded into
#                WebP widths with an empty cache
# images-warm:   the same with the cache of the previous build
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
pages=${1:-10000}
dir=${BENCH_DIR:-/tmp/sigill-features}
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed: apt-get install -y time" >&2; exit 2; }
cargo build --release --quiet --bin sigill --example gen-corpus
sigill=$PWD/target/release/sigill
mkdir -p "$dir"
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
for kind in plain search images; do
  site=$dir/site-$kind-$pages
  if [ ! -f "$site/site.toml" ]; then
    rm -rf "$site"
    case $kind in
      plain) BENCH_SEARCH=0 ./target/release/examples/gen-corpus "$site" "$pages" >/dev/null ;;
      search) ./target/release/examples/gen-corpus "$site" "$pages" >/dev/null ;;
      images) BENCH_IMAGES=20 ./target/release/examples/gen-corpus "$site" "$pages" >/dev/null ;;
    esac
  fi
done
run() { # name site cache-mode
  local name=$1 site=$2 cache=$3
  rm -f "$dir/$name.times"
  for ((i = 0; i <= runs; i++)); do
    rm -rf "$dir/out" "$dir/state"
    [ "$cache" = cold ] && rm -rf "$dir/cache"
    [ "$i" -eq 0 ] && [ "$cache" = cold ] && continue
    (cd "$site" && XDG_CACHE_HOME=$dir/cache /usr/bin/time -f "%e %U %S %M" -o "$dir/time.out" \
      "$sigill" build --out "$dir/out" --state "$dir/state" >/dev/null 2>"$dir/$name.err") || { cat "$dir/$name.err" >&2; exit 1; }
    [ "$i" -eq 0 ] && continue
    awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$dir/time.out" >> "$dir/$name.times"
  done
}
printf '%-12s %9s %9s %10s %8s\n' setup "wall s" "cpu s" "peak MiB" "× plain"
base=
for setup in "plain plain warm" "search search warm" "images-cold images cold" "images-warm images warm"; do
  set -- $setup
  run "$1" "$dir/site-$2-$pages" "$3"
  wall=$(cut -d' ' -f1 "$dir/$1.times" | median); cpu=$(cut -d' ' -f2 "$dir/$1.times" | median); mem=$(cut -d' ' -f3 "$dir/$1.times" | median)
  base=${base:-$wall}
  printf '%-12s %9.2f %9.2f %10.0f %8.2f\n' "$1" "$wall" "$cpu" "$(awk -v m="$mem" 'BEGIN{print m/1024}')" "$(awk -v a="$wall" -v b="$base" 'BEGIN{print a/b}')"
done
