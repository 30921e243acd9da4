<#-- nsplay lab report, HTML. Copy to your --templates folder to change it; values are escaped
     as HTML automatically. Data: lab (the model, snake_case keys), svg (the topology). -->
<#-- The same words in every format: forwarding as on/off (the kernel says 1/0), times to the
     second in UTC (the model keeps ISO-8601 with fractions, which nobody reads). -->
<#function onoff v><#return {"1": "on", "0": "off"}[v]!v></#function>
<#function when s><#return s?replace("^(\\d{4}-\\d\\d-\\d\\d)T(\\d\\d:\\d\\d:\\d\\d)(\\.\\d+)?Z$", "$1 $2 UTC", "r")></#function>
<#function ep e><#return (e.netns!"host") + ":" + e.name></#function>
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lab ${lab.lab} — nsplay report</title>
<style>
  :root {
    --ink: #1e293b; --muted: #64748b; --line: #e2e8f0; --soft: #f8fafc;
    --ok: #15803d; --ok-bg: #dcfce7; --bad: #b91c1c; --bad-bg: #fee2e2;
    --warn: #b45309; --warn-bg: #fef3c7; --accent: #2563eb;
  }
  * { box-sizing: border-box; }
  body {
    margin: 0; color: var(--ink); background: #fff;
    font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  }
  main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
  header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
  h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
  h1 .kind { color: var(--muted); font-weight: 400; }
  h2 { font-size: 18px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
  h3 { font-size: 15px; margin: 18px 0 6px; }
  h3 .tag { font-size: 11px; font-weight: 600; color: var(--muted); border: 1px solid var(--line);
    border-radius: 10px; padding: 1px 8px; margin-left: 6px; vertical-align: 2px; }
  .meta { color: var(--muted); margin: 0; }
  .meta b { color: var(--ink); font-weight: 600; }
  .summary { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 0; padding: 0; list-style: none; }
  .summary li { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; }
  .summary li b { font-size: 18px; display: block; }
  figure { margin: 8px 0 0; padding: 10px; border: 1px solid var(--line); border-radius: 10px; overflow-x: auto; }
  figure svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
  table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 13px; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { background: var(--soft); font-weight: 600; font-size: 12px; color: #334155; white-space: nowrap; }
  td.mono, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
  td.num { text-align: right; white-space: nowrap; }
  .none { color: var(--muted); font-style: italic; }
  .ns { break-inside: avoid; page-break-inside: avoid; }
  .state-UP { color: var(--ok); font-weight: 600; }
  .state-DOWN { color: var(--bad); font-weight: 600; }
  .badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; }
  .s-ok { background: var(--ok-bg); color: var(--ok); }
  .s-changed { background: var(--warn-bg); color: var(--warn); }
  .s-failed { background: var(--bad-bg); color: var(--bad); }
  .s-skipped { background: #f1f5f9; color: var(--muted); }
  table.matrix { width: auto; }
  table.routes { width: auto; min-width: 50%; }
  table.matrix th.src { text-align: right; }
  table.matrix th.tgt { text-align: center; line-height: 1.25; }
  table.matrix th.tgt small { display: block; font-weight: 400; color: var(--muted); }
  table.matrix td { text-align: center; min-width: 92px; border: 2px solid #fff; border-radius: 6px; font-weight: 600; }
  td.reach { background: var(--ok-bg); color: var(--ok); }
  td.unreach { background: var(--bad-bg); color: var(--bad); }
  td.unexpected { outline: 2px dashed var(--warn); outline-offset: -4px; }
  .mark { color: var(--warn); font-weight: 800; margin-left: 4px; }
  .legend { display: flex; flex-wrap: wrap; gap: 16px; color: var(--muted); font-size: 12px; margin: 4px 0 0; }
  .legend span.sw { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px; margin-right: 5px; }
  .ns { margin-bottom: 8px; }
  td.mono { white-space: nowrap; }
  td.wrap { white-space: normal; word-break: break-word; }
  footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
  @media print {
    @page { size: A4; margin: 14mm 12mm; }
    body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    main { max-width: none; padding: 0; }
    h2 { break-after: avoid; page-break-after: avoid; }
    figure { break-inside: avoid; page-break-inside: avoid; border: none; padding: 0; }
    table { font-size: 9pt; }
    th, td { padding: 3px 5px; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    thead { display: table-header-group; }
    td.mono { word-break: break-all; }
    td.mono { white-space: normal; }
  }
</style>
</head>
<body>
<main>
<header>
  <h1>${lab.lab} <span class="kind">— lab report</span></h1>
  <p class="meta">Read from the live kernel at <b>${when(lab.generated_at)}</b><#if lab.host_netns??> · host played by namespace <b>${lab.host_netns}</b></#if></p>
  <ul class="summary">
    <li><b>${lab.namespaces?filter(n -> !n.is_host)?size}</b>namespaces</li>
    <li><b>${lab.bridges?size}</b>bridges</li>
    <li><b>${lab.veth_pairs?size}</b>veth pairs</li>
    <li><b>${lab.nat?size}</b>NAT tables</li>
<#if lab.matrix??>
  <#assign reach = 0><#assign total = 0>
  <#list lab.matrix.cells as row><#list row as c><#assign total++><#if c.reachable><#assign reach++></#if></#list></#list>
    <li><b>${reach}/${total}</b>paths reachable</li>
</#if>
<#if lab.last_run??>
    <li><b>${lab.last_run.failed}</b>${(lab.last_run.failed == 1)?then("task", "tasks")} failed in last run</li>
</#if>
  </ul>
</header>

<h2>Topology</h2>
<figure>${svg?no_esc}</figure>

<h2>Connectivity</h2>
<#-- The host's addresses have no netns; only a target on no interface of the lab is a
     gateway (a route's, which Probe adds), so only it is labelled so. -->
<#assign hostname = "host"><#list lab.namespaces as ns><#if ns.is_host><#assign hostname = ns.name></#if></#list>
<#if lab.matrix??>
<table class="matrix">
  <thead>
    <tr><th class="src">from ↓ · to →</th><#list lab.matrix.targets as t><th class="tgt">${t.address}<small><#if t.name??>${t.netns!hostname}:${t.name}<#else>gateway</#if></small></th></#list></tr>
  </thead>
  <tbody>
<#list lab.matrix.sources as src>
    <tr><th class="src">${src}</th><#list lab.matrix.cells[src?index] as c>
  <#assign unexpected = c.expected?? && ((c.expected == "reachable") != c.reachable)>
<td class="${c.reachable?then('reach', 'unreach')}<#if unexpected> unexpected</#if>"<#if c.expected??> title="a ping task expects ${c.expected}"</#if>><#if c.reachable><#if (c.rtt_ms >= 0)>${c.rtt_ms?string["0.000"]} ms<#else>✓</#if><#else>✗</#if><#if unexpected><span class="mark">!</span></#if></td></#list></tr>
</#list>
  </tbody>
</table>
<p class="legend"><span><span class="sw" style="background:#dcfce7;border:1px solid #15803d"></span>reachable (round-trip time)</span><span><span class="sw" style="background:#fee2e2;border:1px solid #b91c1c"></span>unreachable</span><span><span class="sw" style="outline:2px dashed #b45309;outline-offset:-3px"></span><span class="mark" style="margin:0 4px 0 0">!</span>a ping task of the playbook expected otherwise</span></p>
<#list lo_down as n><p class="legend">lo is down in ${n}: it cannot reach its own addresses</p>
</#list>
<#else>
<p class="none">Not probed (--no-probe).</p>
</#if>

<h2>Namespaces</h2>
<#list lab.namespaces as ns>
<section class="ns">
  <h3>${ns.name}<#if ns.is_host && ns.name != "host"><span class="tag">host</span></#if><#if ns.forwarding??><span class="tag">forwarding ${onoff(ns.forwarding)}</span></#if></h3>
  <table>
    <thead><tr><th>interface</th><th>kind</th><th>state</th><th>MAC</th><th>master</th><th>peer</th><th>addresses</th></tr></thead>
    <tbody>
<#list ns.interfaces as i>
      <tr><td class="mono">${i.name}</td><td><#if i.lower??>${i.label!i.kind} on <span class="mono">${i.lower}</span><#else>${i.kind!""}</#if><#if i.qdisc??> <span class="mono">(${i.qdisc})</span></#if></td><td class="state-${i.state!""}">${i.state!""}</td><td class="mono">${i.mac!""}</td><td class="mono">${i.master!""}</td><td class="mono"><#if i.peer??>${ep(i.peer)}</#if></td><td class="mono wrap">${i.addresses?join(", ")}</td></tr>
<#else>
      <tr><td colspan="7" class="none">no interfaces</td></tr>
</#list>
    </tbody>
  </table>
<#if ns.routes?has_content>
  <table class="routes">
    <thead><tr><th>route to</th><th>via</th><th>device</th></tr></thead>
    <tbody>
<#list ns.routes as r>
      <tr><td class="mono">${r.dst}</td><td class="mono">${r.via!""}</td><td class="mono">${r.dev!""}</td></tr>
</#list>
    </tbody>
  </table>
<#else>
  <p class="none">no routes</p>
</#if>
</section>
</#list>

<h2>Bridges</h2>
<#if lab.bridges?has_content>
<table>
  <thead><tr><th>bridge</th><th>namespace</th><th>addresses</th><th>ports</th></tr></thead>
  <tbody>
<#list lab.bridges as b>
    <tr><td class="mono">${b.name}</td><td>${b.netns!"host"}</td><td class="mono wrap">${b.addresses?join(", ")}</td><td class="mono wrap">${b.ports?join(", ")}</td></tr>
</#list>
  </tbody>
</table>
<#else>
<p class="none">No bridges.</p>
</#if>

<h2>Veth pairs</h2>
<#if lab.veth_pairs?has_content>
<table>
  <thead><tr><th>end A</th><th>addresses</th><th>end B</th><th>addresses</th></tr></thead>
  <tbody>
<#list lab.veth_pairs as p>
    <tr><td class="mono">${ep(p.a)}</td><td class="mono wrap">${p.a_addresses?join(", ")}</td><td class="mono">${ep(p.b)}</td><td class="mono wrap">${p.b_addresses?join(", ")}</td></tr>
</#list>
  </tbody>
</table>
<#else>
<p class="none">No veth pairs.</p>
</#if>

<h2>NAT and forwarding</h2>
<#if lab.nat?has_content>
<table>
  <thead><tr><th>namespace</th><th>table</th><th>forwarding</th><th>rules</th></tr></thead>
  <tbody>
<#list lab.nat as n>
    <tr><td>${n.netns!"host"}</td><td class="mono">${n.table}</td><td><#if n.forwarding??>${onoff(n.forwarding)}</#if></td><td class="mono wrap"><#list n.rules as r>${r}<#sep><br></#list></td></tr>
</#list>
  </tbody>
</table>
<#else>
<p class="none">No NAT.</p>
</#if>

<h2>Last run</h2>
<#if lab.last_run??>
<#assign run = lab.last_run>
<p class="meta">Started <b>${when(run.started_at)}</b> ·
  <span class="badge s-ok">ok ${run.ok}</span>
  <span class="badge s-changed">changed ${run.changed}</span>
  <span class="badge ${(run.failed > 0)?then('s-failed', 's-skipped')}">failed ${run.failed}</span>
  <span class="badge s-skipped">skipped ${run.skipped}</span></p>
<#if run.interrupted><p class="meta"><b>The last run was interrupted</b> before its end: the lab is incomplete; <code>nsplay up</code> finishes it.</p></#if>
<table>
  <thead><tr><th>#</th><th>task</th><th>status</th><th>duration</th><th>message</th></tr></thead>
  <tbody>
<#list run.tasks as t>
    <tr><td class="num">${t?counter}</td><td>${t.task}<#if t.item??> <span class="mono">(${t.item})</span></#if></td><td><span class="badge s-${t.status}">${t.status}</span></td><td class="num">${t.duration_ms} ms</td><td>${t.message!""}</td></tr>
</#list>
  </tbody>
</table>
<#else>
<p class="none">No recorded run.</p>
</#if>

<footer>Generated by nsplay report · ${when(lab.generated_at)}</footer>
</main>
</body>
</html>
