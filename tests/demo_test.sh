#!/usr/bin/env bash
# ctest DemoPrintsOnlyFilesItWrote: runs scripts/demo.sh (what `make demo`
# runs) into a fresh directory and checks that
#   - it succeeds and writes the North East atlas reports (2019 and 2025);
#   - every path under the output directory that it prints exists;
#   - its closing "Look at:" list is not empty;
#   - the `nhood serve` command it prints has --db and both atlases
#     (--atlas), and the URL of the explorer; run on a free loopback port
#     (127.0.0.1:0 in place of :8080) for a few seconds, it answers 200 for
#     /atlas/ and a neighbourhood's profile JSON, which carries the link
#     service's reach (the demo store is there), and sends the map layer
#     gzipped only to a client that accepts gzip. Bounded: 120 s to start.
# The data mirror is $NHOOD_DATA_DIR, else the CMake default (third argument).
# Usage: demo_test.sh NHOOD SOURCE_DIR DEFAULT_DATA_DIR WORK_DIR
set -uo pipefail
nhood="$1"; source_dir="$2"; data="${NHOOD_DATA_DIR:-$3}"; work="$4"
if [ ! -d "$data" ]; then
  echo "test data missing: looked for $data (\$NHOOD_DATA_DIR, else the CMake cache variable NHOOD_DATA_DIR)" >&2
  exit 1
fi
rm -rf "$work"; mkdir -p "$work"
out="$work/out"
log="$work/demo.log"
NHOOD_DEMO_OUT="$out" bash "$source_dir/scripts/demo.sh" "$nhood" "$data" >"$log" 2>&1 </dev/null
rc=$?
problems=0
problem() { echo "FAIL: $*"; problems=$((problems + 1)); }
[ "$rc" -eq 0 ] || { tail -20 "$log"; problem "scripts/demo.sh exited $rc (log: $log)"; }
# Every path the demo printed under its output directory, with any trailing
# punctuation of the sentence it sits in removed.
mapfile -t printed < <(grep -o "$out/[^ '\"]*" "$log" | sed 's/[;:,.)]*$//' | sort -u)
echo "${#printed[@]} distinct paths printed"
for p in "${printed[@]}"; do
  [ -e "$p" ] || problem "printed but missing: $p"
done
# The closing list.
mapfile -t listed < <(sed -n '/^Look at:$/,$p' "$log" | sed -n 's/^  \([^ ]*\) .*/\1/p')
echo "${#listed[@]} paths in the closing list"
[ "${#listed[@]}" -gt 0 ] || problem "the closing 'Look at:' list is empty"
for p in "${listed[@]}"; do
  [ -e "$p" ] || problem "listed but missing: $p"
done
for want in "$out/atlas_north_east/report.html" "$out/atlas_north_east/atlas.gpkg" \
            "$out/atlas_north_east_2025/report.html" "$out/atlas_north_east_2025/neighbourhoods.csv"; do
  printf '%s\n' "${listed[@]}" | grep -qxF "$want" || problem "the closing list lacks $want"
  [ -s "$want" ] || problem "the demo did not write $want"
done

# The printed serve command: one line starting with the binary.
serve_line=$(grep -m1 -F "$nhood serve " "$log" || true)
server=""
stop_server() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap stop_server EXIT
if [ -z "$serve_line" ]; then
  problem "the demo printed no '$nhood serve' command"
else
  for want in "--db $out/link-demo.db" "--atlas $out/atlas_north_east_2025" "--atlas $out/atlas_north_east " \
              "--listen 127.0.0.1:8080"; do
    [[ "$serve_line " == *"$want"* ]] || problem "the serve command lacks '$want': $serve_line"
  done
  grep -qF "http://127.0.0.1:8080/atlas/" "$log" || problem "the demo does not print the explorer's URL"
  read -ra words <<<"${serve_line/--listen 127.0.0.1:8080/--listen 127.0.0.1:0}"
  "${words[@]}" >"$work/serve.out" 2>"$work/serve.log" </dev/null &
  server=$!
  port=""
  for _ in $(seq 1 600); do
    port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/serve.out")
    [ -n "$port" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$port" ]; then
    tail -5 "$work/serve.log"
    problem "the printed serve command did not start listening in 120 s (log: $work/serve.log)"
  else
    base="http://127.0.0.1:$port"
    code=$(curl -s -o "$work/atlas.html" -w '%{http_code}' --max-time 20 "$base/atlas/")
    [ "$code" = 200 ] || problem "GET /atlas/ answered $code"
    grep -q 'data-atlas="atlas-north-east-2025"' "$work/atlas.html" || problem "/atlas/ does not show the 2025 atlas first"
    id=$(curl -s --max-time 20 "$base/api/v1/atlas/neighbourhoods.csv" | sed -n '2s/,.*//p')
    code=$(curl -s -o "$work/profile.json" -w '%{http_code}' --max-time 20 "$base/api/v1/atlas/neighbourhoods/$id")
    [ -n "$id" ] && [ "$code" = 200 ] || problem "GET /api/v1/atlas/neighbourhoods/$id answered $code"
    grep -q '"link_reach":{' "$work/profile.json" || problem "the profile of $id has no link_reach (the demo store is served)"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$base/api/v1/atlas?atlas=atlas-north-east")
    [ "$code" = 200 ] || problem "GET /api/v1/atlas?atlas=atlas-north-east (the 2019 atlas) answered $code"
    # Over the socket (cpp-httplib in between): the layer gzipped when asked, plain when not.
    headers=$(curl -s -D - -o "$work/layer.gz" --max-time 20 -H 'Accept-Encoding: gzip, deflate, br' \
      "$base/api/v1/atlas/layers/neighbourhoods.geojson?zoom=6" | tr -d '\r')
    grep -qix 'content-encoding: gzip' <<<"$headers" || problem "the layer was not sent gzipped: $headers"
    { gzip -dc "$work/layer.gz" >"$work/layer.geojson" 2>/dev/null &&
      grep -q '^{"type":"FeatureCollection"' "$work/layer.geojson"; } ||
      problem "the gzipped layer does not inflate to a FeatureCollection"
    headers=$(curl -s -D - -o /dev/null --max-time 20 "$base/api/v1/atlas/layers/neighbourhoods.geojson?zoom=6" | tr -d '\r')
    grep -qi '^content-encoding' <<<"$headers" && problem "the layer was gzipped for a client that did not ask"
    echo "the printed serve command answered on port $port: /atlas/, the profile of $id, the layer gzipped"
  fi
  stop_server
fi
if [ "$problems" -ne 0 ]; then
  echo "$problems problems (log: $log)"
  exit 1
fi
echo "OK: the demo wrote every file it printed, and its serve command serves the explorer"
