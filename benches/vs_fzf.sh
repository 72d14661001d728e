#!/usr/bin/env bash
# One-shot `nisso search` against `fzf --filter` over the same names (every entity name,
# alias and era name, one per line), whole processes, side by side in one hyperfine run.
# Needs hyperfine and fzf (apt-get install hyperfine fzf) and python3 for the medians.
# Usage: bash benches/vs_fzf.sh [--data FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
nisso="$PWD/target/release/nisso"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
for query in gorbachev "kuril islands" "neutrality pact" sakhalin; do
  hyperfine --style none --warmup 20 --runs 300 --export-json "$work/run.json" \
    "$nisso search '$query' $* > /dev/null" \
    "fzf --filter '$query' < '$work/names.txt' > /dev/null" > /dev/null 2>&1
  python3 - "$work/run.json" "$query" <<'PY'
import json, statistics, sys
runs = json.load(open(sys.argv[1]))["results"]
def stats(r):
    t = sorted(r["times"])
    return statistics.median(t) * 1000, t[int(len(t) * 0.99) - 1] * 1000
(n_med, n_p99), (f_med, f_p99) = stats(runs[0]), stats(runs[1])
print(f"{sys.argv[2]!r:18} nisso median {n_med:.2f} ms (p99 {n_p99:.2f})  "
      f"fzf median {f_med:.2f} ms (p99 {f_p99:.2f})  ratio nisso/fzf {n_med / f_med:.2f}")
PY
done
