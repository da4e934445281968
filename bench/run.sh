#!/usr/bin/env bash
# Sigill against Hugo, side by side in one run, the way users build: on a
# disk and on a tmpfs, against Hugo's leanest reasonable templates (title
# and content) and against templates equivalent to Sigill's theme (menu,
# breadcrumbs, section listings), cold (empty output folder) and warm (the
# output of the last build in place, one page edited — and for Sigill
# approved again; its first rebuild after a cold build and a later one,
# which recycles the release it kept; both read the build machine's
# record of the signatures it verified before). Prints medians of wall time, CPU time (user + system) and
# peak memory from /usr/bin/time, and the ratios.
#
#   bench/run.sh [PAGES...]                    default: 10000
#   RUNS=5 DISK_DIR=/var/tmp/sigill-bench TMPFS_DIR=/dev/shm/sigill-bench bench/run.sh 10000 100000
#
# Needs Hugo and GNU time: apt-get install -y --no-install-recommends hugo time
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
disk=${DISK_DIR:-/var/tmp/sigill-bench}
tmpfs=${TMPFS_DIR:-/dev/shm/sigill-bench}
sizes=("$@")
[ "${#sizes[@]}" -gt 0 ] || sizes=(10000)
command -v hugo >/dev/null || { echo "hugo is not installed: apt-get install -y --no-install-recommends hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed: apt-get install -y time" >&2; exit 2; }

cargo build --release --quiet --bin sigill --example gen-corpus
sigill=$PWD/target/release/sigill
gen=$PWD/target/release/examples/gen-corpus

div() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# measure DIR NAME COMMAND...: appends "wall cpu maxrss_kib" to DIR/NAME.times
measure() {
  local dir=$1 name=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$dir/time.out" "$@" >/dev/null 2>"$dir/$name.err" || { cat "$dir/$name.err" >&2; exit 1; }
  awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$dir/time.out" >> "$dir/$name.times"
}

# retire DIR...: moves earlier outputs out of the way, to be deleted later.
retire() {
  local dir
  for dir in "$@"; do
    if [ -e "$dir" ]; then
      mkdir -p "$root/trash"
      mv "$dir" "$root/trash/$(date +%s%N)"
    fi
  done
}

# edit SITE N: appends a sentence to one page (and, for Sigill, approves it).
edit() {
  local site=$1 n=$2 page=content/sektion-03/sida-00010.md
  printf '\nÄndrad i körning %s.\n' "$n" >> "$site/$page"
  (cd "$site" && "$sigill" approve "$page" --key keys/publisher.key --note "bench $n" --yes >/dev/null)
}

printf '%-8s %-7s %-32s %8s %8s %9s\n' medium pages build "wall s" "cpu s" "peak MiB"
for n in "${sizes[@]}"; do
  for medium in disk tmpfs; do
    root=$disk; [ "$medium" = tmpfs ] && root=$tmpfs
    mkdir -p "$root"
    site=$root/site-$n
    # The build machine's log state of this generated site, kept apart.
    export XDG_DATA_HOME=$root/state-$n
    if [ ! -f "$site/keys/publisher.key" ] || [ ! -d "$site/layouts-lean" ]; then
      rm -rf "$site" "$XDG_DATA_HOME"
      BENCH_SEARCH=0 "$gen" "$site" "$n" >/dev/null
    fi
    rm -f "$root"/*.times
    for ((i = 0; i <= runs; i++)); do
      if [ "$i" -eq 0 ]; then # warm-up, not counted
        retire "$root/out-sigill" "$root/.sigill-previous-out-sigill" "$root/out-lean" "$root/out-listing"
        (cd "$site" && "$sigill" build --out "$root/out-sigill" >/dev/null && hugo --quiet --layoutDir layouts-lean -d "$root/out-lean" >/dev/null)
        continue
      fi
      # Cold: into an empty folder, as in CI on a fresh checkout. Earlier
      # outputs (and the release Sigill keeps beside its output to recycle)
      # are moved aside and deleted after the runs: on ext4 without a
      # journal, creating files within minutes of deleting many costs far
      # more system time (the kernel skips recently freed inodes), which
      # would measure the deletion, not the build.
      retire "$root/out-sigill" "$root/.sigill-previous-out-sigill" "$root/out-lean" "$root/out-listing"
      # Cold also means no record of signatures verified before: as on a
      # fresh CI runner, every approval is verified. (The log state stays:
      # the release must follow the last one.)
      rm -f "$XDG_DATA_HOME"/sigill/state/*/verified-signatures
      (cd "$site" && measure "$root" sigill-cold "$sigill" build --out "$root/out-sigill")
      (cd "$site" && measure "$root" hugo-lean-cold hugo --quiet --layoutDir layouts-lean -d "$root/out-lean")
      (cd "$site" && measure "$root" hugo-listing-cold hugo --quiet -d "$root/out-listing")
      # The first rebuild after a cold build has no earlier release to
      # recycle; later ones (the usual case) do.
      edit "$site" "$i"
      (cd "$site" && measure "$root" sigill-warm-first "$sigill" build --out "$root/out-sigill")
      edit "$site" "$i.2"
      (cd "$site" && measure "$root" sigill-warm "$sigill" build --out "$root/out-sigill")
      (cd "$site" && measure "$root" hugo-lean-warm hugo --quiet --layoutDir layouts-lean -d "$root/out-lean")
    done
    rm -rf "$root/trash"
    declare -A med=()
    for build in sigill-cold hugo-lean-cold hugo-listing-cold sigill-warm-first sigill-warm hugo-lean-warm; do
      for col in 1 2 3; do
        med[$build,$col]=$(cut -d' ' -f$col "$root/$build.times" | median)
      done
      printf '%-8s %-7s %-32s %8.2f %8.2f %9.0f\n' "$medium" "$n" "$build" "${med[$build,1]}" "${med[$build,2]}" "$(div "${med[$build,3]}" 1024)"
    done
    printf '%-8s %-7s %-32s %8s %8s %9s\n' "$medium" "$n" "ratio (wall cpu peak)" "" "" ""
    for pair in "sigill-cold hugo-lean-cold" "sigill-cold hugo-listing-cold" "sigill-warm hugo-lean-warm" "sigill-warm sigill-cold"; do
      set -- $pair
      printf '%-8s %-7s %-32s %8s %8s %9s\n' "$medium" "$n" "$1 / $2" "$(div "${med[$1,1]}" "${med[$2,1]}")" "$(div "${med[$1,2]}" "${med[$2,2]}")" "$(div "${med[$1,3]}" "${med[$2,3]}")"
    done
  done
done
