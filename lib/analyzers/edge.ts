// Edge findings from probe reports (and DNS observations): does HTTP/3 really work where it is
// advertised, and do LAN clients reach the LB the way the internet does. Pure: reports in,
// findings out; rules are small objects like the cluster rules (rule.ts).
import type { Finding, Severity, Subject } from '../model/finding';
import { joinSteps, withSteps } from '../model/finding';
import type { EdgeRuleId, ProbeReport } from '../model/probe';
import { parseIp, wellKnownClass } from '../net';
import { CLASS_DOCUMENTATION, CLASS_PUBLIC } from '../net/classify';
import { h3Alternatives } from './alt-svc';
import { errorBreakdown } from './probe-summary';

/** One endpoint as probed over TCP and/or HTTP/3. */
export interface EdgeTargetObservation {
  /** What the user named, e.g. `10.0.20.200:443` or `app.example.com:443`. */
  endpoint: string;
  tcp?: ProbeReport | null;
  h3?: ProbeReport | null;
}

/**
 * How a hostname resolves for LAN/in-cluster clients versus the LoadBalancer that serves it,
 * with optional probes of both paths (to the resolved address, and to the LB IP with SNI = name).
 */
export interface DnsObservation {
  name: string;
  /** Addresses the LAN / in-cluster resolver returns for `name`. */
  internal: string[];
  /** Addresses public resolvers return, when known. */
  external?: string[];
  /** LoadBalancer IPs that serve `name` (from the cluster's routes). */
  lbIps: string[];
  /** TCP probe of `name` as a LAN client resolves it. */
  viaInternal?: ProbeReport | null;
  /** TCP probe of the LB IP directly with SNI = `name`. */
  viaLb?: ProbeReport | null;
}

export interface EdgeInput {
  targets: readonly EdgeTargetObservation[];
  dns?: readonly DnsObservation[];
}

export interface EdgeRule {
  id: EdgeRuleId;
  severity: Severity;
  check(input: EdgeInput): Finding[];
}

/** The fix for every "HTTP/3 does not get through" finding: the three places UDP gets lost. */
export const H3_PATH_FIX =
  'Make UDP/443 reach one Traefik pod end to end: (1) expose UDP/443 on the LoadBalancer Service next to TCP/443 ' +
  '(Traefik Helm chart: ports.websecure.http3.enabled=true; with MetalLB both ports share the IP via the same ' +
  'metallb.io/allow-shared-ip key); (2) keep each QUIC flow on one pod: externalTrafficPolicy: Local, or a single ' +
  'ready endpoint / sessionAffinity: ClientIP; (3) allow and forward UDP 443 on every firewall and on the router ' +
  '(port forward UDP, not only TCP) to the LB IP. Until then, stop advertising h3 (remove http3 from the entrypoint) ' +
  'so browsers do not try it.';

function targetSubject(endpoint: string): Subject {
  return { kind: 'ProbeTarget', name: endpoint };
}

function ipOf(endpoint: string): string | undefined {
  const m = /^\[([^\]]+)\]:\d+$/.exec(endpoint) ?? /^([^:]+):\d+$/.exec(endpoint);
  const host = m?.[1] ?? endpoint;
  return parseIp(host) ? host : undefined;
}

function h3Summary(h3: ProbeReport): string {
  const errors = errorBreakdown(h3.results)
    .map((e) => `${e.error} ×${e.count}${e.detail ? ` (${e.detail})` : ''}`)
    .join(', ');
  return `HTTP/3 probe of ${h3.target}: ${h3.ok} of ${h3.samples} samples succeeded${errors ? `; failures: ${errors}` : ''}`;
}

/** The Alt-Svc values of the TCP samples that advertise h3, with how many samples did. */
function advertisedH3(tcp: ProbeReport | null | undefined): { value: string; count: number } | null {
  if (!tcp) return null;
  const advertising = tcp.results.filter((r) => r.ok && h3Alternatives(r.altSvc).length > 0);
  const first = advertising[0]?.altSvc;
  return first ? { value: first, count: advertising.length } : null;
}

