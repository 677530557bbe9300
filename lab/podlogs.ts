// Deterministic pod logs for the lab. Traefik pods annotated
// `lab.edgelens.dev/access-log: snat|preserved` print Traefik v3 JSON access-log
// lines (the same bytes a real pod's stdout would carry, including the odd
// Traefik own-log line); other pods print a few plain lines. The same pod name
// and `now` always give the same log.
import type { KubeObject } from '../lib/model/kube';
import { mulberry32 } from './prng';

export const ACCESS_LOG_ANNOTATION = 'lab.edgelens.dev/access-log';
export type AccessLogMode = 'snat' | 'preserved';

export interface LogLine {
  /** When the kubelet would have written the line (used for sinceSeconds and timestamps=true). */
  time: Date;
  text: string;
}

export interface PodLogOptions {
  now: Date;
  /** InternalIP addresses of the scenario's nodes: the sources SNAT'd traffic arrives from. */
  nodeIPs: readonly string[];
  /** The announcing node's InternalIP: kube-proxy masquerades to it, so it dominates a SNAT log. */
  announcerIP?: string;
  container?: string;
  /** Lines in the log (default 600). */
  lines?: number;
  /** How far back the log reaches (default 30 minutes). */
  windowMs?: number;
}

export const DEFAULT_LOG_LINES = 600;
const DEFAULT_WINDOW_MS = 30 * 60_000;

// Public addresses only from the documentation ranges (RFC 5737).
const SNAT_DIRECT_CLIENTS = ['203.0.113.7', '198.51.100.23', '203.0.113.45'];
const LAN_CLIENTS = ['192.168.1.20', '192.168.1.23', '192.168.1.31', '192.168.1.42', '192.168.1.57', '192.168.1.64'];
const CGNAT_CLIENTS = ['100.64.12.34', '100.72.5.9'];

interface Route {
  router: string;
  host: string;
  service: string;
  backend: string;
  weight: number;
  paths: string[];
}

const ROUTES: Route[] = [
  {
    router: 'immich@kubernetes',
    host: 'photos.example.com',
    service: 'immich-immich-server-2283@kubernetes',
    backend: '10.42.2.31:2283',
    weight: 30,
    paths: ['/api/assets', '/api/server/ping', '/api/timeline/buckets', '/api/assets/7f3c2a9e/thumbnail', '/photos'],
  },
  {
    router: 'nextcloud@kubernetes',
    host: 'cloud.example.com',
    service: 'nextcloud-nextcloud-8080@kubernetes',
    backend: '10.42.3.17:80',
    weight: 22,
    paths: ['/remote.php/dav/files/alice/', '/ocs/v2.php/apps/notifications/api/v2/notifications', '/status.php', '/index.php/apps/files/'],
  },
  {
    router: 'vaultwarden@kubernetes',
    host: 'vault.example.com',
    service: 'vaultwarden-vaultwarden-80@kubernetes',
    backend: '10.42.1.52:80',
    weight: 12,
    paths: ['/api/sync', '/identity/connect/token', '/notifications/hub', '/alive'],
  },
  {
    router: 'grafana@kubernetes',
    host: 'grafana.example.com',
    service: 'monitoring-grafana-80@kubernetes',
    backend: '10.42.4.9:3000',
    weight: 10,
    paths: ['/api/ds/query', '/public/build/app.js', '/api/live/ws', '/login'],
  },
  {
    router: 'jellyfin@kubernetes',
    host: 'media.example.com',
    service: 'jellyfin-jellyfin-8096@kubernetes',
    backend: '10.42.5.12:8096',
    weight: 16,
    paths: ['/Videos/5a1c9e2d/stream', '/Items', '/Sessions/Playing/Progress', '/System/Info/Public'],
  },
  {
    // A LoadBalancer Service of the scenarios (headscale/headscale, port grpc) that Traefik also
    // routes to, so the Client IPs page has a router whose Service the cluster report knows.
    router: 'headscale@kubernetes',
    host: 'headscale.example.com',
    service: 'headscale-headscale-grpc@kubernetes',
    backend: '10.42.2.44:50443',
    weight: 10,
    paths: ['/headscale.v1.HeadscaleService/ListNodes', '/headscale.v1.HeadscaleService/ListUsers', '/headscale.v1.HeadscaleService/GetNode', '/headscale.v1.HeadscaleService/ListApiKeys'],
  },
];

/** FNV-1a: a small stable string hash for seeding. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

function weighted<T extends { weight: number }>(r: Rand, items: readonly T[]): T {
  const total = items.reduce((n, i) => n + i.weight, 0);
  let x = r() * total;
  for (const i of items) {
    x -= i.weight;
    if (x < 0) return i;
  }
  return items[items.length - 1] as T;
}

export function accessLogMode(pod: KubeObject): AccessLogMode | null {
  const v = pod.metadata.annotations?.[ACCESS_LOG_ANNOTATION];
  return v === 'snat' || v === 'preserved' ? v : null;
}

/** InternalIP addresses of every Node in `objects`, in object order. */
export function nodeInternalIPs(objects: readonly KubeObject[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    if (o.kind !== 'Node') continue;
    const status = o.status;
    if (typeof status !== 'object' || status === null || !('addresses' in status) || !Array.isArray(status.addresses)) continue;
    for (const a of status.addresses as unknown[]) {
      if (typeof a === 'object' && a !== null && 'type' in a && a.type === 'InternalIP' && 'address' in a && typeof a.address === 'string') {
        out.push(a.address);
      }
    }
  }
  return out;
}

