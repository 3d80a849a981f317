#!/usr/bin/env bash
# check-origin.sh IT_REPO VERSION — after examples/embed was built: drtune's artifacts in the example's local
# repository were downloaded from the staging repository (id "staging" in examples/it-settings.xml), not taken from
# a `mvn install` or from the user's own local repository.
set -euo pipefail
repo=$1
version=$2
fail=0
for artifact in drtune-parent drtune-bom drtune-models drtune-core; do
  marker="$repo/org/drtune/$artifact/$version/_remote.repositories"
  if [ ! -f "$marker" ] || ! grep -q '>staging=' "$marker" || grep -qv -e '>staging=' -e '^#' "$marker"; then
    echo "check-origin: org.drtune:$artifact:$version did not come from the staging repository ($marker):" >&2
    cat "$marker" >&2 2>/dev/null || echo "  (not resolved at all)" >&2
    fail=1
  fi
done
[ "$fail" = 0 ] && echo "check-origin: drtune-parent, drtune-bom, drtune-models and drtune-core came from the staging repository"
exit "$fail"
