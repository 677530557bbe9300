// Which pods write Traefik's access log? By default the pods behind the
// LoadBalancer Service(s) that look like Traefik; else the pods a configured
// label selector picks. Pure: Kubernetes objects (already listed) in, targets out.
import type { Gap } from '../../lib/model/cluster';
import type { KubeObject } from '../../lib/model/kube';
import { matchesSelector, parseSelector, selectorText, type Requirement } from './selector';

export interface PodTarget {
  namespace: string;
  name: string;
  /** The container to read (the one named traefik, else the first). */
  container?: string;
  node?: string;
}

export interface TargetSelection {
  pods: PodTarget[];
  /** How the pods were chosen, in words. */
  describe: string;
  /** Why nothing (or not everything) could be chosen. */
  problems: Gap[];
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : null);

const TRAEFIK_NAME_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app'];
/** Succeeded/Failed pods are finished replicas (evicted, old jobs), not part of the running Traefik. */
const FINISHED_PHASES = new Set(['Succeeded', 'Failed']);

function stringMap(v: unknown): Record<string, string> | null {
  const r = rec(v);
  if (!r) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(r)) if (typeof x === 'string') out[k] = x;
  return out;
}

function saysTraefik(map: Record<string, string> | null | undefined): boolean {
  return !!map && TRAEFIK_NAME_LABELS.some((k) => map[k]?.toLowerCase() === 'traefik');
}

/** A LoadBalancer Service named like Traefik, labelled as Traefik, or selecting pods labelled as Traefik. */
export function looksLikeTraefikService(svc: KubeObject): boolean {
  const spec = rec(svc.spec);
  if (svc.kind !== 'Service' || spec?.type !== 'LoadBalancer') return false;
  return /(^|-)traefik(-|$)/.test(svc.metadata.name) || saysTraefik(svc.metadata.labels) || saysTraefik(stringMap(spec.selector));
}

function containers(pod: KubeObject): string[] {
  const spec = rec(pod.spec);
  const list = Array.isArray(spec?.containers) ? spec.containers : [];
  return list.flatMap((c: unknown) => {
    const name = rec(c)?.name;
    return typeof name === 'string' ? [name] : [];
  });
}

function toTarget(pod: KubeObject): PodTarget {
  const names = containers(pod);
  const container = names.find((n) => n === 'traefik') ?? names[0];
  const node = rec(pod.spec)?.nodeName;
  return {
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    ...(container !== undefined ? { container } : {}),
    ...(typeof node === 'string' ? { node } : {}),
  };
}

function isLive(pod: KubeObject): boolean {
  const phase = rec(pod.status)?.phase;
  return !(typeof phase === 'string' && FINISHED_PHASES.has(phase));
}

const byName = (a: PodTarget, b: PodTarget): number =>
  a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1;

export interface FindTargetsOptions {
  selector?: string;
  namespace?: string;
  /** Gaps from the read that produced `objects` (a forbidden Pod list explains an empty result). */
  gaps?: readonly Gap[];
}

/** Throws SelectorSyntaxError for a bad `selector` (check it up front with parseSelector). */
export function findTraefikPods(objects: readonly KubeObject[], opts: FindTargetsOptions = {}): TargetSelection {
  const problems: Gap[] = [];
  const gapFor = (kind: string): Gap | undefined => opts.gaps?.find((g) => g.kind === kind);
  const podGap = gapFor('Pod');
  if (podGap) problems.push(podGap);
  const pods = objects.filter((o) => o.kind === 'Pod' && (opts.namespace === undefined || o.metadata.namespace === opts.namespace));
  const inNs = opts.namespace ? ` in namespace ${opts.namespace}` : '';

  if (opts.selector !== undefined && opts.selector.trim() !== '') {
    const reqs = parseSelector(opts.selector);
    const picked = pods.filter((p) => isLive(p) && matchesSelector(p.metadata.labels, reqs)).map(toTarget).sort(byName);
    if (picked.length === 0 && !podGap) {
      problems.push({ kind: 'Pod', reason: 'not-found', detail: `no running pod matches the label selector "${opts.selector}"${inNs}` });
    }
    return { pods: picked, describe: `pods matching "${opts.selector}"${inNs}`, problems };
  }

  const services = objects.filter((o) => looksLikeTraefikService(o) && (opts.namespace === undefined || o.metadata.namespace === opts.namespace));
  const chosen = new Map<string, PodTarget>();
  const used: string[] = [];
  for (const svc of services) {
    const selector = stringMap(rec(svc.spec)?.selector);
    if (!selector || Object.keys(selector).length === 0) continue;
    const reqs: Requirement[] = parseSelector(selectorText(selector));
    const ns = svc.metadata.namespace ?? 'default';
    used.push(`${ns}/${svc.metadata.name}`);
    for (const p of pods) {
      if ((p.metadata.namespace ?? 'default') !== ns || !isLive(p) || !matchesSelector(p.metadata.labels, reqs)) continue;
      const t = toTarget(p);
      chosen.set(`${t.namespace}/${t.name}`, t);
    }
  }
  if (used.length > 0) {
    const picked = [...chosen.values()].sort(byName);
    if (picked.length === 0 && !podGap) {
      problems.push({ kind: 'Pod', reason: 'not-found', detail: `no running pod is selected by the Traefik LoadBalancer Service${used.length === 1 ? '' : 's'} ${used.join(', ')}` });
    }
    return { pods: picked, describe: `pods of LoadBalancer Service${used.length === 1 ? '' : 's'} ${used.join(', ')}`, problems };
  }

  // No Traefik LoadBalancer (Traefik on hostPort/NodePort, or a Service edgelens does not recognise): the usual labels.
  const labelled = pods.filter((p) => isLive(p) && saysTraefik(p.metadata.labels)).map(toTarget).sort(byName);
  if (labelled.length === 0 && !podGap) {
    const svcGap = gapFor('Service');
    problems.push(
      svcGap ?? {
        kind: 'Service',
        reason: 'not-found',
        detail: `no LoadBalancer Service that looks like Traefik${inNs} and no pod labelled app.kubernetes.io/name=traefik: set the Traefik pods' label selector (--selector, EDGELENS_LOGS_SELECTOR)`,
      },
    );
  }
  return { pods: labelled, describe: `pods labelled app.kubernetes.io/name=traefik${inNs}`, problems };
}
