// The ordered cutover checklist of a what-if: pre-flight, lower DNS TTL, move
// the Service, repoint dependents, verify what stays on the old IP, verify real
// client IPs arrive, restore TTL. Every step carries a concrete verification and
// a rollback, written with the real names, IPs and commands of the snapshot.
import type { ChecklistPhase, ChecklistStep, ClusterReport, LbService, WhatIfChange } from '../../model/cluster';
import type { Finding } from '../../model/finding';
import type { Service } from '../../model/kube';
import { objectKey, trafficPolicy, type Inventory } from '../inventory';
import type { IpReference } from '../ip-references';
import { findIpLiterals } from '../ip';
import { httpReasons } from '../ports';
import { helmRelease, listNames, plural } from '../rule';
import type { Allocation } from './apply';
import { configMapReaders, replaceIpLiteral, type Reader } from './dependents';
import { isZoneFile, nextSerial, parseZone, type ZoneFacts } from './dns-zone';
import { formatWhatIfChange } from './parse-change';

/** A Service leaving IPs: `from` are the IPs it no longer uses, `to` the ones it asks for afterwards. */
export interface Move {
  namespace: string;
  name: string;
  from: string[];
  to: string[];
}

export interface ChecklistInput {
  changes: readonly WhatIfChange[];
  allocations: readonly Allocation[];
  after: ClusterReport;
  newFindings: readonly Finding[];
  resolved: readonly Finding[];
  moves: readonly Move[];
  /** Old IP → the objects that still write it. */
  references: ReadonlyMap<string, readonly IpReference[]>;
  /** Old IP → the Services that stay on it. */
  staying: ReadonlyMap<string, readonly LbService[]>;
  /** The snapshot before the change: the Services as they are now, workloads, MetalLB kinds. */
  inventory: Inventory;
  /** Why the plan is unsafe (a Service loses its IP, an error appears); then only the pre-flight is given, saying stop. */
  unsafe?: string | null;
}

const LOW_TTL = 60;

const DATABASE_PORTS: Record<number, string> = { 5432: 'PostgreSQL', 3306: 'MySQL', 6379: 'Redis', 27017: 'MongoDB', 1433: 'SQL Server', 26257: 'CockroachDB', 9042: 'Cassandra' };

/** Single-quoted for a POSIX shell. */
function shq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function step(phase: ChecklistPhase, s: string, verify: string, rollback: string, commands?: ChecklistStep['commands']): ChecklistStep {
  const kept = Object.fromEntries(Object.entries(commands ?? {}).filter(([, list]) => list.length > 0));
  return { phase, step: s, verify, rollback, ...(Object.keys(kept).length > 0 ? { commands: kept } : {}) };
}

function keyOf(s: { namespace: string; name: string }): string {
  return objectKey(s.namespace, s.name);
}

function restartList(readers: readonly Reader[]): string[] {
  return readers.map((r) => `kubectl -n ${r.namespace} rollout restart ${r.kind.toLowerCase()}/${r.name}`);
}

function restartCommands(readers: readonly Reader[]): string {
  return restartList(readers).join(' && ');
}

/** No workload in the snapshot mounts the ConfigMap: guess its server from the ConfigMap's app label, if any. */
function restartByLabel(ref: IpReference): string | null {
  const labels = ref.object.metadata.labels ?? {};
  const app = labels['app.kubernetes.io/name'] ?? labels['app'];
  if (!app || !/^[A-Za-z0-9._-]+$/.test(app)) return null;
  const label = labels['app.kubernetes.io/name'] ? 'app.kubernetes.io/name' : 'app';
  return `kubectl -n ${ref.subject.namespace ?? 'default'} rollout restart deployment -l ${label}=${app}`;
}

/**
 * Hostnames a tunnel config (cloudflared `ingress:` rules: `- hostname: X` then
 * `service: https://IP:443`) sends to `ip` — the names to test the move with.
 */
