# shellcheck shell=bash
# Network-namespace topology shared by scripts/lab/lab.sh, scripts/make-captures.sh and
# scripts/make-loss-captures.sh (sourced; the caller sets -euo pipefail):
#
#   client ns  eth0     192.0.2.2/24     2001:db8:1::2/64
#     <-> box ns  inside0  192.0.2.1/24     2001:db8:1::1/64
#                 outside0 198.51.100.1/24  2001:db8:2::1/64
#     <-> server ns eth0   198.51.100.2/24  2001:db8:2::2/64
#
# Documentation addresses only (RFC 5737, RFC 3849). The veth pairs are created directly inside
# the namespaces, so nothing appears in the caller's namespace and parallel labs do not collide.

PF_CLIENT_V4=192.0.2.2;     PF_CLIENT_V6=2001:db8:1::2
PF_INSIDE_V4=192.0.2.1;     PF_INSIDE_V6=2001:db8:1::1
PF_OUTSIDE_V4=198.51.100.1; PF_OUTSIDE_V6=2001:db8:2::1
PF_SERVER_V4=198.51.100.2;  PF_SERVER_V6=2001:db8:2::2

# pf_topology CLI BOX SRV: the three namespaces (each appended to the caller's NETNS_MADE array as
# soon as it exists, for cleanup), loopback up, no router solicitations, the two veth pairs and the
# addresses. Links stay down: see pf_offloads_off and pf_links_up.
pf_topology() {
  local cli=$1 box=$2 srv=$3 ns
  for ns in "$cli" "$box" "$srv"; do
    ip netns add "$ns"
    NETNS_MADE+=("$ns")
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.router_solicitations=0
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.router_solicitations=0
  done
  ip link add eth0 netns "$cli" type veth peer name inside0 netns "$box"
  ip link add outside0 netns "$box" type veth peer name eth0 netns "$srv"
  ip -n "$cli" addr add "$PF_CLIENT_V4/24" dev eth0
  ip -n "$cli" addr add "$PF_CLIENT_V6/64" dev eth0 nodad
  ip -n "$box" addr add "$PF_INSIDE_V4/24" dev inside0
  ip -n "$box" addr add "$PF_INSIDE_V6/64" dev inside0 nodad
  ip -n "$box" addr add "$PF_OUTSIDE_V4/24" dev outside0
  ip -n "$box" addr add "$PF_OUTSIDE_V6/64" dev outside0 nodad
  ip -n "$srv" addr add "$PF_SERVER_V4/24" dev eth0
  ip -n "$srv" addr add "$PF_SERVER_V6/64" dev eth0 nodad
}

# pf_offloads_off CLI BOX SRV: tx checksum, TSO, GSO and GRO off on all four veth ends, so captured
# segments are MSS-sized and carry real checksums. Prints "NS/DEV" and returns 1 at the first failure.
pf_offloads_off() {
  local pair
  for pair in "$1 eth0" "$2 inside0" "$2 outside0" "$3 eth0"; do
    # shellcheck disable=SC2086
    set -- $pair
    ip netns exec "$1" ethtool -K "$2" tx off tso off gso off gro off >/dev/null 2>&1 ||
      { echo "$1/$2"; return 1; }
  done
}

# pf_links_up CLI BOX SRV: every non-loopback link up, then default routes via the box.
pf_links_up() {
  local ns dev
  for ns in "$1" "$2" "$3"; do
    for dev in $(ip -n "$ns" -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -v '^lo$'); do
      ip -n "$ns" link set "$dev" up
    done
  done
  ip -n "$1" route add default via "$PF_INSIDE_V4"
  ip -n "$1" -6 route add default via "$PF_INSIDE_V6"
  ip -n "$3" route add default via "$PF_OUTSIDE_V4"
  ip -n "$3" -6 route add default via "$PF_OUTSIDE_V6"
}

# pf_forwarding BOX 0|1: IPv4 and IPv6 forwarding on the box.
pf_forwarding() {
  ip netns exec "$1" sysctl -qw "net.ipv4.ip_forward=$2"
  ip netns exec "$1" sysctl -qw "net.ipv6.conf.all.forwarding=$2"
}

# pf_wait_ipv6 NS...: wait (at most 5 s) until no IPv6 address is tentative (nodad, but be safe).
pf_wait_ipv6() {
  local ns busy
  for _ in $(seq 1 50); do
    busy=0
    for ns in "$@"; do
      ip -n "$ns" -6 addr show tentative | grep -q inet6 && busy=1
    done
    [ $busy = 0 ] && return 0
    sleep 0.1
  done
  return 0
}
