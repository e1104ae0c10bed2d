#!/usr/bin/env bash
# Measures the console's cold start (process start → first JSON answer) and peak memory,
# with the release build and the shipped config/content, on a fresh store and a warm one.
# Usage: scripts/measure-console.sh [runs]     (prints medians; needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release --locked --quiet
bin=target/release/loaban
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e "s|^data_dir = .*|data_dir = \"$work/data\"|" \
    -e "s|^locales_dir = .*|locales_dir = \"$PWD/locales\"|" \
    -e "s|^default_content = .*|default_content = \"$PWD/content/default.toml\"|" \
    config.toml > "$work/config.toml"

measure() { # $1 = fresh|warm ; prints "ms kb"
  [ "$1" = fresh ] && rm -rf "$work/data"
  local start end
  start=$(date +%s%N)
  echo 'ban dong dat may tieu chi' | /usr/bin/time -f '%M' -o "$work/rss" \
      "$bin" console --json --config "$work/config.toml" > "$work/out"
  end=$(date +%s%N)
  grep -q '6/16' "$work/out" || { echo "unexpected answer: $(cat "$work/out")" >&2; exit 1; }
  echo "$(( (end - start) / 1000000 )) $(cat "$work/rss")"
}

for kind in fresh warm; do
  measure warm > /dev/null   # make sure a store exists for "warm"
  : > "$work/$kind.txt"
  for _ in $(seq "$runs"); do measure "$kind" >> "$work/$kind.txt"; done
  ms=$(cut -d' ' -f1 "$work/$kind.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  kb=$(cut -d' ' -f2 "$work/$kind.txt" | sort -n | tail -1)
  echo "console $kind store: start → first answer median ${ms} ms over $runs runs; peak RSS max $((kb / 1024)) MiB (${kb} KiB)"
done
