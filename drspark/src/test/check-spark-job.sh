#!/bin/sh
# Runs drspark's -all jar the way spark-submit does (the jar, then Spark's own jars), with local[2], on
# the model and photographs DrSparkTest left in target/spark-it; checks one CSV row per photograph and
# an error row for the corrupt one. Run by 'mvn verify' in drspark.
set -eu
jar=$1
sparklib=$2
it=$3
opens=$4
if [ ! -d "$it/model" ]; then
  echo "check-spark-job: no $it/model (DrSparkTest writes it); nothing to check" >&2
  exit 1
fi
rm -rf "$it/out"
cd /tmp
# shellcheck disable=SC2086
java $opens -Xmx2g -cp "$jar:$sparklib/*" org.drtune.spark.SparkGradeJob --master 'local[2]' \
  --model "$it/model" --input "$it/photos" --output "$it/out" --format csv --partitions 3 2>"$it/job.log" \
  || { cat "$it/job.log" >&2; echo "check-spark-job: the job failed" >&2; exit 1; }
expected=$(find "$it/photos" -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | wc -l)
rows=$(cat "$it"/out/part-*.csv | grep -v '^path,' | grep -c .)
errors=$(cat "$it"/out/part-*.csv | grep -v '^path,' | grep -c 'corrupt.jpg.*cannot' || true)
if [ "$rows" -ne "$expected" ] || [ "$errors" -ne 1 ]; then
  echo "check-spark-job: $rows rows for $expected photographs, $errors error rows (expected 1)" >&2
  cat "$it"/out/part-*.csv >&2
  exit 1
fi
echo "check-spark-job: drspark -all jar graded $rows photographs on local[2] ($(tail -n 1 "$it/job.log"))"