const h3AdvertisedButBroken: EdgeRule = {
  id: 'h3-advertised-but-broken',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const t of input.targets) {
      const adv = advertisedH3(t.tcp);
      if (!adv || !t.tcp || !t.h3 || t.h3.verdict !== 'failing') continue;
      const alternatives = h3Alternatives(adv.value);
      const ports = alternatives.map((a) => a.port).filter((p): p is number => p !== null);
      const h3Port = Number(/:(\d+)$/.exec(t.h3.target)?.[1]);
      const portNote =
        ports.length > 0 && !ports.includes(h3Port)
          ? [`Alt-Svc points to UDP port ${ports.join(', ')}, the HTTP/3 probe used ${h3Port}: probe the advertised port too`]
          : [];
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [targetSubject(t.endpoint)],
        ip: ipOf(t.endpoint),
        message: `${t.endpoint} advertises HTTP/3 (Alt-Svc: ${adv.value}) but no HTTP/3 request succeeded (0 of ${t.h3.samples})`,
        evidence: [
          `TCP probe of ${t.tcp.target}: ${adv.count} of ${t.tcp.samples} responses carried Alt-Svc: ${adv.value}`,
          h3Summary(t.h3),
          ...portNote,
        ],
        why:
          'Alt-Svc only advertises; it proves nothing about UDP. Browsers that cached the advertisement try QUIC first, ' +
          'wait for it to fail, and fall back to TCP: slower first loads, and a broken promise that hides real UDP trouble.',
        fix: H3_PATH_FIX,
      });
    }
    return out;
  },
};

const h3UdpTimeout: EdgeRule = {
  id: 'h3-udp-timeout',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const t of input.targets) {
      const h3 = t.h3;
      if (!h3 || h3.verdict !== 'failing') continue;
      const failed = h3.results.filter((r) => !r.ok);
      const timeouts = failed.filter((r) => r.error === 'timeout');
      // Every failure is a timeout: the Initial vanished on the way (or its answer did).
      if (failed.length === 0 || timeouts.length !== failed.length) continue;
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [targetSubject(t.endpoint)],
        ip: ipOf(t.endpoint),
        message: `QUIC to ${h3.target} times out: ${timeouts.length} of ${h3.samples} handshakes got no answer`,
        evidence: [h3Summary(h3), ...(t.tcp ? [`TCP probe of ${t.tcp.target}: verdict ${t.tcp.verdict} (${t.tcp.ok} of ${t.tcp.samples} ok)`] : [])],
        why:
          'A timeout (not a refusal) means UDP packets are silently dropped somewhere: the Service has no UDP/443 port, ' +
          'kube-proxy sends them to a node without the pod, or a firewall / router does not forward UDP.',
        fix: H3_PATH_FIX,
      });
    }
    return out;
  },
};

const h3Intermittent: EdgeRule = {
  id: 'h3-intermittent',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const t of input.targets) {
      const h3 = t.h3;
      if (!h3 || h3.verdict !== 'intermittent') continue;
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [targetSubject(t.endpoint)],
        ip: ipOf(t.endpoint),
        message: `HTTP/3 to ${h3.target} works only sometimes: ${h3.ok} of ${h3.samples} samples succeeded`,
        evidence: [h3Summary(h3)],
        why:
          'QUIC is stateful per connection. With externalTrafficPolicy: Cluster and several endpoints, kube-proxy can ' +
          'spread UDP flows (and their retransmissions after a conntrack expiry) across pods that do not know the ' +
          'connection; a flaky UDP forward on the router looks the same.',
        fix: H3_PATH_FIX,
      });
    }
    return out;
  },
};

/** Public, or an RFC 5737/3849 documentation address (which stands for a public one in examples). */
function isPublic(ip: string): boolean {
  const parsed = parseIp(ip);
  if (parsed === null) return false;
  const cls = wellKnownClass(parsed);
  return cls === CLASS_PUBLIC || cls === CLASS_DOCUMENTATION;
}

