#!/bin/sh
# Unpacks the release zip into a scratch folder and runs it from outside the source tree, with only the
# JRE: --version, the completion script, spark-grade (its message without Spark; with drspark's copy of
# Spark's jars as SPARK_HOME, a real grading of DrSparkTest's photographs when they are there), and (when
# the shared weights are around) a real ImageNet classification of the eagle. Run by 'mvn verify' in drcli; fails the build when the zip does not work.
set -eu
zip=$1
scratch=$2
# the shared weights: $DRTUNE_MIRROR, else a 'shared' folder next to the third argument or an ancestor
shared=${DRTUNE_MIRROR:-}
if [ -z "$shared" ] && [ -n "${3:-}" ]; then
  d=$(cd "$3" && pwd)
  while [ "$d" != "/" ]; do
    if [ -d "$(dirname "$d")/shared/models" ]; then shared="$(dirname "$d")/shared"; break; fi
    d=$(dirname "$d")
  done
fi
rm -rf "$scratch"
mkdir -p "$scratch"
unzip -q "$zip" -d "$scratch"
dist=$(find "$scratch" -mindepth 1 -maxdepth 1 -type d -name 'drtune-*' | head -n 1)
[ -x "$dist/bin/drtune" ] || { echo "check-dist: $dist/bin/drtune missing or not executable" >&2; exit 1; }
[ -s "$dist/completion/drtune" ] || { echo "check-dist: completion/drtune missing" >&2; exit 1; }
grep -q "predict" "$dist/completion/drtune" || { echo "check-dist: completion lacks predict" >&2; exit 1; }
# the SBOM names every jar of lib/ (drtune's own and TensorFlow's native build among them)
sbom=$(ls "$dist"/sbom/drtune-*.cdx.json 2>/dev/null | head -n 1)
[ -s "$sbom" ] || { echo "check-dist: sbom/drtune-VERSION.cdx.json missing" >&2; exit 1; }
for jar in "$dist"/lib/*.jar; do
  name=$(basename "$jar" .jar)
  grep -q "\"name\" : \"${name%%-[0-9]*}\"" "$sbom" \
    || { echo "check-dist: the SBOM does not list $(basename "$jar")" >&2; exit 1; }
done
cd /tmp
out=$("$dist/bin/drtune" --version)
echo "$out" | grep -q '^drtune [0-9]' || { echo "check-dist: --version said: $out" >&2; exit 1; }
echo "$out" | grep -q '^TensorFlow 2\.' || { echo "check-dist: --version said: $out" >&2; exit 1; }
# the completion the zip carries is the one the command prints
"$dist/bin/drtune" completion | cmp -s - "$dist/completion/drtune" \
  || { echo "check-dist: completion/drtune differs from 'drtune completion'" >&2; exit 1; }
# spark-grade without Spark says what it needs (and fails); with Spark's jars as SPARK_HOME it grades
if msg=$(env -u SPARK_HOME "$dist/bin/drtune" spark-grade --model m --input i --output o 2>&1); then
  echo "check-dist: spark-grade without Spark succeeded: $msg" >&2; exit 1
fi
echo "$msg" | grep -q 'SPARK_HOME' || { echo "check-dist: spark-grade without Spark said: $msg" >&2; exit 1; }
spark_it="${3:-/nonexistent}/../drspark/target/spark-it"
spark_lib="${3:-/nonexistent}/../drspark/target/spark-lib"
if [ -d "$spark_it/model" ] && [ -d "$spark_lib" ]; then
  mkdir -p "$scratch/spark"
  ln -s "$(cd "$spark_lib" && pwd)" "$scratch/spark/jars"
  SPARK_HOME="$scratch/spark" "$dist/bin/drtune" spark-grade --master 'local[2]' --model "$spark_it/model" \
    --input "$spark_it/photos" --output "$scratch/graded" --format csv 2>"$scratch/spark.log" \
    || { cat "$scratch/spark.log" >&2; echo "check-dist: spark-grade failed" >&2; exit 1; }
  expected=$(find "$spark_it/photos" -type f \( -iname "*.png" -o -iname "*.jpg" -o -iname "*.jpeg" \) | wc -l)
  rows=$(cat "$scratch"/graded/part-*.csv | grep -v '^path,' | grep -c .)
  [ "$rows" -eq "$expected" ] || { echo "check-dist: spark-grade wrote $rows rows for $expected photographs" >&2; exit 1; }
  echo "check-dist: spark-grade with SPARK_HOME graded $rows photographs"
fi
if [ -n "$shared" ] && [ -f "$shared/models/bvlc_googlenet/reference/eagle.jpg" ]; then
  labels=$(DRTUNE_HOME="$scratch/home" DRTUNE_MIRROR="$shared" "$dist/bin/drtune" imagenet --quiet \
    --image "$shared/models/bvlc_googlenet/reference/eagle.jpg" --top 1 --json -)
  echo "$labels" | grep -q 'bald eagle' || { echo "check-dist: imagenet said: $labels" >&2; exit 1; }
  echo "check-dist: $dist runs: $(echo "$out" | head -n 1), eagle classified"
else
  echo "check-dist: $dist runs: $(echo "$out" | head -n 1) (no shared weights: classification not checked)"
fi
rm -rf "$scratch"
