#!/usr/bin/env bash
# What CI does, on this machine: clones the current branch's committed HEAD
# into a clean directory beside ../shared (default ../ci-clone, next to this checkout, so that
# ../shared resolves to the same mirror), runs `bash .ci/run` there with no
# stdin, a clean environment (PATH, HOME, LANG only; ccache is the only
# cache, as in CI) and a 60-minute limit, and prints pass or fail and the
# time taken. Uncommitted changes are not in the clone: the check is of HEAD.
#
# Usage: scripts/ci-check.sh [CLONE_DIR]     (-v: stream the log)
# The log is CLONE_DIR/ci-check.log; the exit code is that of .ci/run (124: timed out).
set -euo pipefail
verbose=0
if [ "${1:-}" = "-v" ]; then verbose=1; shift; fi
root="$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)"
dest="${1:-$(dirname "$root")/ci-clone}"
log="$dest/ci-check.log"
branch="$(git -C "$root" symbolic-ref --quiet --short HEAD)" || {
  echo "ci-check: HEAD is detached; switch to a branch first" >&2; exit 2; }
sha="$(git -C "$root" rev-parse HEAD)"
dirty="$(git -C "$root" status --porcelain --untracked-files=no | wc -l)"
[ "$dirty" -eq 0 ] || echo "ci-check: note: $dirty uncommitted changes in $root are not in the clone"
case "$dest" in /|"$root"|"$root"/*) echo "ci-check: refusing to clone into $dest" >&2; exit 2 ;; esac

rm -rf "$dest"
git clone --quiet --no-hardlinks --branch "$branch" "$root" "$dest"
[ "$(git -C "$dest" rev-parse HEAD)" = "$sha" ] || { echo "ci-check: clone is not at $sha" >&2; exit 2; }
echo "ci-check: $branch at ${sha:0:10} -> $dest (../shared is $(cd "$dest/.." && pwd)/shared); log $log"

start=$(date +%s)
set +e
if [ "$verbose" -eq 1 ]; then
  (cd "$dest" && env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 timeout 3600 bash .ci/run </dev/null 2>&1) | tee "$log"
  rc=${PIPESTATUS[0]}
else
  (cd "$dest" && env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 timeout 3600 bash .ci/run </dev/null >"$log" 2>&1)
  rc=$?
fi
set -e
elapsed=$(( $(date +%s) - start ))
duration="$((elapsed / 60))m$((elapsed % 60))s"
summary="$(grep -E '^[0-9]+% tests passed' "$log" | tail -1 || true)"
if [ "$rc" -eq 0 ]; then
  echo "ci-check: PASS in $duration ($branch ${sha:0:10}; ${summary:-no ctest summary})"
else
  [ "$verbose" -eq 1 ] || tail -40 "$log"
  [ "$rc" -ne 124 ] || echo "ci-check: timed out after 60 minutes"
  echo "ci-check: FAIL (exit $rc) in $duration ($branch ${sha:0:10}; ${summary:-no ctest summary}); log $log"
fi
exit "$rc"