const splitHorizonMissing: EdgeRule = {
  id: 'split-horizon-missing',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const d of input.dns ?? []) {
      if (d.lbIps.length === 0 || d.internal.length === 0) continue;
      const pointsAtLb = d.internal.some((a) => d.lbIps.includes(a));
      const lbPrivate = d.lbIps.every((ip) => !isPublic(ip));
      const onlyPublic = d.internal.every(isPublic);
      if (pointsAtLb || !lbPrivate || !onlyPublic) continue;
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [{ kind: 'Host', name: d.name }],
        ip: d.lbIps[0],
        message: `LAN clients resolve ${d.name} to ${d.internal.join(', ')} (public), not to the LoadBalancer ${d.lbIps.join(', ')}`,
        evidence: [
          `internal resolver: ${d.name} → ${d.internal.join(', ')}`,
          ...(d.external ? [`public resolvers: ${d.name} → ${d.external.join(', ')}`] : []),
          `LoadBalancer IP(s) serving ${d.name}: ${d.lbIps.join(', ')}`,
        ],
        why:
          'LAN traffic leaves for the public address and must come back through the router (NAT loopback). Where that ' +
          'works, the router also rewrites the source, so apps and CrowdSec see the router instead of the client; where it ' +
          'does not, the site is simply unreachable from home.',
        fix:
          `Add a local DNS record (split horizon) so LAN and in-cluster clients get the LB IP: ${d.name} → ${d.lbIps[0] ?? ''} ` +
          '(router / Pi-hole / AdGuard / Unbound local-data; in-cluster: a CoreDNS hosts or rewrite entry).',
      });
    }
    return out;
  },
};

const hairpinFailed: EdgeRule = {
  id: 'hairpin-failed',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    for (const d of input.dns ?? []) {
      const via = d.viaInternal;
      const direct = d.viaLb;
      if (!via || !direct || via.verdict !== 'failing' || direct.verdict === 'failing') continue;
      if (d.internal.some((a) => d.lbIps.includes(a))) continue; // same path: not a hairpin problem
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [{ kind: 'Host', name: d.name }],
        ip: d.lbIps[0],
        message: `${d.name} is unreachable from the LAN through ${d.internal.join(', ')}, but the LoadBalancer answers directly`,
        evidence: [
          `TCP probe of ${via.target} (${d.name} as resolved inside): ${via.ok} of ${via.samples} ok; failures: ${errorBreakdown(via.results)
            .map((e) => `${e.error} ×${e.count}`)
            .join(', ')}`,
          `TCP probe of ${direct.target} with SNI ${d.name}: ${direct.ok} of ${direct.samples} ok`,
        ],
        why: 'The router does not loop traffic from the LAN to its own public address back inside (no NAT loopback / hairpin NAT).',
        fix:
          `Prefer split-horizon DNS (${d.name} → ${d.lbIps[0] ?? 'the LB IP'} for LAN clients); or enable NAT loopback / ` +
          'hairpin NAT for the forwarded ports on the router (it then hides client addresses behind the router).',
      });
    }
    return out;
  },
};

function failureSummary(r: ProbeReport): string {
  const errors = errorBreakdown(r.results)
    .map((e) => `${e.error} ×${e.count}${e.detail ? ` (${e.detail})` : ''}`)
    .join(', ');
  return `${r.kind === 'h3' ? 'HTTP/3' : 'TCP'} probe of ${r.target}: ${r.ok} of ${r.samples} samples succeeded${errors ? `; failures: ${errors}` : ''}`;
}

/** Targets whose failure hairpin-failed already explains (the name fails as resolved inside, the LB answers directly). */
function hairpinTargets(input: Parameters<EdgeRule['check']>[0]): Set<string> {
  const out = new Set<string>();
  for (const d of input.dns ?? []) {
    if (d.viaInternal?.verdict === 'failing' && d.viaLb && d.viaLb.verdict !== 'failing') out.add(d.viaInternal.target);
  }
  return out;
}

/** Every failing TCP target is a finding: a refused or timed-out HTTPS endpoint is an outage, whatever the cause (one finding per cause: a hairpin failure is reported as hairpin-failed). */
const tcpProbeFailing: EdgeRule = {
  id: 'tcp-probe-failing',
  severity: 'error',
  check(input) {
    const out: Finding[] = [];
    const hairpin = hairpinTargets(input);
    for (const t of input.targets) {
      const tcp = t.tcp;
      if (!tcp || tcp.verdict !== 'failing' || hairpin.has(tcp.target)) continue;
      const errors = errorBreakdown(tcp.results);
      const main = errors[0]?.error ?? 'error';
      const [host, port] = [tcp.target.replace(/:\d+$/, ''), /:(\d+)$/.exec(tcp.target)?.[1] ?? '443'];
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [targetSubject(t.endpoint)],
        ip: ipOf(t.endpoint),
        message: `${tcp.target} does not answer over TCP/TLS: 0 of ${tcp.samples} samples succeeded (${main})`,
        evidence: [failureSummary(tcp)],
        why:
          main === 'refused'
            ? 'A refusal means a host answered but nothing listens on that port: the LoadBalancer Service lacks the port, its endpoints are not ready, or the IP now belongs to another host.'
            : 'Clients cannot open an HTTPS connection to this endpoint at all: every page and API behind it is down for them.',
        steps: [
          { text: 'Check which Service holds the address and its ports', command: `kubectl get svc -A -o wide | grep -wF ${host.replace(/^\[|\]$/g, '')}` },
          { text: 'Probe again to confirm, with the error per sample', command: `edgelens probe tcp ${tcp.target}` },
          { text: `If nothing in the cluster holds ${host}, fix the probe target (EDGELENS_PROBE_TARGETS) or the DNS name that points there; if a Service does, check its ready endpoints and that it exposes TCP/${port}.` },
        ],
        fix: '',
      });
    }
    return out.map((f) => ({ ...f, fix: joinSteps(f.steps ?? []) }));
  },
};

