#!/usr/bin/env bash
# Builds the demo (and the dpop4j modules it is made of) and runs it: without arguments it tells
# the DPoP story against an in-process server and exits 0 when every step behaved as expected;
# `serve` keeps the server running for other clients. Arguments go to the demo (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q --no-transfer-progress -pl dpop-demo -am package -DskipTests
exec java -jar dpop-demo/target/dpop-demo-0.1.0-SNAPSHOT.jar "$@"
