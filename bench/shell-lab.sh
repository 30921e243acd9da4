#!/usr/bin/env bash
# The benchmark lab as the seed tutorial builds it, one ip/nft command at a time:
#   shell-lab.sh up|down N HOST_NETNS PREFIX
# Everything the tutorial puts on the host goes into HOST_NETNS, so the benchmark never touches
# the machine's own network. Same lab as bench/lab.yml.
set -euo pipefail
cmd=$1 n=$2 host=$3 p=$4
H="ip -n $host"
if [ "$cmd" = up ]; then
  $H link add name br-bench type bridge
  $H link set br-bench up
  $H addr add 10.200.0.1/16 dev br-bench
  for i in $(seq 1 "$n"); do
    ns="$p$i"
    ip netns add "$ns"
    # The tutorial's way: create the pair where we are, then move one end.
    $H link add "$ns-br" type veth peer name eth0-$i
    $H link set "eth0-$i" netns "$ns"
    ip -n "$ns" link set "eth0-$i" name eth0
    $H link set "$ns-br" master br-bench
    $H link set "$ns-br" up
    ip -n "$ns" addr add "10.200.$((i / 250)).$((i % 250 + 2))/16" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" route add default via 10.200.0.1
  done
  ip netns exec "$host" nft add table ip benchnat
  ip netns exec "$host" nft add chain ip benchnat postrouting '{ type nat hook postrouting priority srcnat; }'
  ip netns exec "$host" nft add rule ip benchnat postrouting ip saddr 10.200.0.0/16 oifname eth0 masquerade
  ip netns exec "$host" sysctl -qw net.ipv4.ip_forward=1
else
  ip netns exec "$host" nft delete table ip benchnat 2>/dev/null || true
  ip netns exec "$host" sysctl -qw net.ipv4.ip_forward=0
  for i in $(seq 1 "$n"); do
    $H link del "$p$i-br" 2>/dev/null || true
    ip netns del "$p$i" 2>/dev/null || true
  done
  $H link del br-bench 2>/dev/null || true
fi
