#!/usr/bin/env bash
# Runs drbench's quick profile (all benchmarks, short settings; 10–15 minutes on 2 vCPUs) and prints the
# throughput and ratio tables. JMH JSON and a Markdown report go to drbench/target/bench/.
#
#   drbench/run-quick.sh [--build] [name-filter ...]     e.g. drbench/run-quick.sh Roofline Pipeline
#
# --build packages drbench first (never installs). Run from anywhere inside the repository: the script works in
# drbench/, whose ancestors have the `shared` sibling folder holding the GoogLeNet weights.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "${1:-}" == "--build" ]]; then
  shift
  (cd "$here/.." && mvn -B -ntp -q -pl drbench -am package -DskipTests)
fi
cd "$here"
jar="$(ls target/drtune-bench-*.jar 2>/dev/null | grep -v -e '-tests\.jar$' -e '-sources\.jar$' -e '-javadoc\.jar$' | head -n 1 || true)"
if [[ -z "$jar" || ! -d target/lib ]]; then
  echo "drbench is not packaged: run  $0 --build  (or mvn -B -ntp -q -pl drbench -am package -DskipTests)" >&2
  exit 2
fi
# DJL (PeerBenchmark): never download, use the CPU build from the pytorch-native-cpu jar. The forked JVMs inherit
# these; PeerBenchmark also passes them as system properties.
export DJL_OFFLINE=true
export PYTORCH_FLAVOR=cpu
exec java -Xmx1g -cp "$jar:target/lib/*" org.drtune.bench.QuickProfile target/bench "$@"
