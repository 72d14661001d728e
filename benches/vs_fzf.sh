#!/usr/bin/env bash
# One-shot `nisso search` against `fzf --filter` over the same names (every entity name,
# alias and era name, one per line), whole processes, side by side in one hyperfine run.
# With --data FILE, nisso runs twice: with its dataset cache warm (the cache is written by
# the warm-up runs) and cold (the cache removed before every run: parse, check, index and
# write the cache). Needs hyperfine and fzf (apt-get install hyperfine fzf) and python3.
# Usage: bash benches/vs_fzf.sh [--data FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
nisso="$PWD/target/release/nisso"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NISSO_CACHE_DIR="$work/cache"
"$nisso" export "$@" | python3 -c '
import json, sys
data = json.load(sys.stdin)
names = [era["name"] for era in data.get("eras", [])]
for entity in data["entities"]:
    names.append(entity["name"])
    for alias in entity.get("aliases", []):
        names.append(alias if isinstance(alias, str) else alias["name"])
print("\n".join(names))' > "$work/names.txt"
echo "names: $(wc -l < "$work/names.txt")"

report() {
  python3 - "$work/run.json" "$1" "$2" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))["results"]
def stats(r):
    t = sorted(r["times"])
    return statistics.median(t) * 1000, t[max(0, int(len(t) * 0.99) - 1)] * 1000
(n_med, n_p99), (f_med, f_p99) = stats(runs[0]), stats(runs[1])
print(f"{sys.argv[2]!r:18} {sys.argv[3]:5} nisso median {n_med:.2f} ms (p99 {n_p99:.2f})  "
      f"fzf median {f_med:.2f} ms (p99 {f_p99:.2f})  ratio nisso/fzf {n_med / f_med:.2f}")
PY
}

if [ "$#" -eq 0 ]; then warm_runs=300; else warm_runs=60; fi
for query in gorbachev "kuril islands" "neutrality pact" sakhalin kuri; do
  hyperfine -i --style none --warmup 5 --runs "$warm_runs" --export-json "$work/run.json" \
    "$nisso search '$query' $* > /dev/null" \
    "fzf --filter '$query' < '$work/names.txt' > /dev/null" > /dev/null 2>&1
  if [ "$#" -eq 0 ]; then report "$query" ""; else report "$query" warm; fi
  if [ "$#" -gt 0 ]; then
    hyperfine -i --style none --runs 5 --prepare "rm -rf '$NISSO_CACHE_DIR'" \
      --export-json "$work/run.json" \
      "$nisso search '$query' $* > /dev/null" \
      "fzf --filter '$query' < '$work/names.txt' > /dev/null" > /dev/null 2>&1
    report "$query" cold
  fi
done