/** Container names from the pod spec, in order. */
export function podContainers(pod: KubeObject): string[] {
  const spec = pod.spec;
  if (typeof spec !== 'object' || spec === null || !('containers' in spec) || !Array.isArray(spec.containers)) return [];
  return (spec.containers as unknown[]).flatMap((c) => (typeof c === 'object' && c !== null && 'name' in c && typeof c.name === 'string' ? [c.name] : []));
}

/** The container that writes the access log: one named traefik, else the first. */
function accessLogContainer(pod: KubeObject): string | undefined {
  const names = podContainers(pod);
  return names.find((n) => n === 'traefik') ?? names[0];
}

/** Go's time.RFC3339Nano: fractional seconds without trailing zeros. */
export function rfc3339Nano(d: Date): string {
  return d.toISOString().replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}
const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, 'Z');

interface Shape {
  mode: AccessLogMode;
  nodeIPs: readonly string[];
  primaryNode: string | undefined;
  publicPool: string[];
}

function shapeFor(pod: KubeObject, mode: AccessLogMode, nodeIPs: readonly string[], announcerIP: string | undefined): Shape {
  const r = mulberry32(hash(`shape:${pod.metadata.name}`));
  const ranges = ['203.0.113', '198.51.100', '192.0.2'];
  const publicPool = Array.from({ length: 20 }, () => `${pick(r, ranges)}.${int(r, 2, 254)}`);
  const fallback = nodeIPs.length ? pick(r, nodeIPs) : undefined;
  const primaryNode = announcerIP ?? fallback;
  return { mode, nodeIPs: nodeIPs.length ? nodeIPs : primaryNode ? [primaryNode] : [], primaryNode, publicPool };
}

function objField(o: unknown, key: string): unknown {
  return typeof o === 'object' && o !== null && key in o ? (o as Record<string, unknown>)[key] : undefined;
}

/**
 * The InternalIP of the node announcing the LB IP of a Service in `namespace`
 * (from a ServiceL2Status), if the scenario says: that is where SNAT happens.
 */
export function announcerInternalIP(objects: readonly KubeObject[], namespace: string | undefined): string | undefined {
  const status = objects.find((o) => o.kind === 'ServiceL2Status' && objField(objField(o, 'status'), 'serviceNamespace') === namespace);
  const node = objField(objField(status, 'status'), 'node');
  if (typeof node !== 'string') return undefined;
  const nodeObj = objects.find((o) => o.kind === 'Node' && o.metadata.name === node);
  return nodeObj ? nodeInternalIPs([nodeObj])[0] : undefined;
}

function clientIP(r: Rand, s: Shape): string {
  const x = r();
  if (s.mode === 'snat') {
    if (x < 0.97 && s.primaryNode) {
      // kube-proxy masquerades to the receiving node: mostly the announcer, sometimes another node.
      return r() < 0.85 ? s.primaryNode : pick(r, s.nodeIPs);
    }
    return pick(r, SNAT_DIRECT_CLIENTS);
  }
  if (x < 0.8) return s.publicPool[Math.floor(r() * r() * s.publicPool.length)] ?? '203.0.113.10';
  if (x < 0.97) return pick(r, LAN_CLIENTS);
  return pick(r, CGNAT_CLIENTS);
}

