// Read-only kubectl commands that verify one object, one shell command each. Pure (tested).
// Names come from the cluster and the access log; anything that is not a valid Kubernetes (or
// Traefik) name gets no command at all, so nothing a log line says can reach a shell.

// Namespaces are DNS-1123 labels, Service names DNS-1035 labels (at most 63 characters).
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
// Traefik router names: provider.Normalize output (letters, digits, "-") plus "@provider"; ASCII only here.
const ROUTER = /^[A-Za-z0-9][A-Za-z0-9._-]*(@[a-z0-9-]+)?$/;
// A label selector as edgelens writes it (key=value pairs, comma-separated).
const SELECTOR = /^[A-Za-z0-9][A-Za-z0-9._/=,!-]*$/;

export const isNamespace = (s: string): boolean => s.length <= 63 && NAMESPACE.test(s);
export const isServiceName = (s: string): boolean => s.length <= 63 && SERVICE.test(s);

/** `kubectl -n NS get svc NAME -o wide`, or null for a name that is not a valid Service reference. */
export function serviceVerifyCommand(namespace: string, name: string): string | null {
  return isNamespace(namespace) && isServiceName(name) ? `kubectl -n ${namespace} get svc ${name} -o wide` : null;
}

// Pod names are DNS-1123 subdomains.
const POD = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Where a router's entries can be read again: the selector of the sample, else one of the pods edgelens read. */
export interface LogTarget {
  namespace: string;
  selector?: string;
  pod?: string;
  /** "pod traefik-7d9f (1 of 2 read)", "pods app.kubernetes.io/name=traefik". */
  what: string;
}

export function logTarget(report: { sampling?: { from: string; namespace?: string; selector?: string }; sources?: ReadonlyArray<{ namespace: string; pod: string; error?: string }> }): LogTarget | null {
  const s = report.sampling;
  if (!s || s.from !== 'pods') return null;
  if (s.namespace && s.selector && isNamespace(s.namespace) && SELECTOR.test(s.selector)) return { namespace: s.namespace, selector: s.selector, what: `pods ${s.selector}` };
  const read = (report.sources ?? []).filter((p) => !p.error);
  const first = read[0];
  if (!first || !isNamespace(first.namespace) || first.pod.length > 253 || !POD.test(first.pod)) return null;
  return { namespace: first.namespace, pod: first.pod, what: read.length > 1 ? `pod ${first.pod} (1 of ${read.length} read)` : `pod ${first.pod}` };
}

/** The router's latest entries in that Traefik log, or null for the no-router row or a name that is not safe in a shell. */
export function routerVerifyCommand(router: string, target: LogTarget | null): string | null {
  if (!target || router === '-' || router.length > 253 || !ROUTER.test(router)) return null;
  const from = target.selector ? `-l '${target.selector}'` : target.pod;
  if (!from) return null;
  return `kubectl -n ${target.namespace} logs ${from} --tail=2000 | grep -F '"RouterName":"${router}"' | tail -n 20`;
}
