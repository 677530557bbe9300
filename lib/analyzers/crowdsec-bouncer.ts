// The Traefik CrowdSec bouncer plugin's trust settings against what the logs show.
//
// Plugin behaviour (maxlerebourg/crowdsec-bouncer-traefik-plugin, bouncer.go and pkg/ip/ip.go):
//  * The IP it judges: the custom header (forwardedHeadersCustomName, default X-Forwarded-For)
//    read right to left, the first entry NOT in forwardedHeadersTrustedIPs; without one,
//    the TCP peer (req.RemoteAddr). It never checks who sent the header.
//  * clientTrustedIPs: that IP, when inside, skips every check ("bypass").
//  * live mode asks GET /v1/decisions?ip=<ip>; stream mode pulls /v1/decisions/stream,
//    which the LAPI limits to scopes ip,range by default, and caches by decision value
//    (a Range "10.0.0.0/8" never equals a looked-up IP). Country/AS decisions are never enforced.
// Traefik strips X-Forwarded-* and X-Real-Ip from untrusted peers, nothing else.
import { BOUNCER_RULES } from '@/lib/model';
import type { AddressClass, BouncerPlugin, Finding, KubeObject } from '@/lib/model';
import { CidrTable } from '../net/cidr';
import { parseIp } from '../net/ip';

/** How edgelens's own LAPI key is recognised in a plugin config (raw, or as the probe's redacted fingerprint). */
export interface OwnKey {
  raw?: string;
  /** `redacted:sha256:<hex>`, as probes/kube writes secret plugin values. */
  redacted?: string;
}

type Config = Record<string, unknown>;

