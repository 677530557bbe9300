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

/**
 * The router's latest entries in the Traefik pods' logs edgelens read (namespace and selector of
 * the sample), or null when the sample did not come from pods or a name is not safe to use.
 */
export function routerVerifyCommand(router: string, pods: { namespace?: string; selector?: string } | undefined): string | null {
  if (!pods?.namespace || !pods.selector || router === '-' || router.length > 253) return null;
  if (!isNamespace(pods.namespace) || !SELECTOR.test(pods.selector) || !ROUTER.test(router)) return null;
  return `kubectl -n ${pods.namespace} logs -l '${pods.selector}' --tail=2000 | grep -F '"RouterName":"${router}"' | tail -n 20`;
}
