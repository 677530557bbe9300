// Verdicts: does the client IP survive the trip to Traefik?
//
// Each request is judged on one address (accumulator.ts): the TCP peer (ClientAddr), or — when
// a proxy hop that may be trusted (a pod such as cloudflared, a proxy on the LAN) forwarded it
// with X-Forwarded-For — the client that hop reported. CLF carries only ClientHost, which is
// then the judged address. The signal is the share of judged addresses that are node or pod
// addresses (`snatRatio`): kube-proxy SNAT (externalTrafficPolicy: Cluster) rewrites every
// external client to the address of the node that received the packet. Thresholds:
//   snat          snatRatio ≥ 80%  — practically every request is rewritten;
//   forwarded     (routers/entrypoints) more than 50% of requests came through a proxy hop with
//                 X-Forwarded-For: the class counts describe the clients that hop reported;
//   suspect-snat  node identity is incomplete (no node list, or only --node-ip flags) and a few
//                 private addresses carry 80% or more of the requests: the SNAT signature, but
//                 edgelens cannot tell whether those addresses are nodes. Never an all-clear;
//   preserved     snatRatio ≤ 20%  — the requests come from client addresses that are shown not
//                 to be nodes, pods or LB IPs;
//   mixed         in between;
//   unknown       no request with an IP address to judge.
import { CLASS_CGNAT, CLASS_NODE, CLASS_POD, CLASS_PRIVATE } from '../net/classify';
import type { ClientCount } from './state';
import { classBreakdown, fmtInt, fmtPct, plural } from './text';

export const SNAT_MIN_RATIO = 0.8;
export const PRESERVED_MAX_RATIO = 0.2;
export const FORWARDED_MIN_SHARE = 0.5;
/** At most this many addresses make "a few" for the suspected-SNAT signature (clusters rarely have more nodes). */
export const SUSPECT_MAX_SOURCES = 10;

export type TrafficVerdict = 'snat' | 'preserved' | 'mixed' | 'forwarded' | 'suspect-snat' | 'unknown';

/** Where node addresses came from: the cluster (API), a snapshot, --node-ip flags only, or nowhere. */
export type NodeSource = 'cluster' | 'snapshot' | 'flags' | 'none';

export interface Traffic {
  requests: number;
  forwarded: number;
  /** Forwarded through a hop that may be trusted (the judged address is the client it reported). */
  forwardedTrusted: number;
  unclassified: number;
  counts: readonly number[];
  /** Judged node/pod/LB/private/CGNAT addresses with their requests (for the suspected-SNAT signature). */
  sources?: readonly ClientCount[];
}

export interface Judgement {
  verdict: TrafficVerdict;
  /** (node + pod) / requests with an IP address; 0 when there are none. */
  snatRatio: number;
  explanation: string;
  /** suspect-snat: the few private addresses that carry the traffic. */
  suspects?: ClientCount[];
}

export interface JudgeOptions {
  /** False for the overall verdict, which the contract limits to snat/preserved/mixed/suspect-snat/unknown. */
  allowForwarded?: boolean;
  /** Is every node address known (cluster or snapshot)? Without it, few private sources are suspect. */
  nodesComplete: boolean;
}

/** "node", "pod" or "node and pod", for the SNAT classes present. */
export function snatKinds(counts: readonly number[]): string {
  const node = (counts[CLASS_NODE] ?? 0) > 0;
  const pod = (counts[CLASS_POD] ?? 0) > 0;
  return node && pod ? 'node and pod' : pod ? 'pod' : 'node';
}

const CLIENT_CLASSES = [2, 3, 4, 5, 6, 7, 8];

/**
 * The few addresses that carry most of the traffic, when node identity is incomplete: known
 * node/pod addresses plus the top private/CGNAT ones (which may be unlisted nodes). Null when
 * they do not reach SNAT_MIN_RATIO of the classified requests.
 */
export function suspectSources(t: Traffic, classified: number): { share: number; suspects: ClientCount[] } | null {
  if (classified <= 0 || !t.sources) return null;
  const snat = (t.counts[CLASS_NODE] ?? 0) + (t.counts[CLASS_POD] ?? 0);
  const unknownPrivate = t.sources
    .filter(([, c]) => c === CLASS_PRIVATE || c === CLASS_CGNAT)
    .sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1));
  const room = Math.max(0, SUSPECT_MAX_SOURCES - t.sources.filter(([, c]) => c === CLASS_NODE || c === CLASS_POD).length);
  const top = unknownPrivate.slice(0, room);
  if (top.length === 0) return null;
  const share = (snat + top.reduce((n, [, , k]) => n + k, 0)) / classified;
  return share >= SNAT_MIN_RATIO ? { share, suspects: top } : null;
}

