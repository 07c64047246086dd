#!/usr/bin/env bash
# Builds the services (tests skipped) and runs the whole system on this machine:
# Kafka (KRaft), the Apicurio registry, mongo-java-server, the demo platform and the
# four services. Data, development keys and logs stay in $LATCHKEY_HOME (default ./.latchkey).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
# glibc would give each of the launcher's many threads a 64 MB malloc arena.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java @embedded/launcher.jvm-options -jar embedded/target/embedded-0.1.0-SNAPSHOT.jar "$@"
