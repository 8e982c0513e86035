#!/usr/bin/env bash
# Runs every test of every module: unit tests, the PKCS#11 tests on a SoftHSM2 token, the
# Terracotta cluster tests and the container tests. Installs what it needs that Maven cannot
# fetch (SoftHSM2, from Debian's packages); servers come from Maven Central during the build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -e /usr/lib/softhsm/libsofthsm2.so ] || ! command -v softhsm2-util >/dev/null; then
  echo "test.sh: installing SoftHSM2 from Debian packages"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq softhsm2 >/dev/null
fi

exec mvn -B --no-transfer-progress verify "$@"
