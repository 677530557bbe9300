// One read of a cluster: every kind edgelens uses, across all namespaces, in
// parallel, under one deadline. A kind that cannot be read (RBAC, missing CRD,
// unreachable server) becomes a Gap in the snapshot; it never throws.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterSnapshot, Gap } from '../../lib/model/cluster';
import { KINDS, kubeObjectSchema, type KindInfo, type KindName, type KubeObject } from '../../lib/model/kube';
import { statusMessage, transportGap } from './errors';
import { listPath, rawGet } from './raw-request';
import { redactPluginSecrets } from './redact-plugin-secrets';

export interface ReadClusterOptions {
  /** Kinds to read (default: all of KINDS). */
  kinds?: KindName[];
  /** Aborting it makes readCluster reject with the signal's reason (the caller asked to stop). */
  signal?: AbortSignal;
  /** Deadline for the whole read (default 15 s); kinds not done by then become `unreachable` gaps. */
  timeoutMs?: number;
  source?: 'kube' | 'lab';
  /** Items per list request (`limit`); further pages follow `continue` (default 500, like kubectl). */
  pageSize?: number;
}

const CRD_HINTS: Partial<Record<KindName, string>> = {
  ServiceL2Status: 'MetalLB CRDs not installed or older than v0.14.6',
  L2Advertisement: 'MetalLB CRDs not installed',
  IPAddressPool: 'MetalLB CRDs not installed',
  Middleware: 'Traefik CRDs of this API group not installed (traefik.io since Traefik 2.10, traefik.containo.us before)',
  CiliumL2AnnouncementPolicy: 'Cilium L2 announcements not installed (only needed where Cilium announces LoadBalancer IPs)',
  CiliumLoadBalancerIPPool: 'Cilium LB-IPAM CRDs not installed (only needed where Cilium allocates LoadBalancer IPs)',
};