function tunnelHostsTo(config: string, ip: string): string[] {
  const out: string[] = [];
  let host: string | null = null;
  for (const line of config.split('\n')) {
    const trimmed = line.trim();
    const h = /^(?:-\s*)?hostname:\s*["']?([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})/.exec(trimmed);
    if (h?.[1]) host = h[1];
    else if (trimmed.startsWith('-')) host = null; // a new rule without a hostname
    if (/^(?:-\s*)?service:/.test(trimmed) && host && findIpLiterals(trimmed, new Set([ip]), [ip.toLowerCase()]).length > 0 && !out.includes(host)) out.push(host);
  }
  return out;
}

interface Zone {
  ref: IpReference;
  namespace: string;
  name: string;
  dataKey: string;
  facts: ZoneFacts;
  oldIp: string;
  names: string[];
  readers: Reader[];
}

export function buildChecklist(input: ChecklistInput): ChecklistStep[] {
  const { inventory: inv, after } = input;
  const viewOf = (ns: string, name: string): Service | undefined => inv.services.get(objectKey(ns, name))?.view;
  const allocationOf = (c: { namespace: string; name: string }): Allocation | undefined => input.allocations.find((a) => keyOf(a) === keyOf(c));
  const moveOf = (c: { namespace: string; name: string }): Move | undefined => input.moves.find((m) => keyOf(m) === keyOf(c));
  const afterLb = (ns: string, name: string): LbService | undefined => after.loadBalancers.flatMap((lb) => lb.services).find((s) => s.namespace === ns && s.name === name);
  const oldIps = [...new Set(input.moves.flatMap((m) => m.from))];
  const movedFrom = (ip: string): Move[] => input.moves.filter((m) => m.from.includes(ip));
  const l2Mode = inv.kinds.has('ServiceL2Status');
  const l2Namespace = [...inv.l2StatusesByService.values()].flat()[0]?.view.metadata.namespace ?? 'metallb-system';

  // DNS zones among the references (ConfigMaps holding zone files), and hostnames to test with.
  const zones: Zone[] = [];
  const tunnelHosts: string[] = [];
  for (const ip of oldIps) {
    for (const ref of input.references.get(ip) ?? []) {
      if (ref.object.kind !== 'ConfigMap') continue;
      const data = (ref.object as { data?: Record<string, unknown> }).data ?? {};
      for (const [dataKey, value] of Object.entries(data)) {
        if (typeof value !== 'string' || !value.includes(ip)) continue;
        if (isZoneFile(value)) {
          const facts = parseZone(value, dataKey.replace(/\.(db|zone)$/, ''));
          zones.push({ ref, namespace: ref.subject.namespace ?? 'default', name: ref.subject.name, dataKey, facts, oldIp: ip, names: facts.namesAt(ip), readers: configMapReaders(inv, ref.subject.namespace ?? 'default', ref.subject.name) });
        } else {
          for (const h of tunnelHostsTo(value, ip)) if (!tunnelHosts.includes(h)) tunnelHosts.push(h);
        }
      }
    }
  }
  const zoneHosts = zones.flatMap((z) => z.names.filter((n) => !n.includes('*')));
  const sampleHost = tunnelHosts[0] ?? zoneHosts[0] ?? null;
  const whatIfFlags = input.changes.map((c) => `--what-if ${shq(formatWhatIfChange(c))}`).join(' ');

  const steps: ChecklistStep[] = [];

  // ---- 1. pre-flight -------------------------------------------------------
  {
    const parts: string[] = [];
    if (input.unsafe) parts.push(`Unsafe: ${input.unsafe} — do not apply this change; change the plan first.`);
    const saves = input.changes.map((c) => `kubectl -n ${c.namespace} get svc ${c.name} -o yaml > ${c.namespace}-${c.name}.svc.yaml`);
    parts.push(`Pre-flight: save ${input.changes.length > 1 ? 'the Services as they are' : 'the Service as it is'} now (${saves.join('; ')}) and check the prediction against the live cluster.`);
    for (const c of input.changes) {
      const a = allocationOf(c);
      if (!a) continue;
      if (a.granted) {
        const lb = afterLb(c.namespace, c.name);
        const announce = a.announcer ? `, announced from ${a.announcer}${a.candidates.length > 1 ? ` (MetalLB's pick among ${a.candidates.join(', ')})` : ''}` : ', but no node can announce it';
        parts.push(`Predicted: MetalLB assigns ${a.ips.join(', ')} to ${keyOf(c)}${announce}.`);
        if (lb && lb.externalTrafficPolicy === 'Local') {
          parts.push(
            lb.readyEndpoints === 0
              ? `${keyOf(c)} has no ready endpoint: with ETP=Local nothing would announce it. Get its pods ready first.`
              : `With ETP=Local only nodes with a ready ${keyOf(c)} pod take traffic: ${plural(lb.readyEndpoints, 'ready endpoint')} on ${lb.endpointNodes.join(', ')}${lb.readyEndpoints < 2 ? ' — run 2+ replicas on different nodes first, or a pod restart is an outage' : ''}.`,
          );
        }
      } else {
        parts.push(`Predicted: MetalLB refuses ${keyOf(c)}: "${a.message ?? 'allocation failed'}".`);
      }
    }
    for (const m of input.moves) for (const ip of m.to) parts.push(`Confirm ${ip} is free: no other Service holds it and nothing on the LAN answers on it.`);
    if (input.resolved.length > 0) parts.push(`Resolves: ${[...new Set(input.resolved.map((f) => f.rule))].join(', ')}.`);
    const errors = input.newFindings.filter((f) => f.severity === 'error');
    parts.push(
      errors.length > 0
        ? `STOP: the change adds ${plural(errors.length, 'error')} (${[...new Set(errors.map((f) => f.rule))].join(', ')}) — fix the plan before touching the cluster.`
        : 'It adds no error.',
    );
    const freeChecks = input.moves.flatMap((m) => m.to).map((ip) => `kubectl get svc -A -o wide | grep -wF ${ip} prints nothing and ping -c 2 -W 1 ${ip} gets no reply`);
    steps.push(
      step(
        'pre-flight',
        parts.join(' '),
        [`edgelens cluster ${whatIfFlags} shows the same prediction for the live cluster (no new ✖ error)`, ...freeChecks].join('; ') + '.',
        'Nothing has changed yet.',
        {
          step: input.unsafe ? [] : saves,
          verify: [`edgelens cluster ${whatIfFlags}`, ...input.moves.flatMap((m) => m.to).flatMap((ip) => [`kubectl get svc -A -o wide | grep -wF ${ip}`, `ping -c 2 -W 1 ${ip}`])],
        },
      ),
    );
  }
  // An unsafe plan stops at the pre-flight: no later step may offer the command that breaks the cluster.
  if (input.unsafe) return steps;

  // ---- 2. lower DNS TTL ----------------------------------------------------
  if (input.moves.length > 0) {
    if (zones.length > 0) {
      for (const z of zones) {
        const ttl = z.facts.ttl ?? 300;
        const serial = z.facts.serial ? ` and the SOA serial ${z.facts.serial} → ${nextSerial(z.facts.serial)}` : ' and bump the SOA serial';
        const byLabel = restartByLabel(z.ref);
        const restart = z.readers.length > 0 ? `then restart its DNS server: ${restartCommands(z.readers)}` : `then make its DNS server reload the zone${byLabel ? ` (e.g. ${byLabel})` : ''}`;
        const digName = z.names.find((n) => !n.includes('*')) ?? z.names[0] ?? z.facts.origin ?? 'NAME';
        const resolver = z.facts.resolver ?? '<the DNS server of this zone>';
        steps.push(
          step(
            'lower-ttl',
            `Lower the DNS TTL before the move: in ConfigMap ${z.namespace}/${z.name} (data[${z.dataKey}], ${plural(z.names.length, 'record')} on ${z.oldIp}: ${listNames(z.names, 8)}) set $TTL ${ttl} → ${LOW_TTL}${serial} (kubectl -n ${z.namespace} edit configmap ${z.name}); ${restart}. Then wait ${ttl} s (the old TTL) so cached answers expire before the IP changes.`,
            `dig +noall +answer ${digName} @${resolver} shows a TTL of ${LOW_TTL} or less, and dig +short ${digName} @${resolver} still prints ${z.oldIp}.`,
            `Set $TTL back to ${ttl} (and the serial +1 again) in ConfigMap ${z.namespace}/${z.name}${z.readers.length > 0 ? `, then ${restartCommands(z.readers)}` : byLabel ? `, then ${byLabel}` : ''}.`,
            { step: [`kubectl -n ${z.namespace} edit configmap ${z.name}`, ...restartList(z.readers)], verify: [`dig +noall +answer ${digName} @${resolver}`, `dig +short ${digName} @${resolver}`] },
          ),
        );
      }
    } else {
      const host = sampleHost ?? '<a hostname of the Service>';
      steps.push(
        step(
          'lower-ttl',
          `Lower to ${LOW_TTL} s the TTL of the DNS records that send clients to ${oldIps.join(', ')} for ${listNames(input.moves.map(keyOf))} (router, Pi-hole or public DNS — no zone in the snapshot holds them), then wait out the old TTL.`,
          `dig +noall +answer ${host} @<your resolver> shows a TTL of ${LOW_TTL} or less.`,
          'Restore the previous TTL.',
        ),
      );
    }
  }

  // ---- 3. move the Service -------------------------------------------------
  for (const c of input.changes) {
    const view = viewOf(c.namespace, c.name);
    if (!view) continue;
    const a = allocationOf(c);
    const move = moveOf(c);
    const ann = view.metadata.annotations ?? {};
    const fwdAnn: Record<string, string | null> = {};
    const backAnn: Record<string, string | null> = {};
    const touch = (short: string, value: string | null): void => {
      fwdAnn[`metallb.io/${short}`] = value;
      backAnn[`metallb.io/${short}`] = ann[`metallb.io/${short}`] ?? ann[`metallb.universe.tf/${short}`] ?? null;
      if (ann[`metallb.universe.tf/${short}`] !== undefined) {
        fwdAnn[`metallb.universe.tf/${short}`] = null;
        backAnn[`metallb.universe.tf/${short}`] = null;
      }
    };
    if (c.ip !== undefined) touch('loadBalancerIPs', c.ip);
    if (c.key !== undefined) touch('allow-shared-ip', c.key === '' ? null : c.key);
    const fwdSpec: Record<string, string | null> = {};
    const backSpec: Record<string, string | null> = {};
    if (c.etp !== undefined) {
      fwdSpec.externalTrafficPolicy = c.etp;
      backSpec.externalTrafficPolicy = trafficPolicy(view);
    }
    if (c.ip !== undefined && view.spec.loadBalancerIP) {
      fwdSpec.loadBalancerIP = null;
      backSpec.loadBalancerIP = view.spec.loadBalancerIP;
    }
    const patch = (annotations: Record<string, string | null>, spec: Record<string, string | null>): string => {
      const body: Record<string, unknown> = {};
      if (Object.keys(annotations).length > 0) body.metadata = { annotations };
      if (Object.keys(spec).length > 0) body.spec = spec;
      return `kubectl -n ${c.namespace} patch svc ${c.name} --type merge -p ${shq(JSON.stringify(body))}`;
    };
    const prevIps = a?.previousIps ?? [];
    const sharedOld = prevIps.some((ip) => (input.staying.get(ip)?.length ?? 0) > 0);
    const helm = helmRelease(view);
    const parts = [`${move ? 'Move' : 'Change'} ${keyOf(c)}: ${patch(fwdAnn, fwdSpec)}`];
    if (c.etp === 'Local' && move && sharedOld) parts.push(`— one update, so MetalLB never sees ETP=Local on the shared ${prevIps.join(', ')} (flipping ETP in place there is refused).`);
    if (a?.granted) {
      const who = a.announcer ? ` and ${a.announcer} should announce it` : '';
      parts.push(`MetalLB should assign ${a.ips.join(', ')}${who}.`);
    } else if (a) {
      parts.push(`Predicted: MetalLB refuses it ("${a.message ?? 'allocation failed'}") — do not run this until the plan is fixed.`);
    }
    if (helm) parts.push(`It is managed by Helm (release ${helm.release} in ${helm.namespace}): put the same values in the chart (service annotations / service.spec) and helm upgrade, or the next upgrade reverts it.`);

    const verifyCmds: string[] = [];
    const verify: string[] = [];
    const ips = a?.granted ? a.ips : c.ip ? [c.ip] : prevIps;
    verifyCmds.push(`kubectl -n ${c.namespace} get svc ${c.name} -o jsonpath='{.status.loadBalancer.ingress[*].ip}'`);
    verify.push(`${verifyCmds[0] ?? ''} prints ${ips.join(' ')}`);
    if (a?.announcer) {
      const among = a.candidates.length > 1 ? ` (MetalLB's pick among ${a.candidates.join(', ')})` : '';
      verify.push(
        l2Mode
          ? `kubectl -n ${l2Namespace} get servicel2statuses.metallb.io -l metallb.io/service-name=${c.name},metallb.io/service-namespace=${c.namespace} -o jsonpath='{.items[*].status.node}' prints ${a.announcer}${among}`
          : `kubectl -n ${c.namespace} get events --field-selector involvedObject.name=${c.name},reason=nodeAssigned names ${a.announcer}${among}`,
      );
    }
    const ip = ips[0];
    if (ip) {
      const tcp443 = view.spec.ports.some((p) => p.protocol === 'TCP' && p.port === 443);
      const udp443 = view.spec.ports.some((p) => p.protocol === 'UDP' && p.port === 443);
      const firstTcp = view.spec.ports.find((p) => p.protocol === 'TCP');
      const sni = sampleHost ? ` --sni ${sampleHost}` : '';
      if (tcp443) verify.push(`edgelens probe tcp ${ip}:443${sni} reports verdict ok`);
      if (udp443) verify.push(`edgelens probe h3 ${ip}:443${sni} reports verdict ok`);
      if (!tcp443 && firstTcp) verify.push(`nc -vz ${ip} ${firstTcp.port} connects`);
      if (tcp443) verifyCmds.push(`edgelens probe tcp ${ip}:443${sni}`);
      if (udp443) verifyCmds.push(`edgelens probe h3 ${ip}:443${sni}`);
      if (!tcp443 && firstTcp) verifyCmds.push(`nc -vz ${ip} ${firstTcp.port}`);
    }
    verify.push(`edgelens cluster shows no allocation-failed for ${keyOf(c)}`);
    const back = patch(backAnn, backSpec);
    steps.push(
      step(
        'move-service',
        parts.join(' '),
        verify.join('; ') + '.',
        `${back}${prevIps.length > 0 ? ` — back to ${prevIps.join(', ')}` : ''}${backSpec.externalTrafficPolicy ? ` with ETP=${backSpec.externalTrafficPolicy}` : ''}; MetalLB re-admits it because it matches the others again. Then undo any repointing done below.`,
        { step: a && !a.granted ? [] : [patch(fwdAnn, fwdSpec)], verify: verifyCmds, rollback: [back] },
      ),
    );
  }

  // ---- 4. repoint dependents ------------------------------------------------
  for (const oldIp of oldIps) {
    const movers = movedFrom(oldIp);
    const staying = input.staying.get(oldIp) ?? [];
    const stayingText = staying.length > 0 ? listNames(staying.map(keyOf), 6) : null;
    for (const ref of input.references.get(oldIp) ?? []) {
      const ns = ref.subject.namespace ?? 'default';
      const name = ref.subject.name;
      const ports = new Set(ref.places.flatMap((p) => p.ports));
      // Which moved Service the reference means: by the port written after the IP, else the only mover.
      const meant = movers.find((m) => viewOf(m.namespace, m.name)?.spec.ports.some((p) => p.protocol === 'TCP' && ports.has(p.port))) ?? (movers.length === 1 ? movers[0] : undefined);
      const newIp = meant?.to[0] ?? '<the new IP>';
      const wheres = ref.places.map((p) => p.where).join('; ');
      const meantView = meant ? viewOf(meant.namespace, meant.name) : undefined;
      const svcDns = meant && meantView ? meantView.spec.ports.filter((p) => p.protocol === 'TCP' && ports.has(p.port)).map((p) => `${meant.name}.${meant.namespace}.svc.cluster.local:${p.port}`) : [];
      const zone = zones.find((z) => z.ref === ref && z.oldIp === oldIp);
      const kind = ref.object.kind;

      if (zone) {
        const byLabel = restartByLabel(ref);
        const restart = zone.readers.length > 0 ? restartCommands(zone.readers) : `make the DNS server reload the zone${byLabel ? ` (e.g. ${byLabel})` : ''}`;
        const viaTunnel = zone.names.filter((n) => tunnelHosts.includes(n));
        const digName = zone.names.find((n) => !n.includes('*')) ?? zone.names[0] ?? 'NAME';
        const resolver = zone.facts.resolver ?? '<the DNS server of this zone>';
        steps.push(
          step(
            'repoint',
            `Repoint the DNS records in ConfigMap ${ns}/${name} (${wheres}): the names served by ${meant ? keyOf(meant) : listNames(movers.map(keyOf))} among ${listNames(zone.names, 8)} go from ${oldIp} to ${newIp}${viaTunnel.length > 0 ? ` (the tunnel config sends ${listNames(viaTunnel)} to ${oldIp} as well)` : ''}, and the serial +1 (kubectl -n ${ns} edit configmap ${name}); ${stayingText ? `keep the records of the Services staying on ${oldIp} (${stayingText}) as they are; ` : ''}then ${restart}.`,
            `dig +short ${digName} @${resolver} prints ${newIp}${stayingText ? `, and the names of the Services staying on ${oldIp} still print ${oldIp}` : ''}.`,
            `Put ${oldIp} back in those records (serial +1 again) and ${restart}.`,
          ),
        );
        continue;
      }
      if (kind === 'ConfigMap') {
        const readers = configMapReaders(inv, ns, name);
        const restart = readers.length > 0 ? `then restart what reads it: ${restartCommands(readers)}` : 'then restart whatever reads it (no workload in the snapshot mounts it)';
        const better = svcDns.length > 0 ? ` — or, for clients inside the cluster, the Service name ${svcDns.join(', ')} (no literal IP to change next time)` : '';
        const curls = tunnelHosts.slice(0, 3).map((h) => `curl -sS -o /dev/null -w '%{http_code}\\n' https://${h}/ prints a 2xx/3xx (not 502)`);
        steps.push(
          step(
            'repoint',
            `Repoint ConfigMap ${ns}/${name}: in ${wheres} replace ${oldIp} with ${newIp}${better} (kubectl -n ${ns} edit configmap ${name}); ${restart}.`,
            [
              ...(readers.length > 0 ? [readers.map((r) => `kubectl -n ${ns} rollout status ${r.kind.toLowerCase()}/${r.name}`).join(' && ') + ' succeeds'] : []),
              `kubectl -n ${ns} get configmap ${name} -o yaml | grep -nwF ${oldIp} shows no line meant for ${meant ? keyOf(meant) : 'the moved Service'}`,
              ...curls,
            ].join('; ') + '.',
            `Put ${oldIp} back in the same places (kubectl -n ${ns} edit configmap ${name})${readers.length > 0 ? ` and restart again: ${restartCommands(readers)}` : ''}.`,
            { step: [`kubectl -n ${ns} edit configmap ${name}`, ...restartList(readers)], verify: [`kubectl -n ${ns} get configmap ${name} -o yaml | grep -nwF ${oldIp}`], rollback: [`kubectl -n ${ns} edit configmap ${name}`, ...restartList(readers)] },
          ),
        );
        continue;
      }
      if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet') {
        const res = `${kind.toLowerCase()}/${name}`;
        const envCmds: string[] = [];
        for (const p of ref.places) {
          const m = /^spec\.template\.spec\.(containers|initContainers)\[([^\]]+)\]\.env\[([^\]]+)\]\.value$/.exec(p.where);
          if (!m) continue;
          const spec = (ref.object as { spec?: { template?: { spec?: Record<string, unknown> } } }).spec?.template?.spec ?? {};
          const containers = Array.isArray(spec[m[1] ?? '']) ? (spec[m[1] ?? ''] as Array<{ name?: string; env?: Array<{ name?: string; value?: string }> }>) : [];
          const value = containers.find((c) => c.name === m[2])?.env?.find((e) => e.name === m[3])?.value;
          if (typeof value === 'string') envCmds.push(`kubectl -n ${ns} set env ${res} -c ${m[2] ?? ''} ${m[3] ?? ''}=${shq(replaceIpLiteral(value, oldIp, newIp))}`);
        }
        const how = envCmds.length === ref.places.length ? envCmds.join(' && ') : `kubectl -n ${ns} edit ${res}${envCmds.length > 0 ? ` (env: ${envCmds.join(' && ')})` : ''}`;
        steps.push(
          step(
            'repoint',
            `Repoint ${kind} ${ns}/${name}: in ${wheres} replace ${oldIp} with ${newIp} — ${how}; the change rolls out new pods.`,
            `kubectl -n ${ns} rollout status ${res} succeeds and kubectl -n ${ns} get ${res} -o yaml | grep -wF ${newIp} shows the new value.`,
            `kubectl -n ${ns} rollout undo ${res}`,
            { step: envCmds.length === ref.places.length ? envCmds : [`kubectl -n ${ns} edit ${res}`], verify: [`kubectl -n ${ns} rollout status ${res}`, `kubectl -n ${ns} get ${res} -o yaml | grep -wF ${newIp}`], rollback: [`kubectl -n ${ns} rollout undo ${res}`] },
          ),
        );
        continue;
      }
      const annotationCmds = ref.places.flatMap((p) => {
        const m = /^metadata\.annotations\[(.+)\]$/.exec(p.where);
        const current = m?.[1] ? ref.object.metadata.annotations?.[m[1]] : undefined;
        return m?.[1] && typeof current === 'string' ? [{ key: m[1], fwd: replaceIpLiteral(current, oldIp, newIp), back: current }] : [];
      });
      const res = `${kind.toLowerCase()}/${name}`;
      if (annotationCmds.length === ref.places.length && annotationCmds.length > 0) {
        const annotate = (pick: 'fwd' | 'back'): string => `kubectl -n ${ns} annotate ${res} ${annotationCmds.map((x) => `${x.key}=${shq(x[pick])}`).join(' ')} --overwrite`;
        steps.push(step('repoint', `Repoint ${kind} ${ns}/${name}: ${annotate('fwd')}.`, `kubectl -n ${ns} get ${res} -o yaml | grep -wF ${newIp} shows the new value.`, annotate('back'), { step: [annotate('fwd')], verify: [`kubectl -n ${ns} get ${res} -o yaml | grep -wF ${newIp}`], rollback: [annotate('back')] }));
      } else {
        steps.push(
          step(
            'repoint',
            `Repoint ${kind} ${ns}/${name}: in ${wheres} replace ${oldIp} with ${newIp} (kubectl -n ${ns} edit ${res}).`,
            `kubectl -n ${ns} get ${res} -o yaml | grep -wF ${newIp} shows the new value.`,
            `Put ${oldIp} back in the same places (kubectl -n ${ns} edit ${res}).`,
          ),
        );
      }
    }
  }

  // ---- 5. what stays on the old IP still answers -----------------------------
  for (const oldIp of oldIps) {
    const staying = input.staying.get(oldIp) ?? [];
    if (staying.length === 0) continue;
    const role = (s: LbService): { rank: number; label: string | null } => {
      const v = viewOf(s.namespace, s.name);
      const labels = v?.metadata.labels ?? {};
      const db = (v?.spec.ports ?? []).map((p) => DATABASE_PORTS[p.port]).find((x) => x !== undefined);
      const state = /state/i.test(labels['app.kubernetes.io/component'] ?? '') || /tfstate|terraform/i.test(`${s.namespace}/${s.name}`);
      if (state) return { rank: 0, label: `the ${db ? `${db} ` : ''}Terraform state database` };
      if (db) return { rank: 1, label: `a ${db} database` };
      return { rank: 2, label: null };
    };
    const ordered = [...staying].sort((a, b) => role(a).rank - role(b).rank || (keyOf(a) < keyOf(b) ? -1 : 1));
    const checks: string[] = [];
    const checkCmds: string[] = [];
    const udpOnly: string[] = [];
    for (const s of ordered) {
      const tcp = s.ports.find((p) => p.startsWith('TCP/'));
      if (tcp) checks.push(`nc -vz ${oldIp} ${tcp.slice(4)} (${keyOf(s)}${role(s).label ? `, ${role(s).label}` : ''}) connects`);
      if (tcp) checkCmds.push(`nc -vz ${oldIp} ${tcp.slice(4)}`);
      else udpOnly.push(`${keyOf(s)} ${s.ports.join(',')}`);
    }
    const key = ordered.filter((s) => role(s).rank < 2);
    const lb = after.loadBalancers.find((l) => l.ip === oldIp);
    const movers = listNames(movedFrom(oldIp).map(keyOf));
    steps.push(
      step(
        'verify-old-ip',
        `Verify the ${plural(staying.length, 'Service')} staying on ${oldIp} still answer${key.length > 0 ? ` — above all ${key.map((s) => `${keyOf(s)} (${role(s).label ?? ''}, ${s.ports.join(', ')})`).join(' and ')}` : ''}: ${listNames(ordered.map(keyOf), 10)}.`,
        [
          ...checks,
          ...(udpOnly.length > 0 ? [`UDP-only ${udpOnly.join('; ')}: check from a client (nc cannot tell for UDP)`] : []),
          `edgelens cluster still shows ${oldIp} with ${plural(staying.length, 'Service')}${lb?.announcer ? `, announced by ${lb.announcer.node}` : ''}`,
        ].join('; ') + '.',
        `These Services were not changed: if one stopped answering, roll back the move of ${movers} (its rollback above) and read the speakers' log: kubectl -n metallb-system logs -l app.kubernetes.io/component=speaker --since=15m | grep -F ${oldIp}`,
        { verify: checkCmds, rollback: [`kubectl -n metallb-system logs -l app.kubernetes.io/component=speaker --since=15m | grep -F ${oldIp}`] },
      ),
    );
  }

  // ---- 6. real client IPs arrive ---------------------------------------------
  for (const c of input.changes) {
    const view = viewOf(c.namespace, c.name);
    const lb = afterLb(c.namespace, c.name);
    const a = allocationOf(c);
    if (!view || !lb || lb.externalTrafficPolicy !== 'Local' || !a?.granted) continue;
    const target = sampleHost ?? a.ips[0] ?? '';
    const selector = Object.entries(view.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const nodeIps = after.nodes.flatMap((n) => n.addresses);
    const podCidrs = after.nodes.flatMap((n) => n.podCIDRs);
    const flags = after.nodes.length > 0 && after.nodes.length <= 12
      ? `--node-ip ${nodeIps.join(',')}${podCidrs.length > 0 ? ` --pod-cidr ${podCidrs.join(',')}` : ''}`
      : '--snapshot cluster.yaml (from kubectl get nodes,pods -A -o yaml > cluster.yaml)';
    const tunnel = tunnelHosts.length > 0 ? ' Requests through the tunnel arrive from the tunnel pods by design (the client is in CF-Connecting-IP / X-Forwarded-For): judge by direct requests.' : '';
    const http = httpReasons(view).length > 0;
    const logsCmd = `kubectl -n ${c.namespace} logs -l ${selector} --since=10m --tail=-1 | edgelens logs - ${flags}`;
    steps.push(
      step(
        'verify-client-ip',
        `Verify real client IPs reach ${keyOf(c)}: make a few requests from outside the cluster (a LAN machine, or a phone on mobile data) to ${target}, then read its access log.${tunnel}`,
        http
          ? `kubectl -n ${c.namespace} logs -l ${selector} --since=10m --tail=-1 | edgelens logs - ${flags} reports verdict preserved (not snat); edgelens cluster lists no etp-cluster-snat for ${keyOf(c)}.`
          : `${keyOf(c)}'s own log shows the clients' addresses, not node addresses (${nodeIps.join(', ') || 'the nodes'}); edgelens cluster lists no etp-cluster-snat for ${keyOf(c)}.`,
        `If clients still arrive as node addresses, traffic is not reaching ${a.ips.join(', ')} directly (check DNS and port forwards); the move's rollback above restores the old path (with SNAT).`,
        { verify: http && after.nodes.length > 0 && after.nodes.length <= 12 ? [logsCmd] : [] },
      ),
    );
  }

  // ---- 7. restore TTL --------------------------------------------------------
  if (input.moves.length > 0) {
    if (zones.length > 0) {
      for (const z of zones) {
        const ttl = z.facts.ttl ?? 300;
        const digName = z.names.find((n) => !n.includes('*')) ?? z.names[0] ?? 'NAME';
        const newIp = movedFrom(z.oldIp)[0]?.to[0] ?? '<the new IP>';
        steps.push(
          step(
            'restore-ttl',
            `When every check passed and traffic looked right for a while, put $TTL back to ${ttl} in ConfigMap ${z.namespace}/${z.name} (serial +1)${z.readers.length > 0 ? ` and ${restartCommands(z.readers)}` : restartByLabel(z.ref) ? ` and reload the zone (e.g. ${restartByLabel(z.ref) ?? ''})` : ''}.`,
            `dig +noall +answer ${digName} @${z.facts.resolver ?? '<the DNS server of this zone>'} shows TTL ${ttl} and ${newIp}.`,
            'Nothing to undo; to roll the move back later, lower the TTL again first.',
          ),
        );
      }
    } else {
      steps.push(step('restore-ttl', 'When every check passed and traffic looked right for a while, restore the DNS TTL you lowered.', `dig +noall +answer ${sampleHost ?? '<hostname>'} @<your resolver> shows the old TTL again.`, 'Nothing to undo; to roll the move back later, lower the TTL again first.'));
    }
  }
  return steps;
}
