// A Traefik access log's ServiceName → the Kubernetes Service it names, when the cluster report
// knows that Service. Pure (tested).
//
// How Traefik names services (traefik/traefik, read at master fd5a576):
//  * Ingress provider (@kubernetes), pkg/provider/kubernetes/ingress/kubernetes.go:
//      provider.Normalize(ingress.Namespace + "-" + backend.Service.Name + "-" + portString(port))
//    with portString = the port's name, else its number: always NAMESPACE-NAME-PORT.
//  * IngressRoute provider (@kubernetescrd), pkg/provider/kubernetes/crd/kubernetes_http.go
//    fullServiceName: Normalize("%s-%s-%s", namespace, name, port) when the route sets a port,
//    else Normalize("%s-%s", namespace, name). A route with several services gets a weighted
//    service named after the route (Normalize(namespace-routeKey)), which names no Service.
//  * provider.Normalize (pkg/provider/configuration.go) joins runs of letters and digits with "-";
//    Kubernetes names are already in that alphabet, so it leaves them unchanged.
// The split is ambiguous by nature ("a-b-c-80" is a/b-c:80 or a-b/c:80), so a name is matched only
// against Services the report lists, and only when exactly one of them fits.

export interface KnownService {
  namespace: string;
  name: string;
  /** "TCP/443" style (lib/model lbServiceSchema.ports); a numeric port must be one of them. */
  ports: readonly string[];
}

export interface TraefikServiceRef {
  /** The part before "@": "mail-mailserver-smtp". */
  base: string;
  /** The provider after "@": "kubernetes", "kubernetescrd", "internal", "file", … */
  provider: string;
}

const PROVIDERS = new Set(['kubernetes', 'kubernetescrd']);
// IANA_SVC_NAME (Kubernetes port names): at most 15 of [a-z0-9-], a letter among them, no leading/trailing or double hyphen.
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

export function parseTraefikService(serviceName: string): TraefikServiceRef | null {
  const at = serviceName.lastIndexOf('@');
  if (at <= 0 || at === serviceName.length - 1) return null;
  return { base: serviceName.slice(0, at), provider: serviceName.slice(at + 1) };
}

function portFits(rest: string, svc: KnownService): boolean {
  if (/^[0-9]{1,5}$/.test(rest)) return svc.ports.length === 0 || svc.ports.some((p) => p.split('/').pop() === rest);
  return rest.length <= 15 && PORT_NAME.test(rest);
}

/** The one known Service this Traefik service name names, or null (unknown provider, no fit, or more than one fit). */
export function matchTraefikService<S extends KnownService>(serviceName: string, known: readonly S[]): S | null {
  const ref = parseTraefikService(serviceName);
  if (!ref || !PROVIDERS.has(ref.provider)) return null;
  const fits = known.filter((svc) => {
    const prefix = `${svc.namespace}-${svc.name}`;
    if (ref.base === prefix) return ref.provider === 'kubernetescrd'; // a route without a port (IngressRoute only)
    return ref.base.startsWith(`${prefix}-`) && portFits(ref.base.slice(prefix.length + 1), svc);
  });
  return fits.length === 1 ? (fits[0] ?? null) : null;
}
