// What CrowdSec can see of each request, computed the way CrowdSec computes it
// (not by address class): take the source address its `crowdsecurity/traefik-logs`
// parser takes, and run it through the `crowdsecurity/whitelists` parser.
//
// Sources (crowdsecurity/hub, git history; crowdsecurity/crowdsec pkg/parser/whitelist.go,
// pkg/leakybucket/overflows.go):
//  * JSON, hub since 2026-01-29 (10459f92c): `TrimSpace(Split(ClientHost, ',')[-1])`.
//  * JSON, hub 2023-07-19 … 2026-01-29: `ClientHost` verbatim; an X-Forwarded-For list is
//    then no IP: the whitelist cannot match it (netip.ParseAddr fails) and every overflow
//    fails with "isn't a valid ip" — no alert, no decision: `unusable`.
//  * JSON, hub before 2023-07-19 (CrowdSec 1.4, Debian 12): grok `%{IPORHOST}` over `ClientAddr`.
//  * CLF, every version: grok NGINXACCESS2 `%{IPORHOST:remote_addr} - …`, unanchored, so for a
//    list in the first field the first match starts at its last entry.
//  * Whitelist: ::1, 10/8, 172.16/12, 192.168/16 and 127.0.0.1 (127.0.0.0/8 since 2025-03-12, 9b12a716f).
//    netip.Prefix.Contains is false for an IPv4-mapped IPv6 address, so "::ffff:10.0.0.1" is kept.
//
// Counting is per accumulator row; the hot path reuses the accumulator's client id
// when the source is the whole ClientHost (the common case) and caches other sources by text.
import {
  CROWDSEC_BLIND_MAX_SHARE,
  CROWDSEC_MOSTLY_BLIND_MAX_SHARE,
  DEFAULT_CROWDSEC_HUB,
  type CrowdsecAssumption,
  type CrowdsecHub,
  type CrowdsecLogVisibility,
  type CrowdsecSight,
  type CrowdsecVisibility,
} from '../model/crowdsec-visibility';
import { CidrTable } from '../net/cidr';
import { CLASS_LB, CLASS_NODE, CLASS_POD, NET_ADDRESS_CLASSES } from '../net/classify';
import { extractHost, formatIp, parseIp, type ParseIpOptions } from '../net/ip';
import type { LineFields } from './fields';

export interface CrowdsecVisibilityOptions {
  /** The hub behaviour to assume; default hub-2026 (the current hub). */
  crowdsecHub?: CrowdsecHub;
  /**
   * The whitelist CrowdSec runs, as CIDRs or addresses; the word `default` stands for the
   * hub's own list (so `["default", "100.64.0.0/10"]` adds a range). Default: the hub's list.
   */
  crowdsecWhitelist?: readonly string[];
}

const COMMON_WHITELIST = ['::1', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/** The hub's crowdsecurity/whitelists, per version. */
export function hubWhitelist(hub: CrowdsecHub): string[] {
  const loopback = hub === 'hub-2026' || hub === 'hub-2025' ? '127.0.0.0/8' : '127.0.0.1';
  return [loopback, ...COMMON_WHITELIST];
}

const SOURCE_WORDS: Record<CrowdsecHub, string> = {
  'hub-2026': 'JSON: the last entry of ClientHost (an X-Forwarded-For list is read from its end); CLF: the first field',
  'hub-2025': 'JSON: ClientHost as logged (an X-Forwarded-For list is not an IP, so no alert can name it); CLF: the first field',
  'hub-2023': 'JSON: ClientHost as logged (an X-Forwarded-For list is not an IP, so no alert can name it); CLF: the first field',
  'hub-2021': 'JSON: the address in ClientAddr (the TCP peer); CLF: the first field',
};

/** Outcomes of one request. */
const OUT_VISIBLE = 0;
const OUT_WHITELISTED = 1;
const OUT_UNUSABLE = 2;
/** Visible, and the source is a node, pod or LB address. */
const OUT_INFRA = 3;

/** Infrastructure sources remembered per row for evidence. */
const MAX_ROW_INFRA = 64;
/** Distinct non-client sources (list entries, ClientAddr) whose outcome is cached. */
const MAX_TEXT_CACHE = 100_000;

/** CrowdSec parses with Go's netip: no zone tricks, no leading zeros, mapped addresses stay IPv6. */
const GO_NETIP: ParseIpOptions = { mapIPv4: false, zone: true, leadingZeros: false };

export interface CrowdsecTally {
  visible: number;
  whitelisted: number;
  unusable: number;
  infrastructure: number;
  /** Requests whose client came from X-Forwarded-For although the TCP peer (ClientAddr) is a node/pod/LB address. */
  forwardedViaInfra: number;
  /** canonical ip → [class index, requests] */
  infra: Map<string, [number, number]>;
}

export function newCrowdsecTally(): CrowdsecTally {
  return { visible: 0, whitelisted: 0, unusable: 0, infrastructure: 0, forwardedViaInfra: 0, infra: new Map() };
}

/** Plain-data form (crosses worker threads, merges by addition). */
export interface CrowdsecTallyState {
  visible: number;
  whitelisted: number;
  unusable: number;
  infrastructure: number;
  forwardedViaInfra?: number;
  infra: Array<[ip: string, cls: number, requests: number]>;
}

export function tallyState(t: CrowdsecTally): CrowdsecTallyState {
  return {
    visible: t.visible,
    whitelisted: t.whitelisted,
    unusable: t.unusable,
    infrastructure: t.infrastructure,
    forwardedViaInfra: t.forwardedViaInfra,
    infra: [...t.infra].map(([ip, [cls, n]]) => [ip, cls, n]),
  };
}

export function mergeTallyStates(a: CrowdsecTallyState | undefined, b: CrowdsecTallyState | undefined): CrowdsecTallyState | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const infra = new Map<string, [string, number, number]>();
  for (const [ip, cls, n] of [...a.infra, ...b.infra]) {
    const cur = infra.get(ip);
    if (cur) cur[2] += n;
    else infra.set(ip, [ip, cls, n]);
  }
  return {
    visible: a.visible + b.visible,
    whitelisted: a.whitelisted + b.whitelisted,
    unusable: a.unusable + b.unusable,
    infrastructure: a.infrastructure + b.infrastructure,
    forwardedViaInfra: (a.forwardedViaInfra ?? 0) + (b.forwardedViaInfra ?? 0),
    infra: [...infra.values()],
  };
}