/** Groups served only when an implementation's CRDs are installed: asked through discovery before listing. */
function isCrdGroup(group: string): boolean {
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/**
 * Discovery for the CRD groups: GET /apis/{group}/{version}. A group the server does not serve
 * (404) is a gap for each of its kinds, without listing them; any other answer lets the list decide.
 */
async function servedGroups(kc: KubeConfig, kinds: readonly KindInfo[], signal: AbortSignal): Promise<Set<string>> {
  const wanted = [...new Set(kinds.filter((k) => isCrdGroup(k.group)).map((k) => `${k.group}/${k.version}`))];
  const absent = new Set<string>();
  await Promise.all(
    wanted.map(async (gv) => {
      try {
        const { status } = await rawGet(kc, `/apis/${gv}`, signal);
        if (status === 404) absent.add(gv);
      } catch {
        // Transport failures show up again, with detail, when the kind is listed.
      }
    }),
  );
  return absent;
}

function apiVersionOf(k: KindInfo): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** The RBAC rule that would allow reading `k`, in the shape of a ClusterRole rule. */
export function rbacRuleFor(k: Pick<KindInfo, 'group' | 'plural'>): string {
  return `apiGroups: ["${k.group}"], resources: ["${k.plural}"], verbs: ["list","watch"]`;
}

function httpGap(k: KindInfo, status: number, text: string): Gap {
  const message = statusMessage(text);
  const resource = `${k.plural}${k.group ? `.${k.group}` : ''}/${k.version}`;
  switch (status) {
    case 403:
      return { kind: k.kind, reason: 'forbidden', detail: message || `listing ${resource} is forbidden`, rbac: rbacRuleFor(k) };
    case 404: {
      const hint = CRD_HINTS[k.kind] ?? 'resource not served by this API server';
      return { kind: k.kind, reason: 'not-found', detail: `${hint} (${resource} not found${message ? `: ${message}` : ''})` };
    }
    case 401:
      return { kind: k.kind, reason: 'error', detail: `unauthorized (401): the API server rejected the credentials: ${message}` };
    default:
      return { kind: k.kind, reason: 'error', detail: `listing ${resource} failed with HTTP ${status}: ${message}` };
  }
}

interface KindResult {
  objects: KubeObject[];
  gaps: Gap[];
}

function itemsOf(body: unknown): { items: unknown[]; continueToken?: string } | null {
  if (typeof body !== 'object' || body === null || !('items' in body)) return null;
  const items = body.items === null ? [] : body.items;
  if (!Array.isArray(items)) return null;
  let continueToken: string | undefined;
  if ('metadata' in body && typeof body.metadata === 'object' && body.metadata !== null && 'continue' in body.metadata) {
    const c = body.metadata.continue;
    if (typeof c === 'string' && c !== '') continueToken = c;
  }
  return { items, continueToken };
}

async function readKind(kc: KubeConfig, k: KindInfo, signal: AbortSignal, pageSize: number, timeout: { signal: AbortSignal; ms: number }): Promise<KindResult> {
  const server = kc.getCurrentCluster()?.server ?? 'the API server';
  const objects: KubeObject[] = [];
  const invalid: string[] = [];
  let continueToken: string | undefined;
  do {
    const q = new URLSearchParams({ limit: String(pageSize) });
    if (continueToken) q.set('continue', continueToken);
    let status: number;
    let text: string;
    try {
      ({ status, text } = await rawGet(kc, `${listPath(k)}?${q}`, signal));
    } catch (err) {
      return { objects: [], gaps: [transportGap(k.kind, err, server, timeout.signal.aborted ? { ms: timeout.ms } : null)] };
    }
    if (status !== 200) return { objects: [], gaps: [httpGap(k, status, text)] };
    let page: ReturnType<typeof itemsOf>;
    try {
      page = itemsOf(JSON.parse(text));
    } catch (cause) {
      return { objects: [], gaps: [{ kind: k.kind, reason: 'invalid', detail: `the list of ${k.plural} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}` }] };
    }
    if (!page) return { objects: [], gaps: [{ kind: k.kind, reason: 'invalid', detail: `the list of ${k.plural} has no items array` }] };
    for (const item of page.items) {
      // The API server omits kind/apiVersion on items of built-in lists; kubectl -o yaml shows them.
      const withType = typeof item === 'object' && item !== null ? { apiVersion: apiVersionOf(k), kind: k.kind, ...item } : item;
      const parsed = kubeObjectSchema.safeParse(withType);
      if (parsed.success) objects.push(redactPluginSecrets(parsed.data));
      else invalid.push(parsed.error.issues[0]?.message ?? 'invalid object');
    }
    continueToken = page.continueToken;
  } while (continueToken);
  const gaps: Gap[] = invalid.length
    ? [{ kind: k.kind, reason: 'invalid', detail: `${invalid.length} ${k.plural} skipped: not valid Kubernetes objects (${invalid[0]})` }]
    : [];
  return { objects, gaps };
}

export async function readCluster(kc: KubeConfig, opts: ReadClusterOptions = {}): Promise<ClusterSnapshot> {
  const kinds = KINDS.filter((k) => !opts.kinds || opts.kinds.includes(k.kind));
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeoutSignal]) : timeoutSignal;
  const absent = await servedGroups(kc, kinds, signal);
  const results = await Promise.all(
    kinds.map((k) =>
      absent.has(`${k.group}/${k.version}`)
        ? Promise.resolve<KindResult>({ objects: [], gaps: [httpGap(k, 404, '')] })
        : readKind(kc, k, signal, opts.pageSize ?? 500, { signal: timeoutSignal, ms: timeoutMs }),
    ),
  );
  if (opts.signal?.aborted) throw opts.signal.reason;
  return {
    source: opts.source ?? 'kube',
    objects: results.flatMap((r) => r.objects),
    gaps: results.flatMap((r) => r.gaps),
    kindsRead: kinds.map((k) => k.kind),
  };
}
