// Recognizing what a Service port carries: HTTP(S) for the SNAT warning, QUIC
// (HTTP/3) for the UDP rules. Deliberately narrow: a WireGuard or TURN port
// must not be mistaken for a web port.
import type { Service, ServicePort } from '../model/kube';

const HTTP_PORTS = new Set([80, 443, 8080, 8443]);
const HTTP_NAMES = /^(?:https?|web|websecure|http2|h2c|grpc-web)$|^https?-|-https?$/i;
const HTTP_APP_PROTOCOLS = /^(?:https?|http2|h2c|kubernetes\.io\/(?:h2c|wss?))$/i;
/** app.kubernetes.io/name values of ingress controllers and HTTP proxies. */
const INGRESS_CONTROLLERS = new Set([
  'traefik',
  'ingress-nginx',
  'nginx-ingress',
  'haproxy-ingress',
  'kubernetes-ingress',
  'contour',
  'envoy',
  'envoy-gateway',
  'caddy-ingress-controller',
  'kong',
  'istio-ingressgateway',
]);

export interface HttpReason {
  port: string;
  reason: string;
}

/** Why the Service looks like HTTP(S): matching TCP ports, or an ingress-controller label. Empty when it does not. */
export function httpReasons(svc: Service): HttpReason[] {
  const out: HttpReason[] = [];
  for (const p of svc.spec.ports) {
    if (p.protocol !== 'TCP') continue;
    const label = `TCP/${p.port}`;
    if (p.appProtocol && HTTP_APP_PROTOCOLS.test(p.appProtocol)) out.push({ port: label, reason: `appProtocol ${p.appProtocol}` });
    else if (p.name && HTTP_NAMES.test(p.name)) out.push({ port: label, reason: `port name ${p.name}` });
    else if (HTTP_PORTS.has(p.port)) out.push({ port: label, reason: `HTTP(S) port ${p.port}` });
  }
  const labels = svc.metadata.labels ?? {};
  const app = labels['app.kubernetes.io/name'] ?? labels['app'];
  const tcp = svc.spec.ports.filter((p) => p.protocol === 'TCP');
  if (out.length === 0 && app && INGRESS_CONTROLLERS.has(app.toLowerCase()) && tcp.length > 0) {
    for (const p of tcp) out.push({ port: `TCP/${p.port}`, reason: `ingress controller (${app})` });
  }
  return out;
}

const QUIC_NAMES = /http3|(?:^|[-_])h3(?:$|[-_])|quic/i;

/** UDP ports that carry QUIC/HTTP/3: 443/8443, or named/appProtocol http3, h3, quic. */
export function quicPorts(svc: Service): ServicePort[] {
  return svc.spec.ports.filter((p) => {
    if (p.protocol !== 'UDP') return false;
    if (p.port === 443 || p.port === 8443) return true;
    const target = typeof p.targetPort === 'string' ? p.targetPort : '';
    return [p.name ?? '', p.appProtocol ?? '', target].some((s) => QUIC_NAMES.test(s));
  });
}

export function isQuicName(name: string | undefined): boolean {
  return name !== undefined && QUIC_NAMES.test(name);
}
