#!/usr/bin/env bash
# Grading throughput on this machine: one JVM (DrClassifier.classifyFiles) against drspark on local[1],
# local[2] and, with --cluster, local-cluster[2,1,3072] (two executor JVMs), on the same photographs and
# options (TTA and quality check on, batch 32). Each Spark setting runs twice; the difference is the start-up
# cost (model shipped, unpacked, verified and loaded in each executor). Writes every number to OUT.json.
#
#   drspark/bench/spark-throughput.sh MODEL_DIR PHOTOS_DIR OUT.json [--cluster]
#
# Needs drspark's test classes: mvn -B -ntp -q -pl drspark -am install -DskipTests (run from the repository).
# Run it alone on the machine: another job on the same cores distorts every number.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 3 ] || { sed -n 2,9p "$0" >&2; exit 2; }
model=$(realpath "$1"); photos=$(realpath "$2"); out=$(realpath -m "$3"); shift 3
cd "$here"
[ -d target/test-classes ] && [ -d target/spark-lib ] \
  || { echo "build first: mvn -B -ntp -q -pl drspark -am install -DskipTests" >&2; exit 2; }
mvn -B -ntp -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt \
  >/dev/null
cp=$(cat target/bench-classpath.txt)
opens=$(sed -n 's|.*<spark.java.options>\(.*\)</spark.java.options>.*|\1|p' ../pom.xml)
# local-cluster executors find Spark's jars in $SPARK_HOME/jars: link this class path's jars there
export SPARK_HOME="$here/target/spark-home"
mkdir -p "$SPARK_HOME/jars"
IFS=: read -ra entries <<< "$cp"
for e in "${entries[@]}"; do
  case "$e" in *.jar) ln -sf "$e" "$SPARK_HOME/jars/$(basename "$e")" ;; esac
done
export SPARK_SCALA_VERSION=2.13
export TF_CPP_MIN_LOG_LEVEL=2
# shellcheck disable=SC2086
exec java -Xmx6g $opens -Ddrtune.spark.opens="$opens" \
  -Dlog4j2.configurationFile="$here/../drcli/src/dist/lib/log4j2-spark-grade.properties" \
  -cp "$here/target/test-classes:$here/target/classes:$cp" org.drtune.spark.SparkThroughput "$model" "$photos" "$out" "$@"