/** The assumption a report states next to its tallies. */
export function crowdsecAssumption(opts: CrowdsecVisibilityOptions): CrowdsecAssumption {
  const hub = opts.crowdsecHub ?? DEFAULT_CROWDSEC_HUB;
  const configured = opts.crowdsecWhitelist !== undefined;
  const list = configured ? expandWhitelist(opts.crowdsecWhitelist ?? [], hub) : hubWhitelist(hub);
  return { hub, source: SOURCE_WORDS[hub], whitelist: list, whitelistFrom: configured ? 'configured' : 'hub-default' };
}

function expandWhitelist(entries: readonly string[], hub: CrowdsecHub): string[] {
  const out: string[] = [];
  for (const e of entries) {
    const t = e.trim();
    if (t === '') continue;
    if (t.toLowerCase() === 'default') out.push(...hubWhitelist(hub));
    else out.push(t);
  }
  return [...new Set(out)];
}

/** Entries of a configured whitelist that are neither `default` nor an address or CIDR (for a clear error). */
export function invalidWhitelistEntries(entries: readonly string[]): string[] {
  const probe = new CidrTable();
  return entries.map((e) => e.trim()).filter((e) => e !== '' && e.toLowerCase() !== 'default' && !probe.add(e));
}

/**
 * Counts, per request, what CrowdSec would do with it. One per accumulator; `classIndex`
 * is the accumulator's classifier (node/pod/LB/well-known), so classes agree with the logs report.
 */
export class CrowdsecVisibilityCounter {
  readonly hub: CrowdsecHub;
  private readonly table: CidrTable;
  private readonly classIndex: (ip: string) => number;
  /** Outcome per accumulator client id (+1; 0 = not computed yet). */
  private byClient = new Int8Array(1024);
  private readonly byText = new Map<string, number>();
  /** Canonical address of the last outcome computed, for infrastructure evidence. */
  private readonly canonical = new Map<string, [string, number]>();

  constructor(classIndex: (ip: string) => number, opts: CrowdsecVisibilityOptions = {}) {
    this.hub = opts.crowdsecHub ?? DEFAULT_CROWDSEC_HUB;
    this.table = new CidrTable(crowdsecAssumption(opts).whitelist);
    this.classIndex = classIndex;
  }

  /**
   * Counts one request into `t`. `cid` is the accumulator's id of the whole ClientHost
   * value when it is a single address (-1 otherwise); `json` says which parser applies.
   */
  count(t: CrowdsecTally, f: LineFields, cid: number, json: boolean): void {
    const src = f.src;
    let s = f.hostStart;
    let e = f.hostEnd;
    let viaClient = cid >= 0 && f.hostComma < 0;
    // X-Forwarded-For honoured from a node/pod/LB peer: behind SNAT every visitor is that peer, so anyone can set it.
    if (json && (f.hostComma >= 0 || f.xff)) {
      const peer = clientAddrBefore(src, f.hostStart);
      if (peer !== null && this.isInfra(src.toString('latin1', peer[0], peer[1]))) t.forwardedViaInfra++;
    }
    if (json && this.hub === 'hub-2021') {
      const peer = clientAddrBefore(src, f.hostStart);
      if (peer !== null) {
        [s, e] = peer;
        viaClient = false;
      }
    } else if (f.hostComma >= 0) {
      if (json && (this.hub === 'hub-2025' || this.hub === 'hub-2023')) {
        t.unusable++;
        return;
      }
      // The last entry of the list.
      let k = e - 1;
      while (k > s && src[k] !== 44) k--;
      s = k + 1;
    }
    while (s < e && src[s] === 32) s++;
    while (e > s && src[e - 1] === 32) e--;

    let out: number;
    let text: string | null = null;
    if (viaClient) {
      if (cid >= this.byClient.length) {
        const grown = new Int8Array(Math.max(this.byClient.length * 2, cid + 1));
        grown.set(this.byClient);
        this.byClient = grown;
      }
      out = this.byClient[cid]! - 1;
      if (out < 0) {
        text = src.toString('latin1', s, e);
        out = this.outcome(text);
        this.byClient[cid] = out + 1;
      }
    } else {
      text = src.toString('latin1', s, e);
      const cached = this.byText.get(text);
      if (cached === undefined) {
        out = this.outcome(text);
        if (this.byText.size < MAX_TEXT_CACHE) this.byText.set(text, out);
      } else {
        out = cached;
      }
    }
    switch (out) {
      case OUT_WHITELISTED:
        t.whitelisted++;
        return;
      case OUT_UNUSABLE:
        t.unusable++;
        return;
      case OUT_INFRA: {
        t.visible++;
        t.infrastructure++;
        const raw = text ?? src.toString('latin1', s, e);
        const c = this.canonical.get(raw);
        if (c === undefined) return;
        const cur = t.infra.get(c[0]);
        if (cur) cur[1]++;
        else if (t.infra.size < MAX_ROW_INFRA) t.infra.set(c[0], [c[1], 1]);
        return;
      }
      default:
        t.visible++;
    }
  }

