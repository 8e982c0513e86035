#!/usr/bin/env bash
# Runs every test of every module: unit tests, the PKCS#11 tests on a SoftHSM2 token, the
# Terracotta cluster tests and the container tests. Installs what it needs that Maven cannot
# fetch (SoftHSM2, from Debian's packages); servers come from Maven Central during the build.
# The same build packages the published modules as a release would (sources, javadoc with
# doclint, SBOM), installs them and stages them in target/staging; then it checks the staged
# publication, builds a user's project against it (consumer-test) and rebuilds the published
# modules to prove the jars are reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -e /usr/lib/softhsm/libsofthsm2.so ] || ! command -v softhsm2-util >/dev/null; then
  echo "test.sh: installing SoftHSM2 from Debian packages"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq softhsm2 >/dev/null
fi

# Arguments go to the reactor build. A SNAPSHOT deploy adds to what is staged, so start afresh.
rm -rf target/staging
mvn -B --no-transfer-progress -P publish deploy "$@"

./scripts/check-publication.sh

version=$(sed -n '/<artifactId>dpop4j-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q}' pom.xml)
mvn -B --no-transfer-progress -f consumer-test/pom.xml -Ddpop4j.version="$version" clean verify

./scripts/check-reproducible.sh
