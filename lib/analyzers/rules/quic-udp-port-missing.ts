// Backends that speak HTTP/3 (a UDP container port named http3/quic, or
// Traefik's --entryPoints.<ep>.http3) behind a LoadBalancer that only exposes
// the TCP side: browsers see alt-svc h3 and try a UDP port the LB drops.
import type { Finding, Subject } from '../../model/finding';
import type { Container } from '../inventory';
import { isQuicName } from '../ports';
import { backendPods, backendWorkloads } from '../workloads';
import { finding, fixSteps, helmRelease, membersOf, nameOf, serviceSubject, type ClusterRule } from '../rule';

interface H3Declaration {
  containerPort: number;
  portName?: string;
  advertisedPort?: number;
  how: string;
}

const HTTP3_FLAG = /^--entrypoints\.([^.=]+)\.http3(?:=(\w+))?$/i;

function flagValue(args: readonly string[], flag: string): string | undefined {
  const lower = `${flag.toLowerCase()}=`;
  for (const a of args) if (a.toLowerCase().startsWith(lower)) return a.slice(lower.length);
  return undefined;
}

/** What one container declares about HTTP/3, and its named ports (for resolving string targetPorts). */
function declarations(c: Container, named: Map<string, number>): H3Declaration[] {
  const out: H3Declaration[] = [];
  for (const p of c.ports ?? []) {
    if (p.name) named.set(p.name, p.containerPort);
    if (p.protocol.toUpperCase() === 'UDP' && (isQuicName(p.name) || p.containerPort === 443 || p.containerPort === 8443)) {
      out.push({ containerPort: p.containerPort, ...(p.name ? { portName: p.name } : {}), how: `container ${c.name} port ${p.name ?? p.containerPort} ${p.containerPort}/UDP` });
    }
  }
  const args = [...(c.command ?? []), ...(c.args ?? [])];
  for (const a of args) {
    const m = HTTP3_FLAG.exec(a);
    if (!m || (m[2] !== undefined && m[2].toLowerCase() === 'false')) continue;
    const ep = m[1] ?? '';
    const address = flagValue(args, `--entrypoints.${ep}.address`);
    const portText = address ? /:(\d+)/.exec(address)?.[1] : undefined;
    const port = portText ? Number(portText) : (c.ports ?? []).find((p) => p.name === ep && p.protocol.toUpperCase() === 'TCP')?.containerPort;
    if (port === undefined) continue;
    const adv = flagValue(args, `--entrypoints.${ep}.http3.advertisedport`);
    out.push({ containerPort: port, ...(adv && /^\d+$/.test(adv) ? { advertisedPort: Number(adv) } : {}), how: `container ${c.name} args ${a}${adv ? ` (advertisedPort ${adv})` : ''}` });
  }
  return out;
}

export const rule: ClusterRule = {
  id: 'quic-udp-port-missing',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const lb of input.lb.loadBalancers) {
      for (const m of membersOf(input, lb)) {
        if (seen.has(m.key)) continue;
        seen.add(m.key);
        const svc = m.entry.view;
        const named = new Map<string, number>();
        const decls = new Map<number, { d: H3Declaration; from: Subject[]; hows: string[] }>();
        const add = (containers: readonly Container[], from: Subject): void => {
          for (const c of containers) {
            for (const d of declarations(c, named)) {
              const cur = decls.get(d.containerPort);
              const how = `${from.kind} ${from.namespace ?? ''}/${from.name}: ${d.how}`;
              if (!cur) decls.set(d.containerPort, { d, from: [from], hows: [how] });
              else {
                if (!cur.hows.includes(how)) cur.hows.push(how);
                if (!cur.from.some((s) => s.kind === from.kind && s.name === from.name)) cur.from.push(from);
                // A port declaration and the http3 flag describe one listener: keep what each knows.
                if (cur.d.portName === undefined && d.portName !== undefined) cur.d.portName = d.portName;
                if (cur.d.advertisedPort === undefined && d.advertisedPort !== undefined) cur.d.advertisedPort = d.advertisedPort;
              }
            }
          }
        };
        // Workloads first: one Deployment names the cause better than its N pods.
        const workloads = backendWorkloads(input.inventory, svc);
        for (const w of workloads) add(w.view.spec.template.spec.containers, { kind: w.view.kind, namespace: w.view.metadata.namespace, name: w.view.metadata.name });
        if (decls.size === 0) {
          for (const p of backendPods(input.inventory, svc)) add(p.containers, { kind: 'Pod', namespace: p.view.metadata.namespace, name: p.view.metadata.name });
        }
        if (decls.size === 0) continue;

        const target = (p: { port: number; targetPort?: number | string | undefined }): number | undefined =>
          p.targetPort === undefined ? p.port : typeof p.targetPort === 'number' ? p.targetPort : /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : named.get(p.targetPort);
        for (const { d, from, hows } of decls.values()) {
          const tcp = svc.spec.ports.find((p) => p.protocol === 'TCP' && target(p) === d.containerPort);
          if (!tcp) continue; // the LB does not expose this listener at all
          const udpOk = svc.spec.ports.some(
            (p) => p.protocol === 'UDP' && (target(p) === d.containerPort || (d.portName !== undefined && p.targetPort === d.portName) || (d.advertisedPort !== undefined && p.port === d.advertisedPort)),
          );
          if (udpOk) continue;
          const publicPort = d.advertisedPort ?? tcp.port;
          const clash = lb.services.filter((s) => s.name !== m.lbs.name || s.namespace !== m.lbs.namespace).find((s) => s.ports.includes(`UDP/${publicPort}`));
          const portName = d.portName ?? `${tcp.name ?? 'https'}-http3`.slice(0, 15);
          const helm = helmRelease(svc);
          out.push(
            finding(rule, {
              subjects: [serviceSubject(m.lbs), ...from],
              ip: lb.ip,
              message: `${nameOf(m.lbs)} exposes TCP/${tcp.port} → ${d.containerPort} on ${lb.ip} but no UDP port for it, while its backends listen for HTTP/3 on UDP ${d.containerPort}: clients told "h3 on :${publicPort}" send QUIC to UDP/${publicPort} and get no answer.`,
              evidence: [
                `Service ${nameOf(m.lbs)}: ports ${m.lbs.ports.join(', ')} (no UDP port targeting ${d.containerPort})`,
                ...hows.slice(0, 6),
                ...(clash ? [`UDP/${publicPort} on ${lb.ip} is already used by ${clash.namespace}/${clash.name}`] : []),
              ],
              why: 'Browsers learn about HTTP/3 from the alt-svc header on the TCP response and then try QUIC on the same port over UDP. Without a UDP port on the LoadBalancer those packets are dropped; browsers retry, wait, and fall back to TCP, so HTTP/3 never works and first loads can be slower.',
              ...fixSteps([
                {
                  text: `Add UDP/${publicPort} to the Service${helm ? ` — with the Traefik Helm chart set ports.websecure.http3.enabled=true (release ${helm.release}) instead, or the next upgrade removes the port` : ''}`,
                  command: `kubectl -n ${m.lbs.namespace} patch svc ${m.lbs.name} --type=json -p '[{"op":"add","path":"/spec/ports/-","value":{"name":"${portName}","port":${publicPort},"protocol":"UDP","targetPort":${d.containerPort}}}]'`,
                },
                ...(clash ? [{ text: `UDP/${publicPort} on ${lb.ip} is taken by ${clash.namespace}/${clash.name}: move one of them to its own IP first.` }] : []),
              ]),
            }),
          );
        }
      }
    }
    return out;
  },
};
