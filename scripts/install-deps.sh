#!/usr/bin/env bash
# Installs the system tools the test suite and the capture scripts use:
# tshark/capinfos/editcap/dumpcap (oracle and pcapng capture), tcpdump (capture),
# iproute2 + iptables (network namespaces, NAT), socat (proxy), ethtool (capture scripts),
# hyperfine, tcptrace, tcpflow and GNU time (benchmarks).
# Idempotent: does nothing when everything is already there.
set -euo pipefail
need=()
for tool in tshark capinfos editcap dumpcap tcpdump ip iptables socat hyperfine tcptrace tcpflow ethtool; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
[ -x /usr/bin/time ] || need+=(time)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${need[*]} and not root; install them by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  tshark wireshark-common tcpdump iproute2 iptables socat hyperfine tcptrace tcpflow ethtool time >/dev/null
