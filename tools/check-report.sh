#!/usr/bin/env bash
# Renders a generated usage report in a real browser (headless Chromium) and saves a screenshot.
#
#   tools/check-report.sh               # uses vectornode-examples/target/vectornode.jar if built
#   REBUILD=1 tools/check-report.sh     # packages the jar first (tests skipped)
#   OUT=/tmp/r.png HEIGHT=3400 tools/check-report.sh
#
# Steps: `vectornode report --sample` writes a 30-day sample ledger through the real UsageLedger
# and reports on it (HTML + CSV); the page is checked to reference nothing on the network; then
# Chromium, with every host name made unresolvable, renders it to $OUT (default docs/report.png)
# and dumps its DOM, which must hold the billing table and the data island. The Maven tests do
# not need any of this: they check the figures in the page against the ledger.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=vectornode-examples/target/vectornode.jar
OUT=${OUT:-docs/report.png}
HEIGHT=${HEIGHT:-2400}

mvn_lock() {
  # Maven runs one at a time on a shared machine; offline first, online if a dependency is missing.
  if command -v flock >/dev/null; then flock /tmp/mvn.lock "$@"; else "$@"; fi
}
if [[ ! -f $JAR || ${REBUILD:-0} == 1 ]]; then
  mvn_lock mvn -B -q -o package -pl vectornode-examples -am -DskipTests \
    || mvn_lock mvn -B -q package -pl vectornode-examples -am -DskipTests
fi

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $CHROMIUM ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y chromium >/dev/null
    CHROMIUM=$(command -v chromium)
  else
    echo "check-report: no chromium; install the Debian package 'chromium'" >&2
    exit 1
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -jar "$JAR" report --sample --out "$work/report.html" --csv "$work/billing.csv"

# Self-contained: no external script, sheet, font, image or frame (the SVG namespace is a name,
# not a fetch).
if grep -Eo '(src|href)="[a-z]+:[^"]{0,40}|url\([^)]{0,40}|@import|<link|<iframe|<img' \
    "$work/report.html" | grep -v '^href="data:' ; then
  echo "check-report: the page references something outside itself (above)" >&2
  exit 1
fi
grep -q '<script type="application/json" id="vn-data">' "$work/report.html"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars)
"$CHROMIUM" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
  --dump-dom "file://$work/report.html" 2>/dev/null >"$work/dom.html"
grep -q 'id="billing"' "$work/dom.html" || { echo "check-report: no billing table in the DOM" >&2; exit 1; }
grep -q 'id="vn-data"' "$work/dom.html" || { echo "check-report: no data island in the DOM" >&2; exit 1; }
"$CHROMIUM" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" \
  --screenshot="$work/report.png" --window-size=1280,"$HEIGHT" "file://$work/report.html" \
  2>/dev/null
mkdir -p "$(dirname "$OUT")"
cp "$work/report.png" "$OUT"
echo "check-report: rendered $(wc -c <"$work/report.html") bytes of HTML; screenshot $OUT" \
  "($(wc -c <"$OUT") bytes)"
