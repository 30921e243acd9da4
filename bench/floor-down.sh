#!/usr/bin/env bash
# The floor of `down` for the benchmark lab as nsplay built it: the same objects removed with
# the fewest requests ip and nft can send, each its own process, no checks:
#   floor-down.sh HOST_NETNS PREFIX
# one RTM_DELLINK of the lab's link group (read off the bridge), one ip -batch of netns
# deletions, one nft table delete, one sysctl. Not a way to remove a lab: it trusts the names.
set -euo pipefail
host=$1 p=$2
group=$(ip -n "$host" -d link show br-bench | grep -o 'group [^ ]*' | head -1 | cut -d' ' -f2)
ip netns exec "$host" nft delete table ip nsplay-bench
ip netns exec "$host" sysctl -qw net.ipv4.ip_forward=0
ip -n "$host" link del group "$group"
ip netns list | awk '{print $1}' | grep "^$p" | sed 's/^/netns del /' | ip -batch -