/** Plugin config keys are matched case-insensitively, as Traefik decodes them. */
function lowerKeys(o: Config): Map<string, unknown> {
  return new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

function isRecord(v: unknown): v is Config {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter(Boolean);
  if (typeof v === 'string') return v.split(',').map((x) => x.trim()).filter(Boolean);
  return [];
}

function bool(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/** A plugin config block is the CrowdSec bouncer when it carries crowdsec* settings. */
function isBouncer(cfg: Map<string, unknown>): boolean {
  return [...cfg.keys()].some((k) => k.startsWith('crowdsec'));
}

function pluginFrom(source: BouncerPlugin['source'], plugin: string, raw: Config, own: OwnKey): BouncerPlugin | null {
  const cfg = lowerKeys(raw);
  if (!isBouncer(cfg)) return null;
  const key = cfg.get('crowdseclapikey');
  const interval = Number(cfg.get('updateintervalseconds') ?? 60);
  return {
    source,
    plugin,
    enabled: bool(cfg.get('enabled')),
    mode: typeof cfg.get('crowdsecmode') === 'string' ? String(cfg.get('crowdsecmode')).toLowerCase() : 'live',
    clientTrustedIPs: list(cfg.get('clienttrustedips')),
    forwardedHeadersTrustedIPs: list(cfg.get('forwardedheaderstrustedips')),
    forwardedHeader: typeof cfg.get('forwardedheaderscustomname') === 'string' && String(cfg.get('forwardedheaderscustomname')).trim() !== '' ? String(cfg.get('forwardedheaderscustomname')).trim() : 'X-Forwarded-For',
    updateIntervalSeconds: Number.isFinite(interval) && interval > 0 ? interval : 60,
    sharesEdgelensKey: typeof key === 'string' && key !== '' && (key === own.raw || key === own.redacted),
  };
}

/** Bouncer plugins configured in Traefik Middleware objects (traefik.io or traefik.containo.us). */
export function bouncerPluginsFromObjects(objects: readonly KubeObject[], own: OwnKey = {}): BouncerPlugin[] {
  const out: BouncerPlugin[] = [];
  for (const o of objects) {
    if (o.kind !== 'Middleware' || !/^traefik\.(io|containo\.us)\//.test(o.apiVersion)) continue;
    const spec = (o as { spec?: unknown }).spec;
    const plugins = isRecord(spec) && isRecord(spec.plugin) ? spec.plugin : null;
    if (!plugins) continue;
    for (const [name, raw] of Object.entries(plugins)) {
      if (!isRecord(raw)) continue;
      const p = pluginFrom({ kind: 'Middleware', namespace: o.metadata.namespace, name: o.metadata.name, apiVersion: o.apiVersion }, name, raw, own);
      if (p) out.push(p);
    }
  }
  return out;
}

/** Bouncer plugins in a Traefik dynamic-configuration document (http.middlewares.<name>.plugin.<plugin>). */
export function bouncerPluginsFromDynamicConfig(doc: unknown, path: string, own: OwnKey = {}): BouncerPlugin[] {
  const mws = isRecord(doc) && isRecord(doc.http) && isRecord(doc.http.middlewares) ? doc.http.middlewares : null;
  if (!mws) return [];
  const out: BouncerPlugin[] = [];
  for (const [mw, def] of Object.entries(mws)) {
    if (!isRecord(def) || !isRecord(def.plugin)) continue;
    for (const [name, raw] of Object.entries(def.plugin)) {
      if (!isRecord(raw)) continue;
      const p = pluginFrom({ kind: 'file', name: `${path}#${mw}` }, name, raw, own);
      if (p) out.push(p);
    }
  }
  return out;
}

export interface BouncerFacts {
  /** The logs' overall verdict (snat: Traefik sees node/pod addresses). */
  logVerdict: 'snat' | 'preserved' | 'mixed' | 'unknown' | 'suspect-snat' | null;
  /** Requests whose client came from X-Forwarded-For / all parsed requests. */
  forwarded: number;
  requests: number;
  /** Requests whose X-Forwarded-For Traefik honoured although the peer was a node/pod/LB address. */
  forwardedViaInfra?: number;
  /** Node, pod and LB addresses the logs show as sources, with request counts. */
  infraSources: Array<{ ip: string; class: AddressClass; requests: number }>;
  /** Decisions by scope over all decisions (Ip, Range, Country, AS, …). */
  scopes: Record<string, number>;
  /** Per header name (lower case): entries that carried it, when the log keeps request headers; null when unknown. */
  headersSeen?: { entries: number; counts: Record<string, number> } | null;
}

const STRIPPED_BY_TRAEFIK = new Set(['x-forwarded-for', 'x-real-ip']);

function where(p: BouncerPlugin): string {
  return p.source.kind === 'Middleware' ? `Middleware ${p.source.namespace ?? ''}/${p.source.name}` : p.source.name;
}

function subject(p: BouncerPlugin): Finding['subjects'][number] {
  return p.source.kind === 'Middleware'
    ? { kind: 'Middleware', ...(p.source.namespace ? { namespace: p.source.namespace } : {}), name: p.source.name }
    : { kind: 'TraefikDynamicConfig', name: p.source.name };
}

function trustedBy(ranges: readonly string[], ip: string): string | null {
  const addr = parseIp(ip);
  if (!addr) return null;
  for (const r of ranges) if (new CidrTable([r]).has(addr)) return r;
  return null;
}

const KEEP_CLIENT_IP =
  'Make the visitor address reach Traefik (externalTrafficPolicy: Local, or the PROXY protocol via HAProxy — `edgelens haproxy`).';

export function checkBouncers(plugins: readonly BouncerPlugin[], f: BouncerFacts): Finding[] {
  const out: Finding[] = [];
  const active = plugins.filter((p) => p.enabled && p.mode !== 'none');
  const snat = f.logVerdict === 'snat' || f.logVerdict === 'suspect-snat';
  for (const p of active) {
    // 1. Trusted client ranges that contain the addresses SNATed visitors arrive as.
    const trusted = f.infraSources.flatMap((s) => {
      const r = trustedBy(p.clientTrustedIPs, s.ip);
      return r ? [{ ...s, range: r }] : [];
    });
    if (trusted.length > 0) {
      const ranges = [...new Set(trusted.map((t) => t.range))];
      const keep = p.clientTrustedIPs.filter((r) => !ranges.includes(r));
      out.push({
        rule: BOUNCER_RULES.trustsSnatSource,
        severity: snat ? 'error' : 'warning',
        subjects: [subject(p)],
        message: `${where(p)}: clientTrustedIPs ${ranges.join(', ')} contains ${trusted.map((t) => `${t.class} ${t.ip}`).join(', ')}, the address${trusted.length > 1 ? 'es' : ''} visitors arrive as: ${snat ? 'every visitor bypasses the bouncer' : 'visitors arriving through it bypass the bouncer'}.`,
        evidence: [
          ...trusted.map((t) => `${t.ip} (${t.class}) sent ${t.requests} requests in the sampled log and is inside clientTrustedIPs entry ${t.range}`),
          `the logs' verdict: ${f.logVerdict ?? 'unknown'}`,
          'the plugin skips every check for a client IP inside clientTrustedIPs (bouncer.go: isTrusted → next handler)',
        ],
        why: 'Behind SNAT the plugin sees the node, and a trusted node means nobody is ever checked: bans are never enforced.',
        fix: `Set clientTrustedIPs to ranges that contain no node, pod or load-balancer address: clientTrustedIPs: [${keep.join(', ')}] (list your LAN/VPN client ranges one by one). ${KEEP_CLIENT_IP}`,
      });
    } else if (snat && f.forwarded === 0 && f.infraSources.length > 0) {
      // 2. Not trusted, but judged as the node.
      const nodes = f.infraSources.slice(0, 5).map((s) => s.ip);
      out.push({
        rule: BOUNCER_RULES.judgesNode,
        severity: 'warning',
        subjects: [subject(p)],
        message: `${where(p)} judges every visitor as the node address (${nodes.join(', ')}): the logs show SNAT and no X-Forwarded-For, so the plugin falls back to the TCP peer.`,
        evidence: [
          `the logs' verdict: ${f.logVerdict ?? 'unknown'}; ${f.forwarded} of ${f.requests} requests carried X-Forwarded-For`,
          `forwardedHeadersTrustedIPs: ${p.forwardedHeadersTrustedIPs.join(', ') || '(none)'} — trusting the node there changes nothing: no header arrives to read`,
        ],
        why: 'A ban on a visitor never matches (the plugin looks up the node address), and a ban on the node blocks every visitor behind it.',
        fix: KEEP_CLIENT_IP,
      });
    }

    // 3. A header Traefik does not sanitise: any client chooses its own IP.
    if (!STRIPPED_BY_TRAEFIK.has(p.forwardedHeader.toLowerCase())) {
      out.push({
        rule: BOUNCER_RULES.headerSpoofable,
        severity: 'warning',
        subjects: [subject(p)],
        message: `${where(p)} reads the client IP from ${p.forwardedHeader}, a header Traefik passes through from any peer: a client can send it and pick the address the bouncer judges.`,
        evidence: [
          `forwardedHeadersCustomName: ${p.forwardedHeader}`,
          'the plugin takes the header\u2019s last entry outside forwardedHeadersTrustedIPs without checking which peer sent it (pkg/ip/ip.go GetRemoteIP)',
          'Traefik removes only X-Forwarded-* and X-Real-Ip from untrusted peers',
        ],
        why: 'A banned attacker adds the header with any other address and is let through.',
        fix: `Only use ${p.forwardedHeader} when every request reaches Traefik through the proxy that sets it (e.g. Cloudflare with the origin closed to everything else); otherwise remove forwardedHeadersCustomName (the default X-Forwarded-For is sanitised by entryPoints.<name>.forwardedHeaders.trustedIPs).`,
      });
    }

    // 3b. X-Forwarded-For honoured from node peers: behind SNAT every visitor is such a peer.
    if (STRIPPED_BY_TRAEFIK.has(p.forwardedHeader.toLowerCase()) && (f.forwardedViaInfra ?? 0) > 0) {
      out.push({
        rule: BOUNCER_RULES.headerSpoofable,
        severity: 'warning',
        subjects: [subject(p)],
        message: `${where(p)} reads ${p.forwardedHeader}, and Traefik passed it on from node addresses (${f.forwardedViaInfra} requests): behind SNAT every visitor arrives as a node, so any visitor can pick the address the bouncer judges.`,
        evidence: [
          `${f.forwardedViaInfra} requests took their client from X-Forwarded-For while ClientAddr (the TCP peer) was a node, pod or LB address`,
          'the plugin takes the header\u2019s last entry outside forwardedHeadersTrustedIPs without checking which peer sent it (pkg/ip/ip.go GetRemoteIP)',
        ],
        why: 'Trusting node addresses as proxies trusts everyone who is SNATed through them: a banned attacker sends X-Forwarded-For with another address.',
        fix: `Trust only the real proxy in front of Traefik (entryPoints.<name>.forwardedHeaders.trustedIPs: its address, not the node range), and keep the client IP without SNAT (externalTrafficPolicy: Local, or the PROXY protocol via HAProxy — \`edgelens haproxy\`).`,
      });
    }

    // 4. A custom header that never arrives.
    const h = f.headersSeen;
    if (h && h.entries > 0 && p.forwardedHeader.toLowerCase() !== 'x-forwarded-for' && (h.counts[p.forwardedHeader.toLowerCase()] ?? 0) === 0) {
      out.push({
        rule: BOUNCER_RULES.headerMissing,
        severity: 'warning',
        subjects: [subject(p)],
        message: `${where(p)} reads ${p.forwardedHeader}, but none of the ${h.entries} logged requests carried it: the plugin falls back to the TCP peer.`,
        evidence: [`request headers kept in the access log; ${p.forwardedHeader} in 0 of ${h.entries} entries`],
        why: 'The bouncer then judges whatever address Traefik sees, behind SNAT the node.',
        fix: `Check the header name the proxy in front really sets (case does not matter), or remove forwardedHeadersCustomName.`,
      });
    }

    // 5. Decisions the plugin can never enforce.
    const other = Object.entries(f.scopes).filter(([s]) => !['ip', 'range'].includes(s.toLowerCase()));
    const ranges = Object.entries(f.scopes).find(([s]) => s.toLowerCase() === 'range')?.[1] ?? 0;
    const stream = p.mode === 'stream' || p.mode === 'alone';
    if (other.length > 0 || (stream && ranges > 0)) {
      const what = [...other.map(([s, n]) => `${n} ${s}`), ...(stream && ranges > 0 ? [`${ranges} Range`] : [])].join(', ');
      out.push({
        rule: BOUNCER_RULES.scopeNotEnforced,
        severity: 'warning',
        subjects: [subject(p)],
        message: `${where(p)} (${p.mode} mode) never enforces ${what} decision${other.length + ranges > 1 ? 's' : ''}.`,
        evidence: [
          `decisions by scope: ${Object.entries(f.scopes).map(([s, n]) => `${s} ${n}`).join(', ')}`,
          stream
            ? 'stream mode pulls /v1/decisions/stream, which the LAPI limits to scopes ip,range, and caches decisions by value: a Range never equals the visitor\u2019s IP'
            : 'live mode asks GET /v1/decisions?ip=<visitor>, which matches Ip and Range decisions only',
        ],
        why: 'These bans look active in cscli but do not block anyone at Traefik.',
        fix: stream && ranges > 0 && other.length === 0 ? 'Use crowdsecMode: live (it asks per IP and the LAPI matches ranges), or add the addresses as Ip decisions.' : 'Enforce Country/AS decisions in a bouncer that supports those scopes, or express them as Range decisions (and use live mode for ranges).',
      });
    }

    // 6. edgelens polls with this bouncer's own key.
    if (p.sharesEdgelensKey) {
      out.push({
        rule: BOUNCER_RULES.sharedKey,
        severity: 'warning',
        subjects: [subject(p)],
        message: `edgelens polls the LAPI with the same key as ${where(p)} (${p.mode} mode).`,
        evidence: ['the configured EDGELENS_CROWDSEC_KEY equals this plugin\u2019s crowdsecLapiKey (compared without showing either)'],
        why:
          p.mode === 'stream'
            ? 'Every GET /v1/decisions moves the bouncer\u2019s LastPull; the plugin\u2019s next stream delta starts there and misses the bans made in between. It also overwrites the bouncer\u2019s Type/Version.'
            : 'Polling overwrites the bouncer\u2019s Type/Version and LastPull in cscli bouncers list, and from another IP registers a duplicate "name@IP" bouncer.',
        fix: 'Give edgelens its own key: cscli bouncers add edgelens, and put it in EDGELENS_CROWDSEC_KEY(_FILE).',
      });
    }
  }
  return out;
}