function accessLine(r: Rand, s: Shape, end: Date, requestCount: number): string {
  const route = weighted(r, ROUTES);
  const ip = clientIP(r, s);
  const port = int(r, 1024, 65535);
  const statusRoll = r();
  const method = statusRoll < 0.78 ? 'GET' : statusRoll < 0.95 ? 'POST' : statusRoll < 0.98 ? 'PUT' : 'DELETE';
  const status = ((): number => {
    const y = r();
    if (route.router.startsWith('jellyfin') && y < 0.3) return 206;
    if (y < 0.78) return 200;
    if (y < 0.86) return 304;
    if (y < 0.9) return 204;
    if (y < 0.93) return 401;
    if (y < 0.98) return 404;
    return 502;
  })();
  const size = status === 304 || status === 204 ? 0 : int(r, 120, 180_000);
  const originDuration = Math.round(Math.exp(r() * 7) * 1_000_000);
  const overhead = int(r, 40_000, 900_000);
  const duration = originDuration + overhead;
  const start = new Date(end.getTime() - Math.round(duration / 1_000_000));
  const proto = s.mode === 'preserved' && r() < 0.03 ? 'HTTP/3.0' : r() < 0.8 ? 'HTTP/2.0' : 'HTTP/1.1';
  const startStr = rfc3339Nano(start);
  // Keys in the order Traefik's JSON formatter writes them (sorted).
  const entry = {
    ClientAddr: `${ip}:${port}`,
    ClientHost: ip,
    ClientPort: String(port),
    ClientUsername: '-',
    DownstreamContentSize: size,
    DownstreamStatus: status,
    Duration: duration,
    OriginContentSize: size,
    OriginDuration: originDuration,
    OriginStatus: status,
    Overhead: overhead,
    RequestAddr: route.host,
    RequestContentSize: method === 'GET' ? 0 : int(r, 40, 4000),
    RequestCount: requestCount,
    RequestHost: route.host,
    RequestMethod: method,
    RequestPath: pick(r, route.paths),
    RequestPort: '-',
    RequestProtocol: proto,
    RequestScheme: 'https',
    RetryAttempts: 0,
    RouterName: route.router,
    ServiceAddr: route.backend,
    ServiceName: route.service,
    ServiceURL: `http://${route.backend}`,
    SpanId: '0000000000000000',
    StartLocal: startStr,
    StartUTC: startStr,
    TLSCipher: r() < 0.7 ? 'TLS_AES_128_GCM_SHA256' : 'TLS_CHACHA20_POLY1305_SHA256',
    TLSClientSubject: '',
    TLSVersion: '1.3',
    TraceId: '00000000000000000000000000000000',
    entryPointName: 'websecure',
    level: 'info',
    msg: '',
    time: rfc3339(end),
  };
  return JSON.stringify(entry);
}

/** Traefik's own log lines, interleaved on stdout with the access log. */
function ownLine(r: Rand, s: Shape, t: Date): string {
  const peer = s.mode === 'snat' && s.primaryNode ? s.primaryNode : pick(r, s.publicPool);
  const variants = [
    () => JSON.stringify({ level: 'error', msg: `Error while handling TCP connection: readfrom tcp 10.42.1.5:8443->${peer}:${int(r, 1024, 65535)}: read: connection reset by peer`, time: rfc3339(t) }),
    () => JSON.stringify({ level: 'warn', msg: 'A new release of Traefik has been found: 3.3.4. Please consider updating.', time: rfc3339(t) }),
    () => `${rfc3339(t)} ERR Error while Peeking first byte error="read tcp 10.42.1.5:8443->${peer}:${int(r, 1024, 65535)}: i/o timeout"`,
    () => JSON.stringify({ level: 'error', msg: `http: TLS handshake error from ${peer}:${int(r, 1024, 65535)}: EOF`, time: rfc3339(t) }),
  ];
  return pick(r, variants)();
}

function plainLines(pod: KubeObject, container: string | undefined, now: Date, windowMs: number): LogLine[] {
  const r = mulberry32(hash(`plain:${pod.metadata.name}:${container ?? ''}`));
  const n = int(r, 0, 4);
  const start = now.getTime() - windowMs;
  const texts = [
    `starting ${container ?? pod.metadata.name}`,
    'configuration loaded',
    'listening on :8080',
    'ready to accept connections',
    'health check ok',
  ];
  return texts.slice(0, n).map((text, i) => {
    const t = new Date(start + i * 1500 + int(r, 0, 999));
    return { time: t, text: `${rfc3339(t)} INFO ${text}` };
  });
}

/** The whole current log of one container of `pod`. */
export function generatePodLog(pod: KubeObject, opts: PodLogOptions): LogLine[] {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const mode = accessLogMode(pod);
  const target = accessLogContainer(pod);
  if (!mode || (opts.container !== undefined && target !== undefined && opts.container !== target)) {
    return plainLines(pod, opts.container ?? target, opts.now, windowMs);
  }
  const n = opts.lines ?? DEFAULT_LOG_LINES;
  const r = mulberry32(hash(pod.metadata.name));
  const shape = shapeFor(pod, mode, opts.nodeIPs, opts.announcerIP);
  const end = opts.now.getTime() - 1000;
  const offsets = Array.from({ length: n }, () => r()).sort((a, b) => a - b);
  let requestCount = int(r, 1000, 90_000);
  return offsets.map((f) => {
    const time = new Date(end - Math.round((1 - f) * windowMs));
    const own = r() < 0.02;
    return { time, text: own ? ownLine(r, shape, time) : accessLine(r, shape, time, requestCount++) };
  });
}

/** The `seq`th line appended while a client follows the log; null for pods without an access log. */
export function generateFollowLine(
  pod: KubeObject,
  opts: { now: Date; nodeIPs: readonly string[]; announcerIP?: string; seq: number; container?: string },
): LogLine | null {
  const mode = accessLogMode(pod);
  const target = accessLogContainer(pod);
  if (!mode || (opts.container !== undefined && target !== undefined && opts.container !== target)) return null;
  const r = mulberry32(hash(`${pod.metadata.name}:follow:${opts.seq}`));
  const shape = shapeFor(pod, mode, opts.nodeIPs, opts.announcerIP);
  return { time: opts.now, text: accessLine(r, shape, opts.now, 100_000 + opts.seq) };
}
