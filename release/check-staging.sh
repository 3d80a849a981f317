#!/usr/bin/env bash
# check-staging.sh STAGING IT_REPO NAME=VERSION... — run by the release module before examples/embed is built
# against STAGING:
#  - removes the test jars (drtune's own test fixtures, never published) from STAGING;
#  - fails unless every staged jar has its POM, sources jar, Javadoc jar (public packages only) and CycloneDX SBOM
#    next to it, and unless
#    the staged BOM stands alone (no parent) with the versions the build used (NAME=VERSION: drtune.bom.NAME.version);
#  - empties IT_REPO, the example's local repository, so that everything it uses comes from a repository.
set -euo pipefail
staging=$1
it_repo=$2
shift 2
if [ ! -d "$staging/org/drtune" ]; then
  echo "check-staging: nothing is staged in $staging; build from the repository root (mvn verify)" >&2
  exit 1
fi
find "$staging" -name '*-tests.jar*' -delete
fail=0
for artifact in drtune-parent drtune-bom drtune-models drtune-core drtune-spark drtune-cli drtune-bench; do
  if [ ! -d "$staging/org/drtune/$artifact" ]; then
    echo "check-staging: $artifact is not staged" >&2
    fail=1
  fi
done
for dir in "$staging"/org/drtune/*/*/; do
  pom=$(ls "$dir"*.pom | sort | tail -n 1)           # the newest of a snapshot's deployments
  stem=${pom%.pom}
  name=$(basename "$(dirname "$dir")")
  if grep -q '<packaging>pom</packaging>' "$pom"; then
    if [ "$name" = drtune-bom ]; then
      if grep -q '<parent>' "$pom"; then
        echo "check-staging: the staged BOM $pom has a parent: its dependency management would reach users" >&2
        fail=1
      fi
      for pin in "$@"; do
        if ! grep -q "<drtune.bom.${pin%%=*}.version>${pin#*=}</" "$pom"; then
          echo "check-staging: bom/pom.xml does not pin ${pin%%=*} ${pin#*=} like the build (root pom.xml)" >&2
          fail=1
        fi
      done
    fi
    continue
  fi
  for part in .jar -sources.jar -javadoc.jar -cyclonedx.json; do
    if [ ! -s "$stem$part" ]; then
      echo "check-staging: $name is staged without $(basename "$stem$part")" >&2
      fail=1
    fi
  done
  # the Javadoc documents the public packages only
  if [ -s "$stem-javadoc.jar" ] && unzip -Z1 "$stem-javadoc.jar" | grep -q '/internal/'; then
    echo "check-staging: $(basename "$stem-javadoc.jar") documents an internal package" >&2
    fail=1
  fi
done
if ls "$staging"/org/drtune/*/*/*-tests.jar >/dev/null 2>&1; then
  echo "check-staging: test jars are still staged" >&2
  fail=1
fi
rm -rf "$it_repo"
mkdir -p "$it_repo"
if [ "$fail" = 0 ]; then
  echo "check-staging: $(ls -d "$staging"/org/drtune/*/ | wc -l) artifacts staged with sources, Javadoc and SBOM;" \
    "no test jars"
fi
exit "$fail"
