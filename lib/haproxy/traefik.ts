// The Traefik half of the fix: entryPoints.<ep>.proxyProtocol.trustedIPs as static
// YAML, CLI flags and Helm values, plus the warnings that decide whether the fix
// works. Hand-written YAML: every value was validated as an IP/CIDR or a strict
// name, and hand-writing keeps the output byte-stable.
import type { NormalizedInput } from './validate';

/** Written where HAProxy's source address is unknown; obviously not an address. */
export const TRUST_PLACEHOLDER = 'HAPROXY_SOURCE_IP';

export interface TraefikSnippets {
  static: string;
  cli: string[];
  helmValues: string;
  helmValuesLegacy: string;
}

const YAML_RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A mapping key: bare when plainly a string, else double-quoted (names are validated, so JSON quoting is exact). */
function yamlKey(k: string): string {
  return /^[A-Za-z][A-Za-z0-9_-]*$/.test(k) && !YAML_RESERVED.test(k) ? k : JSON.stringify(k);
}

function yamlList(items: readonly string[], indent: string): string {
  return items.map((i) => `${indent}- "${i}"`).join('\n');
}

export function traefikSnippets(entryPoints: readonly string[], trustedIPs: readonly string[], header: string): TraefikSnippets {
  const ips = trustedIPs.length > 0 ? trustedIPs : [TRUST_PLACEHOLDER];
  const staticYaml = [
    `# ${header}`,
    '# Traefik static configuration (traefik.yml): merge into your existing entryPoints,',
    '# keeping their address. Only these addresses may set the client IP with a PROXY header.',
    'entryPoints:',
    ...entryPoints.flatMap((ep) => [`  ${yamlKey(ep)}:`, '    proxyProtocol:', '      trustedIPs:', yamlList(ips, '        ')]),
    '',
  ].join('\n');
  const cli = entryPoints.map((ep) => `--entryPoints.${ep}.proxyProtocol.trustedIPs=${ips.join(',')}`);
  const helmValues = [
    `# ${header}`,
    '# Helm values for the traefik/traefik chart (ports.<entryPoint>.proxyProtocol).',
    'ports:',
    ...entryPoints.flatMap((ep) => [`  ${yamlKey(ep)}:`, '    proxyProtocol:', '      trustedIPs:', yamlList(ips, '        ')]),
    '',
  ].join('\n');
  const helmValuesLegacy = [
    `# ${header}`,
    '# Helm values for any traefik/traefik chart version, as plain arguments. Use these with',
    '# older charts, some of which only render ports.<ep>.proxyProtocol for ports with TLS',
    '# enabled (traefik-helm-chart#867). Append to any additionalArguments you already set.',
    'additionalArguments:',
    yamlList(cli, '  '),
    '',
  ].join('\n');
  return { static: staticYaml, cli, helmValues, helmValuesLegacy };
}

/** The traps that make a correct HAProxy + Traefik pair still show the wrong client IP. */
/** The in-cluster (hairpin) warning, worded by the Service's observed ipMode (KEP-1860). */
function hairpinWarning(ipMode: NormalizedInput['ipMode']): string {
  if (ipMode === 'Proxy') {
    return "The Service's load-balancer ingress has ipMode: Proxy (KEP-1860): kube-proxy does not short-circuit its IP, so in-cluster clients that use it go out to the load balancer; if HAProxy holds that IP they come through HAProxy with a PROXY header like external clients.";
  }
  const observed = ipMode === 'VIP' ? 'the Service reports ipMode: VIP' : 'MetalLB leaves ipMode=VIP';
  return `In-cluster clients that connect to the LoadBalancer IP never reach HAProxy: ${observed}, so kube-proxy short-circuits them to Traefik directly (hairpin). They arrive without a PROXY header and Traefik logs their pod or node address; that is expected. Point in-cluster clients at HAProxy (or the Service name) if their address matters.`;
}

export function traefikWarnings(input: NormalizedInput): string[] {
  const w: string[] = [];
  if (input.listeners.some((l) => l.receiver === 'traefik')) {
    w.push(
      hairpinWarning(input.ipMode),
      "HTTP/3 (QUIC over UDP) cannot carry a PROXY header and this config forwards TCP only. If Traefik advertises h3 (alt-svc), browsers switch to UDP straight to the LoadBalancer IP and those requests show a node address again: keep UDP/443 on an externalTrafficPolicy: Local Service, or disable http3 on the entry point.",
      'Never set proxyProtocol.insecure: true. It trusts a PROXY header from any peer, so anyone who can reach Traefik can spoof any client IP (and dodge or frame CrowdSec decisions). Trust exactly HAProxy\'s address(es).',
    );
  }
  if (input.mode === 'pod') {
    const what = input.listeners.every((l) => l.receiver === 'traefik') ? 'Traefik pod IPs' : 'pod IPs';
    w.push(
      `Backends are ${what}: HAProxy must have a route into the pod network, and the list goes stale when the pods are rescheduled. Regenerate after rollouts, or use nodeport mode with externalTrafficPolicy: Local.`,
    );
  }
  if (input.mode === 'nodeport') {
    w.push(
      input.listeners.every((l) => l.healthCheck)
        ? "Backends are node IP:NodePort, listed only where a ready endpoint runs, and each is health-checked on the Service's healthCheckNodePort: kube-proxy answers 200 there while the node has a ready local endpoint and 503 once it has none, so a node that loses its pod leaves the rotation within a few checks. Regenerate when pods move to nodes that are not listed."
        : "Backends are node IP:NodePort: unless the Service uses externalTrafficPolicy: Local, kube-proxy SNATs HAProxy's connection to a node address, the receiver sees that node as the peer and ignores the PROXY header. With Local, nodes without a pod fail HAProxy's health check and are taken out of rotation; that is expected.",
    );
  }
  if (input.proxy === 'v1' && input.listeners.some((l) => l.receiver === 'traefik')) {
    w.push('PROXY v1 selected: Traefik auto-detects v1 and v2, but v2 is the binary, unambiguous form. Use v1 only for a receiver that cannot parse v2.');
  }
  return w;
}
