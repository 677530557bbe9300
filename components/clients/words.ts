// Plain words for the Client IPs page, from the LogReport numbers. Pure (tested).
import { fmtInt, fmtPct, type AddressClass, type CrowdsecReport, type LogReport, type RouterReport } from '@/lib/model';

export { fmtInt, fmtPct };

export const CLASS_ORDER: readonly AddressClass[] = ['node', 'pod', 'lb', 'loopback', 'private', 'cgnat', 'linklocal', 'public', 'documentation'];

/** What each class means, for legends and badges' titles. */
export const CLASS_MEANING: Record<AddressClass, string> = {
  node: 'a node address: kube-proxy SNAT',
  pod: 'a pod address: SNAT inside the cluster',
  lb: 'a load-balancer VIP',
  loopback: 'loopback',
  private: 'a private address that is not a node, pod or LB (LAN, VPN)',
  cgnat: 'a CGNAT address (100.64.0.0/10, e.g. Tailscale)',
  linklocal: 'a link-local address',
  public: 'a public address',
  documentation: 'an RFC 5737 / RFC 3849 documentation address (examples, tests): not a real visitor',
};

/** Sort key of an address: dotted quads sort by number ("10.0.20.9" before "10.0.20.10"); other addresses after them, as text. */
export function addressSortKey(ip: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  return m ? `4:${m.slice(1).map((p) => p.padStart(3, '0')).join('.')}` : `6:${ip.toLowerCase()}`;
}

function v4(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return (((parts[0] ?? 0) << 24) >>> 0) + ((parts[1] ?? 0) << 16) + ((parts[2] ?? 0) << 8) + (parts[3] ?? 0);
}

const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** ["10.0.20.103","10.0.20.101","10.0.20.102","10.0.20.105"] → "10.0.20.101-103, 10.0.20.105". */
export function addressRuns(ips: readonly string[], maxGroups = 4): string {
  const nums = [...new Set(ips.map(v4).filter((n): n is number => n !== null))].sort((a, b) => a - b);
  const other = [...new Set(ips.filter((ip) => v4(ip) === null))].sort();
  const groups: string[] = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === (nums[j] ?? 0) + 1) j++;
    const a = nums[i] ?? 0;
    const b = nums[j] ?? 0;
    groups.push(a === b ? dotted(a) : a >>> 8 === b >>> 8 ? `${dotted(a)}-${b & 255}` : `${dotted(a)}-${dotted(b)}`);
    i = j + 1;
  }
  groups.push(...other);
  return groups.length <= maxGroups ? groups.join(', ') : `${groups.slice(0, maxGroups).join(', ')} and ${groups.length - maxGroups} more`;
}

/**
 * What the access-log sample shows, worded as evidence: the answer to "do real client IPs reach
 * my apps?" is the summary's (GET /api/v1/summary), which also weighs Services without an IP and
 * the cluster config; this is only the log sample's part of it.
 */
export interface SampleEvidence {
  /** What the sample shows, in two or three words ("SNAT seen"), never an answer to the question. */
  label: string;
  tone: 'error' | 'warning' | 'ok' | 'unknown';
  /** One sentence with the numbers. */
  sentence: string;
}

/** Routers a user can act on ("-" is "no router matched"). */
export function namedRouters(report: LogReport): number {
  return new Set(report.routers.map((r) => r.router).filter((r) => r !== '-' && r !== '(other routers)')).size;
}

function breakdown(report: LogReport, classes: readonly AddressClass[]): string {
  return classes
    .filter((c) => (report.classes[c] ?? 0) > 0)
    .map((c) => `${c} ${fmtInt(report.classes[c] ?? 0)}`)
    .join(', ');
}

export function sampleEvidence(report: LogReport): SampleEvidence {
  const classified = CLASS_ORDER.reduce((n, c) => n + (report.classes[c] ?? 0), 0);
  const snat = (report.classes.node ?? 0) + (report.classes.pod ?? 0);
  const routers = namedRouters(report);
  const on = `${fmtInt(classified)} requests${routers > 0 ? ` on ${routers} router${routers === 1 ? '' : 's'}` : ''}`;
  const kinds = (report.classes.node ?? 0) > 0 && (report.classes.pod ?? 0) > 0 ? 'node and pod' : (report.classes.pod ?? 0) > 0 ? 'pod' : 'node';
  const snatIps = report.topClients.filter((c) => c.class === 'node' || c.class === 'pod').map((c) => c.ip);
  const clientClasses: AddressClass[] = ['lb', 'loopback', 'private', 'cgnat', 'linklocal', 'public', 'documentation'];
  switch (report.verdict) {
    case 'snat':
      return {
        label: 'SNAT seen',
        tone: 'error',
        sentence: `${fmtPct(snat / classified)} of ${on} came from ${kinds} addresses${snatIps.length > 0 ? ` ${addressRuns(snatIps)}` : ''}: Traefik sees the node, not the visitor.`,
      };
    case 'preserved':
      return {
        label: 'Client addresses seen',
        tone: 'ok',
        sentence: `${fmtPct((classified - snat) / classified)} of ${on} came from client addresses (${breakdown(report, clientClasses)})${snat > 0 ? `; only ${fmtInt(snat)} from ${kinds} addresses` : ''}.`,
      };
    case 'mixed':
      return {
        label: 'SNAT on some paths',
        tone: 'warning',
        sentence: `${fmtPct(snat / classified)} of ${on} came from ${kinds} addresses${snatIps.length > 0 ? ` ${addressRuns(snatIps)}` : ''} and ${fmtPct((classified - snat) / classified)} from client addresses: some paths keep the client IP, some are SNATed.`,
      };
    case 'suspect-snat':
      return {
        label: 'Possible SNAT',
        tone: 'warning',
        sentence: `${(report.suspects ?? []).length > 0 ? `A few private addresses (${addressRuns((report.suspects ?? []).map((c) => c.ip))}) carry most of the ${on}` : `A few private addresses carry most of the ${on}`}: the SNAT signature, but the node list is incomplete, so edgelens cannot confirm they are nodes.`,
      };
    case 'unknown':
      return { label: 'No client address to judge', tone: 'unknown', sentence: report.explanation ?? 'The log has no entry with an IP client address.' };
  }
}

export const ROUTER_TONE: Record<RouterReport['verdict'], 'error' | 'warning' | 'ok' | 'info'> = {
  snat: 'error',
  mixed: 'warning',
  preserved: 'ok',
  forwarded: 'info',
  'suspect-snat': 'warning',
  unknown: 'info',
};

export const CROWDSEC_TONE: Record<CrowdsecReport['verdict'], { tone: 'error' | 'warning' | 'ok' | 'unknown'; label: string }> = {
  ok: { tone: 'ok', label: 'OK' },
  blind: { tone: 'warning', label: 'Blind' },
  dangerous: { tone: 'error', label: 'Dangerous' },
  unreachable: { tone: 'error', label: 'Unreachable' },
  'auth-failed': { tone: 'error', label: 'Key rejected' },
  'not-configured': { tone: 'unknown', label: 'Not configured' },
};

/** "immich@kubernetes" and its entrypoint as one stable key. */
export function routerKey(r: Pick<RouterReport, 'router' | 'entryPoint'>): string {
  return `${r.router}\u0000${r.entryPoint ?? ''}`;
}

/** Which classes occur at all in the series (only those get an area and a legend entry). */
export function seriesClasses(series: ReadonlyArray<Record<string, number | string>>): AddressClass[] {
  return CLASS_ORDER.filter((c) => series.some((p) => typeof p[c] === 'number' && (p[c] as number) > 0));
}