  private isInfra(text: string): boolean {
    const cls = this.classIndex(extractHost(text));
    return cls === CLASS_NODE || cls === CLASS_POD || cls === CLASS_LB;
  }

  private outcome(text: string): number {
    const host = extractHost(text);
    const ip = parseIp(host, GO_NETIP);
    if (ip === null) return OUT_UNUSABLE;
    if (this.table.has(ip)) return OUT_WHITELISTED;
    const cls = this.classIndex(host);
    if (cls === CLASS_NODE || cls === CLASS_POD || cls === CLASS_LB) {
      if (this.canonical.size < MAX_TEXT_CACHE) this.canonical.set(text, [formatIp(ip), cls]);
      return OUT_INFRA;
    }
    return OUT_VISIBLE;
  }
}

/**
 * Traefik's JSON layout (logrus sorts keys) puts `"ClientAddr":"…",` right before
 * `"ClientHost":"`: the value's range, or null when the line is laid out otherwise.
 */
function clientAddrBefore(src: Buffer, hostStart: number): [number, number] | null {
  const keyHost = ',"ClientHost":"';
  let p = hostStart - keyHost.length;
  if (p < 1 || src.toString('latin1', p, hostStart) !== keyHost) return null;
  if (src[p - 1] !== 34) return null;
  const end = p - 1;
  p = end - 1;
  while (p >= 0 && src[p] !== 34) p--;
  const keyAddr = '"ClientAddr":"';
  if (p < keyAddr.length - 1 || src.toString('latin1', p - keyAddr.length + 1, p + 1) !== keyAddr) return null;
  return [p + 1, end];
}

function sightOf(share: number, requests: number): CrowdsecSight {
  if (requests === 0) return 'sees';
  if (share < CROWDSEC_BLIND_MAX_SHARE) return 'blind';
  if (share < CROWDSEC_MOSTLY_BLIND_MAX_SHARE) return 'mostly-blind';
  return 'sees';
}

/** The report form of a tally; `requests` is every parsed entry of the row. */
export function crowdsecVisibility(t: CrowdsecTallyState, requests: number): CrowdsecVisibility {
  const share = requests > 0 ? Math.round((t.visible / requests) * 10_000) / 10_000 : 0;
  const sources = [...t.infra]
    .sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 5)
    .map(([ip, cls, n]) => ({ ip, class: infraClass(cls), requests: n }));
  return {
    requests,
    visible: t.visible,
    whitelisted: t.whitelisted,
    unusable: t.unusable,
    infrastructure: t.infrastructure,
    ...((t.forwardedViaInfra ?? 0) > 0 ? { forwardedViaInfrastructure: t.forwardedViaInfra } : {}),
    share,
    sight: sightOf(t.visible / Math.max(requests, 1), requests),
    ...(sources.length > 0 ? { infrastructureSources: sources } : {}),
  };
}

function infraClass(cls: number): 'node' | 'pod' | 'lb' {
  const c = NET_ADDRESS_CLASSES[cls];
  return c === 'pod' || c === 'lb' ? c : 'node';
}

/** The whole log's visibility with the assumption stated. */
export function crowdsecLogVisibility(rows: ReadonlyArray<{ requests: number; crowdsec?: CrowdsecTallyState }>, assumed: CrowdsecAssumption): CrowdsecLogVisibility {
  let total: CrowdsecTallyState | undefined;
  let requests = 0;
  for (const r of rows) {
    total = mergeTallyStates(total, r.crowdsec);
    requests += r.requests;
  }
  const empty: CrowdsecTallyState = { visible: 0, whitelisted: 0, unusable: 0, infrastructure: 0, forwardedViaInfra: 0, infra: [] };
  return { ...crowdsecVisibility(total ?? empty, requests), assumed };
}
