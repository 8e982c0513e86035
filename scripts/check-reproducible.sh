#!/usr/bin/env bash
# Builds the published modules a second time from the same commit, without tests, and compares
# their jar, sources, javadoc and SBOM byte for byte (SHA-256) with the first build's
# (scripts/test.sh's reactor build, still in each module's target/). The parent fixes
# project.build.outputTimestamp, so every difference is a reproducibility bug.
set -euo pipefail
cd "$(dirname "$0")/.."

published=(dpop-core dpop-servlet dpop-jaxrs dpop-jakarta-security dpop-jca dpop-ehcache)
fingerprints() {
  for module in "${published[@]}"; do
    (cd "$module/target" && sha256sum "$module"-*.jar "$module"-*-cyclonedx.xml) \
      | sed "s|  |  $module/target/|"
  done
}

mkdir -p target
fingerprints > target/first-build.sha256
modules=$(IFS=,; echo "${published[*]}")
mvn -B -q --no-transfer-progress -P publish -DskipTests -pl "$modules" clean package "$@"
fingerprints > target/second-build.sha256

if ! diff -u target/first-build.sha256 target/second-build.sha256; then
  echo "check-reproducible: the second build differs (target/*-build.sha256)" >&2
  exit 1
fi
echo "check-reproducible: $(wc -l < target/second-build.sha256) artifacts identical in both builds"
