#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this):
#  1. installs the tools the tests compare against (tshark, capinfos, tcpdump ...),
#  2. builds and runs every test on the default JDK (17),
#  3. builds and tests again on the newer LTS JDK when one is installed, so forward
#     incompatibilities fail here and not on a user's machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-deps.sh
mvn -B -ntp verify
newer=$(ls -d /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]-* 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$newer" ] && [ -x "$newer/bin/java" ]; then
  echo "== again on $newer =="
  JAVA_HOME="$newer" mvn -B -ntp verify
  ./pcapflow info fixtures/captures/sample/sample.pcapng >/dev/null
fi
