#!/usr/bin/env bash
# Peak memory of `nisso import FORMAT FILE > out.json` (/usr/bin/time -v, "Maximum resident
# set size") for large files of each format, and the ratio to the file's size. The rule:
# peak RSS ≤ 3× the file's size for files of 10 MB and more (the ratio below counts the
# whole process, the binary's few MB included). Shapes: TimelineJS and CSV as nisso exports
# a generated dataset (`nisso generate`, about 700 and 530 bytes a slide), Wikidata SPARQL
# results of an item a row (about 700 bytes); then the worst shapes, tiny rows, where an
# import's indexes (its entities are in a temporary file) weigh most against the file.
# Needs /usr/bin/time (apt-get install time) and awk. With NISSO_BEFORE=BINARY, each file is
# imported by that binary too (a line marked "before"), for a comparison on the same files;
# NISSO=BINARY measures that binary instead of building this tree's.
# Usage: bash benches/import_memory.sh [ENTITIES]   (default 300000: files of 110–200 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${NISSO:-}" ]; then
  cargo build --release --quiet
fi
nisso="${NISSO:-${CARGO_TARGET_DIR:-$PWD/target}/release/nisso}"
n="${1:-300000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$nisso" generate "$n" > "$work/generated.json"
"$nisso" --data "$work/generated.json" --no-cache export --format timelinejs \
  > "$work/timeline.json" 2> /dev/null
"$nisso" --data "$work/generated.json" --no-cache export --format csv \
  > "$work/sheet.csv" 2> /dev/null
rm "$work/generated.json"

# SPARQL results: an item a row with a label, a description, a kind and a dated start.
awk -v n="$n" 'BEGIN {
  printf "{\"head\": {\"vars\": [\"item\", \"itemLabel\", \"itemDescription\", \"instanceLabel\", \"start\", \"startPrecision\"]},\n \"results\": {\"bindings\": [\n"
  for (i = 0; i < n; i++) {
    if (i > 0) printf ",\n"
    printf "  {\"item\": {\"type\": \"uri\", \"value\": \"http://www.wikidata.org/entity/Q%d\"},\n", i + 1
    printf "   \"itemLabel\": {\"type\": \"literal\", \"value\": \"Item number %d of the Japan Soviet list\", \"xml:lang\": \"en\"},\n", i
    printf "   \"itemDescription\": {\"type\": \"literal\", \"value\": \"an event between Japan and the Soviet Union in %d, with talks, envoys and a treaty on fisheries\", \"xml:lang\": \"en\"},\n", 1900 + i % 90
    printf "   \"instanceLabel\": {\"type\": \"literal\", \"value\": \"event\", \"xml:lang\": \"en\"},\n"
    printf "   \"start\": {\"type\": \"literal\", \"value\": \"%d-05-01T00:00:00Z\", \"datatype\": \"http://www.w3.org/2001/XMLSchema#dateTime\"},\n", 1900 + i % 90
    printf "   \"startPrecision\": {\"type\": \"literal\", \"value\": \"11\", \"datatype\": \"http://www.w3.org/2001/XMLSchema#integer\"}}"
  }
  printf "\n]}}\n"
}' > "$work/results.json"

# The worst shapes: a slide, a row, a binding of a few bytes each.
tiny=$((n * 4))
awk -v n="$tiny" 'BEGIN {
  printf "{\"events\": ["
  for (i = 0; i < n; i++) printf "%s{\"start_date\": {\"year\": %d}, \"text\": {\"headline\": \"S%d\"}}", (i ? "," : ""), 1900 + i % 100, i
  printf "]}\n"
}' > "$work/tiny-slides.json"
awk -v n="$tiny" 'BEGIN {
  print "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background,Unique ID"
  for (i = 0; i < n; i++) printf "%d,,,,,,,,,S%d,,,,,,,,,\n", 1900 + i % 100, i
}' > "$work/tiny-rows.csv"
awk -v n="$tiny" 'BEGIN {
  printf "{\"head\": {\"vars\": [\"item\", \"itemLabel\"]}, \"results\": {\"bindings\": ["
  for (i = 0; i < n; i++) printf "%s{\"item\": {\"type\": \"uri\", \"value\": \"http://www.wikidata.org/entity/Q%d\"}, \"itemLabel\": {\"type\": \"literal\", \"value\": \"I%d\"}}", (i ? "," : ""), i + 1, i
  printf "]}}\n"
}' > "$work/tiny-bindings.json"

printf '%-12s %-20s %-6s %8s %9s %10s %8s %8s %7s\n' format file binary MB rows "peak MB" ratio seconds "B/row"
measure() {
  if [ -n "${NISSO_BEFORE:-}" ]; then
    run "$1" "$2" before "$NISSO_BEFORE"
  fi
  run "$1" "$2" "${NISSO_BEFORE:+after}" "$nisso"
}
run() {
  local format=$1 file=$2 label=$3 binary=$4
  /usr/bin/time -v "$binary" import "$format" "$work/$file" > "$work/out.json" 2> "$work/time.txt" || {
    tail -5 "$work/time.txt"
    exit 1
  }
  local size kb secs rows
  size=$(stat -c %s "$work/$file")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); print t[1] * 60 + t[2]}' "$work/time.txt")
  rows=$(grep -o '[0-9]* rows\? →' "$work/time.txt" | head -1 | grep -o '^[0-9]*')
  awk -v f="$format" -v file="$file" -v label="$label" -v size="$size" -v kb="$kb" -v secs="$secs" -v rows="$rows" 'BEGIN {
    printf "%-12s %-20s %-6s %8.1f %9d %10.1f %7.2f× %8.2f %7d\n", f, file, label, size / 1e6, rows, kb * 1024 / 1e6, kb * 1024 / size, secs, kb * 1024 / rows
  }'
}
measure timelinejs timeline.json
measure csv sheet.csv
measure wikidata results.json
measure timelinejs tiny-slides.json
measure csv tiny-rows.csv
measure wikidata tiny-bindings.json
