// Generates a realistic Traefik v3 JSON access log for the benchmark: every
// field REFERENCE.md lists, keys sorted as logrus writes them, ~1 KB a line,
// Traefik's own log lines at the start, and realistic cardinality: 30 routers;
// 40% of requests SNATed to the 5 node addresses; tens of thousands of distinct
// public clients (IPv4, and IPv6 peers written "[v6]:port" as Go does), skewed
// like real traffic; 5% through a cloudflared pod (ClientAddr the pod, ClientHost
// the one X-Forwarded-For address), 2% through a LAN proxy with an XFF list;
// HTTP/1.1, HTTP/2.0 and HTTP/3.0 requests.
// Written in 8 MiB chunks with one write() each, so 1 GB takes seconds.
import { closeSync, openSync, writeSync } from 'node:fs';

export const BENCH_NODE_IPS = ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'];

const APPS = ['immich', 'nextcloud', 'grafana', 'home-assistant', 'vaultwarden', 'jellyfin', 'gitea', 'paperless', 'uptime-kuma', 'authentik'];
/** 30 routers: 10 apps × (websecure, web redirect, api) — [router, service, backend, host]. */
const ROUTERS: ReadonlyArray<readonly [string, string, string, string]> = APPS.flatMap((app, a) =>
  ['', 'api-', 'web-'].map((kind, k) => [
    `${kind}${app}-${app}-${(a * 7919 + k * 104729).toString(16).slice(-6)}@kubernetescrd`,
    `${app}-${app}-${8000 + a}@kubernetescrd`,
    `10.42.${1 + (a % 5)}.${10 + a * 3 + k}:${8000 + a}`,
    `${app}.example.com`,
  ] as const),
);
/** Distinct public clients: ~40,000 IPv4 and ~10,000 IPv6 (outside the documentation ranges). */
const PUBLIC_V4 = 40_000;
const PUBLIC_V6 = 10_000;
const CLOUDFLARED_POD = '10.42.1.7';
const LAN_PROXY = '192.168.1.2';
const PROTOCOLS = ['HTTP/2.0', 'HTTP/2.0', 'HTTP/2.0', 'HTTP/2.0', 'HTTP/2.0', 'HTTP/2.0', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/3.0'];

/** A stateless integer hash (lowbias32): the log is the same on every run. */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The k-th public IPv4 client: spread over many /16s, never a private or documentation range. */
function publicV4(k: number): string {
  const h = mix(k + 1);
  return `${[31, 46, 62, 77, 81, 85, 89, 93, 109, 145, 151, 176, 185, 188, 195, 213][k & 15]}.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${1 + (h % 254)}`;
}

function publicV6(k: number): string {
  const h = mix(k + 7);
  return `2a02:${(0x8000 + (h & 0xfff)).toString(16)}:${((h >>> 12) & 0xffff).toString(16)}::${(k + 1).toString(16)}`;
}

/** Skewed like real traffic: a few busy clients, a long tail. */
const skewed = (h: number, n: number): number => Math.floor(((h % 10_000) / 10_000) ** 2 * n);

interface Client {
  addr: string;
  host: string;
}

function client(i: number): Client {
  const h = mix(i);
  const pick = h % 100;
  const port = 30000 + (h % 30000);
  if (pick < 40) {
    const ip = BENCH_NODE_IPS[(h >>> 8) % BENCH_NODE_IPS.length] ?? '10.0.20.101';
    return { addr: `${ip}:${port}`, host: ip };
  }
  if (pick < 85) {
    const ip = publicV4(skewed(h >>> 7, PUBLIC_V4));
    return { addr: `${ip}:${port}`, host: ip };
  }
  if (pick < 93) {
    const ip = publicV6(skewed(h >>> 9, PUBLIC_V6));
    return { addr: `[${ip}]:${port}`, host: ip };
  }
  if (pick < 98) return { addr: `${CLOUDFLARED_POD}:${port}`, host: publicV4(skewed(h >>> 5, PUBLIC_V4)) };
  return { addr: `${LAN_PROXY}:${port}`, host: `${publicV4(skewed(h >>> 3, PUBLIC_V4))}, ${LAN_PROXY}` };
}

const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Immich_Android_1.105.1',
  'Home Assistant/2024.4.3-14203 (Android 14; Pixel 8)',
];

