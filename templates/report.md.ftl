<#-- nsplay lab report, GitHub-flavoured Markdown. Data: lab (the model, snake_case keys),
     mermaid (the topology as a Mermaid graph). -->
<#-- The same words in every format: forwarding as on/off (the kernel says 1/0), times to the
     second in UTC (the model keeps ISO-8601 with fractions, which nobody reads). -->
<#function onoff v><#return {"1": "on", "0": "off"}[v]!v></#function>
<#function when s><#return s?replace("^(\\d{4}-\\d\\d-\\d\\d)T(\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?Z$", "$1 $2 UTC", "r")></#function>
<#function c s><#return s?replace("\\", "\\\\")?replace("|", "\\|")?replace("\n", " ")></#function>
<#function ep e><#return (e.netns!"host") + ":" + e.name></#function>
<#function code s><#if s?has_content><#return "`" + c(s)?replace("`", "'") + "`"><#else><#return ""></#if></#function>
# Lab `${lab.lab}`

Read from the live kernel at ${when(lab.generated_at)}<#if lab.host_netns??>; the host is played by namespace `${lab.host_netns}`</#if>.

## Topology

```mermaid
${mermaid}```

## Connectivity

<#if lab.matrix??>
| from \ to |<#list lab.matrix.targets as t> ${c(t.address)}<#if t.netns??> (${c(t.netns)})</#if> |</#list>
|---|<#list lab.matrix.targets as t>:---:|</#list>
<#list lab.matrix.sources as src>
| **${c(src)}** |<#list lab.matrix.cells[src?index] as x><#assign unexpected = x.expected?? && ((x.expected == "reachable") != x.reachable)> <#if x.reachable>🟢 <#if (x.rtt_ms >= 0)>${x.rtt_ms?string["0.000"]} ms</#if><#else>🔴 unreachable</#if><#if unexpected> ⚠️ expected ${x.expected}</#if> |</#list>
</#list>

🟢 reachable (round-trip time) · 🔴 unreachable · ⚠️ a ping task of the playbook expected otherwise
<#list lo_down as n>

lo is down in ${c(n)}: it cannot reach its own addresses.
</#list>
<#else>
Not probed (`--no-probe`).
</#if>

## Namespaces
<#list lab.namespaces as ns>

### ${c(ns.name)}<#if ns.is_host && ns.name != "host"> (host)</#if>

<#if ns.forwarding??>Forwarding: ${onoff(ns.forwarding)}

</#if>
| interface | kind | state | MAC | master | peer | addresses |
|---|---|---|---|---|---|---|
<#list ns.interfaces as i>
| ${code(i.name)} | <#if i.lower??>${c(i.label!i.kind)} on ${code(i.lower)}<#else>${c(i.kind!"")}</#if><#if i.qdisc??> (${code(i.qdisc)})</#if> | ${c(i.state!"")} | ${code(i.mac!"")} | ${code(i.master!"")} | <#if i.peer??>${code(ep(i.peer))}</#if> | ${c(i.addresses?join(", "))} |
</#list>
<#if ns.routes?has_content>

| route to | via | device |
|---|---|---|
<#list ns.routes as r>
| ${c(r.dst)} | ${c(r.via!"")} | ${code(r.dev!"")} |
</#list>
<#else>

No routes.
</#if>
</#list>

## Bridges

<#if lab.bridges?has_content>
| bridge | namespace | addresses | ports |
|---|---|---|---|
<#list lab.bridges as b>
| ${code(b.name)} | ${c(b.netns!"host")} | ${c(b.addresses?join(", "))} | ${c(b.ports?join(", "))} |
</#list>
<#else>
No bridges.
</#if>

## Veth pairs

<#if lab.veth_pairs?has_content>
| end A | addresses | end B | addresses |
|---|---|---|---|
<#list lab.veth_pairs as p>
| ${code(ep(p.a))} | ${c(p.a_addresses?join(", "))} | ${code(ep(p.b))} | ${c(p.b_addresses?join(", "))} |
</#list>
<#else>
No veth pairs.
</#if>

## NAT and forwarding

<#if lab.nat?has_content>
| namespace | table | forwarding | rules |
|---|---|---|---|
<#list lab.nat as n>
| ${c(n.netns!"host")} | ${code(n.table)} | ${c(onoff(n.forwarding!""))} | <#list n.rules as r>${code(r)}<#sep><br></#list> |
</#list>
<#else>
No NAT.
</#if>

## Last run

<#if lab.last_run??>
<#assign run = lab.last_run>
Started ${when(run.started_at)}: ok=${run.ok} changed=${run.changed} failed=${run.failed} skipped=${run.skipped}
<#if run.interrupted>

**The last run was interrupted** before its end: the lab is incomplete; `nsplay up` finishes it.
</#if>

| # | task | status | duration | message |
|---:|---|---|---:|---|
<#list run.tasks as t>
| ${t?counter} | ${c(t.task)}<#if t.item??> (${c(t.item)})</#if> | ${c(t.status)} | ${t.duration_ms} ms | ${c(t.message!"")} |
</#list>
<#else>
No recorded run.
</#if>