/**
 * Judges one scope ("on immich@kubernetes", "on entrypoint websecure", or "on 6 routers").
 * Every percentage is printed beside the two numbers it divides.
 */
export function judgeTraffic(t: Traffic, scope: string, opts: JudgeOptions): Judgement {
  const classified = t.requests - t.unclassified;
  const snat = (t.counts[CLASS_NODE] ?? 0) + (t.counts[CLASS_POD] ?? 0);
  const client = classified - snat;
  const snatRatio = classified > 0 ? snat / classified : 0;
  const on = scope ? ` ${scope}` : '';
  const judgedTotal = `${fmtInt(classified)} requests with an IP address${on}`;

  if (classified <= 0) {
    return {
      verdict: 'unknown',
      snatRatio: 0,
      explanation: `unknown: none of the ${plural(t.requests, 'request')}${on} has a client address that is an IP address, so SNAT cannot be judged.`,
    };
  }
  if (snatRatio >= SNAT_MIN_RATIO) {
    return {
      verdict: 'snat',
      snatRatio,
      explanation:
        `snat: ${fmtInt(snat)} of ${judgedTotal} (${fmtPct(snatRatio)}) came from ${snatKinds(t.counts)} addresses ` +
        `(${classBreakdown(t.counts, [CLASS_NODE, CLASS_POD])}) — the signature of kube-proxy SNAT (externalTrafficPolicy: Cluster): ` +
        `Traefik sees the node, not the visitor. ${fmtPct(SNAT_MIN_RATIO)} or more counts as snat.`,
    };
  }
  if (opts.allowForwarded !== false && t.requests > 0 && t.forwardedTrusted / t.requests > FORWARDED_MIN_SHARE) {
    return {
      verdict: 'forwarded',
      snatRatio,
      explanation:
        `forwarded: ${fmtInt(t.forwardedTrusted)} of ${plural(t.requests, 'request')}${on} (${fmtPct(t.forwardedTrusted / t.requests)}) came through a proxy ` +
        `with X-Forwarded-For that Traefik accepted: the addresses counted are the ones that proxy reported ` +
        `(${classBreakdown(t.counts)}), not the packets' sources (more than ${fmtPct(FORWARDED_MIN_SHARE)} counts as forwarded).`,
    };
  }
  if (!opts.nodesComplete) {
    const s = suspectSources(t, classified);
    if (s) {
      const carried = Math.round(s.share * classified);
      return {
        verdict: 'suspect-snat',
        snatRatio,
        suspects: s.suspects,
        explanation:
          `suspect-snat: ${fmtInt(carried)} of ${judgedTotal} (${fmtPct(s.share)}) came from a few addresses ` +
          `(${s.suspects.map(([ip, , n]) => `${ip} ${fmtInt(n)}`).join(', ')}${snat > 0 ? `; known node/pod ${fmtInt(snat)}` : ''}) — the signature of SNAT, ` +
          `but the node list is incomplete, so edgelens cannot tell whether these are nodes. Confirm with --snapshot (a kubectl List with the Nodes), ` +
          `--node-ip naming every node, or by letting edgelens read the cluster.`,
      };
    }
  }
  if (snatRatio <= PRESERVED_MAX_RATIO) {
    const from = snat > 0 ? `only ${fmtInt(snat)} (${fmtPct(snatRatio)}) came from node or pod addresses` : 'none came from node or pod addresses';
    return {
      verdict: 'preserved',
      snatRatio,
      explanation:
        `preserved: ${fmtInt(client)} of ${judgedTotal} (${fmtPct(client / classified)}) came from client addresses ` +
        `(${classBreakdown(t.counts, CLIENT_CLASSES)}); ${from} — real client IPs reach Traefik ` +
        `(${fmtPct(PRESERVED_MAX_RATIO)} or less counts as preserved).`,
    };
  }
  return {
    verdict: 'mixed',
    snatRatio,
    explanation:
      `mixed: ${fmtInt(snat)} of ${judgedTotal} (${fmtPct(snatRatio)}) came from node or pod addresses and ` +
      `${fmtInt(client)} (${fmtPct(client / classified)}) from client addresses (${classBreakdown(t.counts, CLIENT_CLASSES)}) — ` +
      `between the ${fmtPct(PRESERVED_MAX_RATIO)} (preserved) and ${fmtPct(SNAT_MIN_RATIO)} (snat) thresholds: some paths keep the client IP, some are SNATed.`,
  };
}
