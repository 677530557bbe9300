// Generates a realistic Traefik v3 JSON access log for the benchmark: every
// field REFERENCE.md lists, keys sorted as logrus writes them, ~1 KB a line,
// 80% of requests from node addresses (SNAT) and 20% from public clients,
// a few kept headers, Traefik's own log lines at the start.
// Written in 8 MiB chunks with one write() each, so 1 GB takes seconds.
import { closeSync, openSync, writeSync } from 'node:fs';

export const BENCH_NODE_IPS = ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'];

const ROUTERS = [
  ['immich-immich-9c2f1a@kubernetescrd', 'immich-immich-server-2283@kubernetescrd', '10.42.1.15:2283', 'photos.example.com'],
  ['websecure-nextcloud-nextcloud-cloud-example-com@kubernetes', 'nextcloud-nextcloud-8080@kubernetes', '10.42.2.31:8080', 'cloud.example.com'],
  ['grafana-grafana-4b1e0d@kubernetescrd', 'monitoring-grafana-80@kubernetescrd', '10.42.3.7:3000', 'grafana.example.com'],
  ['home-assistant-hass-77aa01@kubernetescrd', 'home-home-assistant-8123@kubernetescrd', '10.42.1.44:8123', 'home.example.com'],
  ['vaultwarden-vw-13fe22@kubernetescrd', 'vaultwarden-vaultwarden-80@kubernetescrd', '10.42.4.9:80', 'vault.example.com'],
] as const;

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
  const r = ROUTERS[i % ROUTERS.length] ?? ROUTERS[0];
  const publicClient = i % 5 === 4;
  const ip = publicClient ? `203.0.113.${(i * 7) % 250}` : (BENCH_NODE_IPS[i % BENCH_NODE_IPS.length] ?? '10.0.20.101');
  const port = 30000 + ((i * 13) % 30000);
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
    `{"ClientAddr":"${ip}:${port}","ClientHost":"${ip}","ClientPort":"${port}","ClientUsername":"-",` +
    `"DownstreamContentSize":${size},"DownstreamStatus":${status},"Duration":${duration},` +
    `"OriginContentSize":${size},"OriginDuration":${duration - 180_000},"OriginStatus":${status},"Overhead":180000,` +
    `"RequestAddr":"${r[3]}","RequestContentSize":0,"RequestCount":${i + 1},"RequestHost":"${r[3]}",` +
    `"RequestMethod":"GET","RequestPath":"${path}","RequestPort":"-","RequestProtocol":"HTTP/2.0","RequestScheme":"https",` +
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