/**
 * TCP/TLS that works only sometimes. Not an outage, so not tcp-probe-failing, but never silence:
 * an endpoint that drops a share of handshakes is what a flapping announcer, an ETP=Local Service
 * announced from a node without a ready endpoint part of the time, or a saturated node looks like.
 */
const tcpIntermittent: EdgeRule = {
  id: 'tcp-intermittent',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    const hairpin = hairpinTargets(input);
    for (const t of input.targets) {
      const tcp = t.tcp;
      if (!tcp || tcp.verdict !== 'intermittent' || hairpin.has(tcp.target)) continue;
      const main = errorBreakdown(tcp.results)[0]?.error ?? 'error';
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [targetSubject(t.endpoint)],
        ip: ipOf(t.endpoint),
        message: `TCP/TLS to ${tcp.target} works only sometimes: ${tcp.ok} of ${tcp.samples} samples succeeded (failures: ${main})`,
        evidence: [failureSummary(tcp)],
        why:
          'Some handshakes to this endpoint fail while others succeed. Common causes: the LoadBalancer IP moving between nodes ' +
          '(announcer changes), an externalTrafficPolicy: Local Service answered only from nodes with a ready endpoint while ' +
          'another node announces it, an endpoint that is restarting, or an overloaded node. Visitors see random errors.',
        steps: [
          { text: 'Probe again with the error of each sample', command: `edgelens probe tcp ${tcp.target}` },
          { text: 'Look for announcer changes and endpoint readiness on the Overview (Recent changes) and in the Service events', command: 'kubectl get events -A --field-selector involvedObject.kind=Service' },
        ],
        fix: '',
      });
    }
    return out.map((f) => ({ ...f, fix: joinSteps(f.steps ?? []) }));
  },
};

/** HTTP/3 failing for another reason than a timeout, where nothing advertises it (the other h3 rules cover those). */
const h3ProbeFailing: EdgeRule = {
  id: 'h3-probe-failing',
  severity: 'warning',
  check(input) {
    const out: Finding[] = [];
    for (const t of input.targets) {
      const h3 = t.h3;
      if (!h3 || h3.verdict !== 'failing' || advertisedH3(t.tcp)) continue;
      const failed = h3.results.filter((r) => !r.ok);
      if (failed.length > 0 && failed.every((r) => r.error === 'timeout')) continue;
      out.push({
        rule: this.id,
        severity: this.severity,
        subjects: [targetSubject(t.endpoint)],
        ip: ipOf(t.endpoint),
        message: `HTTP/3 to ${h3.target} fails: 0 of ${h3.samples} samples succeeded (${errorBreakdown(h3.results)[0]?.error ?? 'error'})`,
        evidence: [failureSummary(h3)],
        why: 'The endpoint is probed for HTTP/3 but no QUIC handshake and request completed. Nothing advertises h3 here, so browsers will not try it; if you meant to serve HTTP/3, this is where it breaks.',
        fix: H3_PATH_FIX,
      });
    }
    return out;
  },
};

export const EDGE_RULES: readonly EdgeRule[] = [h3AdvertisedButBroken, h3UdpTimeout, h3Intermittent, splitHorizonMissing, hairpinFailed, tcpProbeFailing, tcpIntermittent, h3ProbeFailing];

export function analyzeEdge(input: EdgeInput, rules: readonly EdgeRule[] = EDGE_RULES): Finding[] {
  return rules.flatMap((r) => r.check(input)).map(withSteps);
}