// As logrus writes them: encoding/json escapes & as \u0026.
const PATHS = [
  '/api/assets/8d1f9a3e-2b7c-4c1e-9f0a-6e2d7b4c1a90/thumbnail?size=preview\\u0026key=dGhpcyBpcyBh',
  '/remote.php/dav/files/alice/Photos/2024/IMG_20240501_123456.jpg',
  '/api/ds/query?ds_type=prometheus\\u0026requestId=Q1234',
  '/api/websocket',
  '/identity/connect/token',
];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

let cachedSecond = -1;
let cachedBase = '';

/** "2024-05-01T12:00:00" for a second since the epoch, computed once per second of log. */
function secondText(sec: number): string {
  if (sec !== cachedSecond) {
    cachedSecond = sec;
    cachedBase = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  return cachedBase;
}

function line(i: number, startMs: number): string {
  const r = ROUTERS[mix(i ^ 0x5bd1e995) % ROUTERS.length] ?? ROUTERS[0] ?? ['-', '-', '-', '-'];
  const c = client(i);
  const port = c.addr.slice(c.addr.lastIndexOf(':') + 1);
  const proto = PROTOCOLS[mix(i + 0x9e37) % PROTOCOLS.length] ?? 'HTTP/2.0';
  const ms = startMs + i; // 1,000 requests per second
  const base = secondText(Math.floor(ms / 1000));
  // Go's RFC3339Nano drops trailing zeros, so StartUTC varies in length like the real thing.
  const nanos = `${pad(ms % 1000, 3)}${pad((i * 7919) % 1_000_000, 6)}`.replace(/0+$/, '') || '0';
  const start = `${base}.${nanos}Z`;
  const duration = 1_500_000 + ((i * 104729) % 40_000_000);
  const size = 512 + ((i * 31) % 200_000);
  const status = i % 50 === 0 ? 404 : 200;
  const path = PATHS[i % PATHS.length] ?? '/';
  const agent = AGENTS[i % AGENTS.length] ?? '-';
  return (
    `{"ClientAddr":"${c.addr}","ClientHost":"${c.host}","ClientPort":"${port}","ClientUsername":"-",` +
    `"DownstreamContentSize":${size},"DownstreamStatus":${status},"Duration":${duration},` +
    `"OriginContentSize":${size},"OriginDuration":${duration - 180_000},"OriginStatus":${status},"Overhead":180000,` +
    `"RequestAddr":"${r[3]}","RequestContentSize":0,"RequestCount":${i + 1},"RequestHost":"${r[3]}",` +
    `"RequestMethod":"GET","RequestPath":"${path}","RequestPort":"-","RequestProtocol":"${proto}","RequestScheme":"https",` +
    `"RetryAttempts":0,"RouterName":"${r[0]}","ServiceAddr":"${r[2]}","ServiceName":"${r[1]}",` +
    `"ServiceURL":"http://${r[2]}","SpanId":"${pad(i % 100000, 16)}","StartLocal":"${start}","StartUTC":"${start}",` +
    `"TLSCipher":"TLS_AES_128_GCM_SHA256","TLSVersion":"1.3","TraceId":"${pad(i, 32)}",` +
    `"entryPointName":"websecure","level":"info","msg":"",` +
    `"request_User-Agent":"${agent}","time":"${base}Z"}\n`
  );
}

const PREAMBLE =
  '{"level":"info","msg":"Traefik version 3.1.2 built on 2024-08-06T13:43:25Z","time":"2024-05-01T11:59:58Z"}\n' +
  '{"level":"info","msg":"Starting provider *crd.Provider","time":"2024-05-01T11:59:58Z"}\n' +
  '{"level":"info","msg":"Configuration loaded from flags.","time":"2024-05-01T11:59:58Z"}\n';

/** Writes `lines` access-log entries (plus 3 Traefik log lines) to `path`; returns the byte size. */
export function generateTraefikJsonLog(path: string, lines: number): number {
  const fd = openSync(path, 'w');
  // Lines are ASCII: each is copied straight into one 8 MiB buffer (no big joined strings, little GC).
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  let used = 0;
  let bytes = 0;
  const flush = (): void => {
    let off = 0;
    while (off < used) off += writeSync(fd, buf, off, used - off);
    bytes += used;
    used = 0;
  };
  try {
    const startMs = Date.UTC(2024, 4, 1, 12, 0, 0);
    used += buf.write(PREAMBLE, used, 'latin1');
    for (let i = 0; i < lines; i++) {
      const l = line(i, startMs);
      if (used + l.length > buf.length) flush();
      used += buf.write(l, used, 'latin1');
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return bytes;
}
