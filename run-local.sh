#!/usr/bin/env bash
# Builds the services (tests skipped) and runs the whole system on this machine:
# Kafka (KRaft), the Apicurio registry, mongo-java-server, the demo platform and the
# four services. Data and development keys stay in $LATCHKEY_HOME (default ./.latchkey).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
exec java -jar embedded/target/embedded-0.1.0-SNAPSHOT.jar "$@"
