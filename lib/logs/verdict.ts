// Verdicts: does the client IP survive the trip to Traefik?
//
// The signal is the share of requests whose source is a node or pod address
// (`snatRatio`): kube-proxy SNAT (externalTrafficPolicy: Cluster) rewrites
// every external client to the address of the node that received the packet
// (or the node's bridge address inside the pod range). Thresholds:
//   snat       snatRatio ≥ 80%  — practically every request is rewritten;
//   preserved  snatRatio ≤ 20%  — practically every request keeps a client address
//              (public, or a private address that is not a node/pod/LB: LAN and VPN clients);
//   mixed      in between       — some paths are SNATed, some are not;
//   forwarded  (routers/entrypoints only) more than 50% of requests took their
//              address from X-Forwarded-For: Traefik trusts a proxy in front of it,
//              and the class counts describe the addresses that proxy reported.
// The overall verdict is `unknown` when no entry with an IP client was parsed.
import { CLASS_NODE, CLASS_POD } from '../net/classify';
import { classBreakdown, fmtInt, fmtPct } from './text';

export const SNAT_MIN_RATIO = 0.8;
export const PRESERVED_MAX_RATIO = 0.2;
export const FORWARDED_MIN_SHARE = 0.5;

export type TrafficVerdict = 'snat' | 'preserved' | 'mixed' | 'forwarded';

export interface Traffic {
  requests: number;
  forwarded: number;
  unclassified: number;
  counts: readonly number[];
}

export interface Judgement {
  verdict: TrafficVerdict;
  /** (node + pod) / requests with an IP client; 0 when there are none. */
  snatRatio: number;
  explanation: string;
}

const CLIENT_CLASSES = [2, 3, 4, 5, 6, 7];

/** "node", "pod" or "node and pod", for the SNAT classes present. */
export function snatKinds(counts: readonly number[]): string {
  const node = (counts[CLASS_NODE] ?? 0) > 0;
  const pod = (counts[CLASS_POD] ?? 0) > 0;
  return node && pod ? 'node and pod' : pod ? 'pod' : 'node';
}

/**
 * Judges one scope ("on immich@kubernetes", "on entrypoint websecure", or "" for
 * the whole log). `allowForwarded` is false for the overall verdict, which the
 * contract limits to snat/preserved/mixed/unknown.
 */
export function judgeTraffic(t: Traffic, scope: string, allowForwarded = true): Judgement {
  const classified = t.requests - t.unclassified;
  const snat = (t.counts[CLASS_NODE] ?? 0) + (t.counts[CLASS_POD] ?? 0);
  const client = classified - snat;
  const snatRatio = classified > 0 ? snat / classified : 0;
  const on = scope ? ` ${scope}` : '';
  const total = `${fmtInt(t.requests)} requests${on}`;

  if (allowForwarded && t.requests > 0 && t.forwarded / t.requests > FORWARDED_MIN_SHARE) {
    const tail =
      classified > 0
        ? ` Of the reported addresses ${fmtPct(snatRatio)} are node or pod addresses (${classBreakdown(t.counts)}).`
        : '';
    return {
      verdict: 'forwarded',
      snatRatio,
      explanation:
        `forwarded: ${fmtInt(t.forwarded)} of ${total} (${fmtPct(t.forwarded / t.requests)}) took their client address from ` +
        `X-Forwarded-For (a list in ClientHost or a kept request_X-Forwarded-For header): Traefik trusts a proxy in front of it, ` +
        `so the address is the one that proxy reported, not the packet's source (more than ${fmtPct(FORWARDED_MIN_SHARE)} counts as forwarded).${tail}`,
    };
  }
  if (classified === 0) {
    return {
      verdict: 'mixed',
      snatRatio: 0,
      explanation: `mixed: none of the ${total} has a client address that is an IP address, so SNAT cannot be judged.`,
    };
  }
  if (snatRatio >= SNAT_MIN_RATIO) {
    return {
      verdict: 'snat',
      snatRatio,
      explanation:
        `snat: ${fmtPct(snatRatio)} of ${total} (${fmtInt(snat)}) came from ${snatKinds(t.counts)} addresses ` +
        `(${classBreakdown(t.counts, [CLASS_NODE, CLASS_POD])}) — the signature of kube-proxy SNAT (externalTrafficPolicy: Cluster): ` +
        `Traefik sees the node, not the visitor. ${fmtPct(SNAT_MIN_RATIO)} or more counts as snat.`,
    };
  }
  if (snatRatio <= PRESERVED_MAX_RATIO) {
    const from = snat > 0 ? `only ${fmtPct(snatRatio)} (${fmtInt(snat)}) came from node or pod addresses` : 'none came from node or pod addresses';
    return {
      verdict: 'preserved',
      snatRatio,
      explanation:
        `preserved: ${fmtInt(client)} of ${total} (${fmtPct(client / classified)}) came from client addresses ` +
        `(${classBreakdown(t.counts, CLIENT_CLASSES)}); ${from} — real client IPs reach Traefik ` +
        `(${fmtPct(PRESERVED_MAX_RATIO)} or less counts as preserved).`,
    };
  }
  return {
    verdict: 'mixed',
    snatRatio,
    explanation:
      `mixed: ${fmtPct(snatRatio)} of ${total} (${fmtInt(snat)}) came from node or pod addresses and ` +
      `${fmtPct(client / classified)} (${fmtInt(client)}) from client addresses (${classBreakdown(t.counts, CLIENT_CLASSES)}) — ` +
      `between the ${fmtPct(PRESERVED_MAX_RATIO)} (preserved) and ${fmtPct(SNAT_MIN_RATIO)} (snat) thresholds: some paths keep the client IP, some are SNATed.`,
  };
}
