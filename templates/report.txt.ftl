<#-- nsplay lab report, plain text for a terminal. Data: lab (the model, snake_case keys). -->
<#-- The same words in every format: forwarding as on/off (the kernel says 1/0), times to the
     second in UTC (the model keeps ISO-8601 with fractions, which nobody reads). -->
<#function onoff v><#return {"1": "on", "0": "off"}[v]!v></#function>
<#function when s><#return s?replace("^(\\d{4}-\\d\\d-\\d\\d)T(\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?Z$", "$1 $2 UTC", "r")></#function>
<#function ep e><#return (e.netns!"host") + ":" + e.name></#function>
<#function w rows col><#local n = 0><#list rows as r><#if (r[col]?length > n)><#local n = r[col]?length></#if></#list><#return n></#function>
<#macro table rows indent="  "><#list rows as r>${indent}<#list r as x><#if x?has_next>${x?right_pad(w(rows, x?index))}  <#else>${x}</#if></#list>
</#list></#macro>
LAB ${lab.lab}<#if lab.host_netns??> (host: netns ${lab.host_netns})</#if>, read ${when(lab.generated_at)}

NAMESPACES
<#list lab.namespaces as ns>
${ns.name}<#if ns.is_host && ns.name != "host"> (host)</#if><#if ns.forwarding??>  forwarding ${onoff(ns.forwarding)}</#if>
<#assign rows = [["INTERFACE", "KIND", "STATE", "MAC", "MASTER", "PEER", "ADDRESSES"]]>
<#list ns.interfaces as i><#assign rows = rows + [[i.name, i.qdisc???then((i.kind!"-") + " (" + i.qdisc + ")", i.lower???then((i.label!i.kind) + " on " + i.lower, i.kind!"-")), i.state!"-", i.mac!"-", i.master!"-", i.peer???then(ep(i.peer), "-"), i.addresses?has_content?then(i.addresses?join(", "), "-")]]></#list>
<@table rows/>
<#if ns.routes?has_content>
<#assign rows = [["ROUTE", "VIA", "DEV"]]>
<#list ns.routes as r><#assign rows = rows + [[r.dst, r.via!"-", r.dev!"-"]]></#list>
<@table rows/>
<#else>
  no routes
</#if>

</#list>
BRIDGES
<#if lab.bridges?has_content>
<#assign rows = [["BRIDGE", "NETNS", "ADDRESSES", "PORTS"]]>
<#list lab.bridges as b><#assign rows = rows + [[b.name, b.netns!"host", b.addresses?has_content?then(b.addresses?join(", "), "-"), b.ports?has_content?then(b.ports?join(", "), "-")]]></#list>
<@table rows/>
<#else>
  none
</#if>

VETH PAIRS
<#if lab.veth_pairs?has_content>
<#assign rows = [["END A", "ADDRESSES", "END B", "ADDRESSES"]]>
<#list lab.veth_pairs as p><#assign rows = rows + [[ep(p.a), p.a_addresses?has_content?then(p.a_addresses?join(", "), "-"), ep(p.b), p.b_addresses?has_content?then(p.b_addresses?join(", "), "-")]]></#list>
<@table rows/>
<#else>
  none
</#if>

NAT
<#if lab.nat?has_content>
<#list lab.nat as n>
  ${n.netns!"host"} table ${n.table}<#if n.forwarding??>, forwarding ${onoff(n.forwarding)}</#if>
<#list n.rules as r>
    ${r}
</#list>
</#list>
<#else>
  none
</#if>

CONNECTIVITY
<#if lab.matrix??>
<#assign head = ["FROM \\ TO"]><#list lab.matrix.targets as t><#assign head = head + [t.address]></#list>
<#assign rows = [head]>
<#list lab.matrix.sources as src>
<#assign row = [src]>
<#list lab.matrix.cells[src?index] as x>
<#assign unexpected = x.expected?? && ((x.expected == "reachable") != x.reachable)>
<#assign row = row + [(x.reachable?then((x.rtt_ms >= 0)?then("ok " + x.rtt_ms?string["0.000"] + "ms", "ok"), "FAIL")) + unexpected?then("!", "")]>
</#list>
<#assign rows = rows + [row]>
</#list>
<@table rows/>
  ok = reachable (round-trip time), FAIL = unreachable, ! = a ping task expected otherwise
<#list lo_down as n>
  lo is down in ${n}: it cannot reach its own addresses
</#list>
<#else>
  not probed (--no-probe)
</#if>

LAST RUN
<#if lab.last_run??>
<#assign run = lab.last_run>
  started ${when(run.started_at)}: ok=${run.ok} changed=${run.changed} failed=${run.failed} skipped=${run.skipped}
<#if run.interrupted>
  the last run was interrupted before its end: the lab is incomplete (nsplay up finishes it)
</#if>
<#assign rows = [["#", "TASK", "STATUS", "TIME", "MESSAGE"]]>
<#list run.tasks as t><#assign rows = rows + [[t?counter?c, t.task + t.item???then(" (" + (t.item!"") + ")", ""), t.status, t.duration_ms?c + "ms", t.message!""]]></#list>
<@table rows/>
<#else>
  no recorded run
</#if>
