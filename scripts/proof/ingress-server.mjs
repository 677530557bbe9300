// A stand-in for Traefik in the PROXY-protocol proof (scripts/proof/*.netns.test.ts).
//
// It behaves like a Traefik entry point with `proxyProtocol.trustedIPs`:
// - a PROXY header (v1 text or v2 binary, auto-detected) from a trusted peer sets the
//   client address; a v2 LOCAL header (HAProxy's health checks) keeps the peer address;
// - a PROXY header from an untrusted peer is read and thrown away, and the peer address
//   is used (Traefik's go-proxyproto IGNORE policy), so nobody else can spoof clients;
// - no header: the peer address.
// Every HTTP request appends one Traefik v3 JSON access-log line; every connection
// appends one event line (what header arrived from whom) to a second file.
//
// Config comes from the environment as JSON (EDGELENS_INGRESS):
//   { "host": "198.51.100.10", "port": 8443, "trusted": ["198.51.100.2"],
//     "accessLog": "/tmp/…/access.log", "events": "/tmp/…/events.log" }
// Prints "listening <host>:<port>" on stdout once it accepts connections (port 0 = any).
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

const cfg = JSON.parse(process.env.EDGELENS_INGRESS ?? '{}');
const trusted = new Set((cfg.trusted ?? []).map(String));

// PROXY v2: 12-byte signature, ver/cmd, family/protocol, 2-byte length, addresses.
const V2_SIG = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V1_PREFIX = Buffer.from('PROXY ');
const V1_MAX = 107;

/** The client address each socket stands for, set from a trusted PROXY header or the peer. */
const clientOf = new WeakMap();

function ipv6Text(b) {
  const words = [];
  for (let i = 0; i < 16; i += 2) words.push(b.readUInt16BE(i).toString(16));
  // Canonical (compressed) form via the WHATWG URL parser.
  return new URL(`http://[${words.join(':')}]/`).hostname.slice(1, -1);
}

/**
 * Looks at the bytes read so far. Returns
 *   { need: true }                       more bytes are needed to decide,
 *   { kind: 'none', length: 0 }          no PROXY header,
 *   { kind, length, src?, srcPort? }     a complete header of `length` bytes,
 *   { kind: 'invalid', length }          a malformed header (the connection is dropped).
 */
export function parseProxyHeader(buf) {
  const sigLen = Math.min(buf.length, V2_SIG.length);
  if (buf.subarray(0, sigLen).equals(V2_SIG.subarray(0, sigLen))) {
    if (buf.length < 16) return { need: true };
    const verCmd = buf[12];
    const fam = buf[13];
    const len = buf.readUInt16BE(14);
    if (buf.length < 16 + len) return { need: true };
    if (verCmd >> 4 !== 2) return { kind: 'invalid', length: 16 + len };
    const cmd = verCmd & 0x0f;
    if (cmd === 0) return { kind: 'v2-local', length: 16 + len };
    if (cmd !== 1) return { kind: 'invalid', length: 16 + len };
    const body = buf.subarray(16, 16 + len);
    if (fam === 0x11 && len >= 12) {
      return { kind: 'v2-proxy', length: 16 + len, src: [...body.subarray(0, 4)].join('.'), srcPort: body.readUInt16BE(8) };
    }
    if (fam === 0x21 && len >= 36) {
      return { kind: 'v2-proxy', length: 16 + len, src: ipv6Text(body.subarray(0, 16)), srcPort: body.readUInt16BE(32) };
    }
    return { kind: 'v2-unspec', length: 16 + len };
  }
  const preLen = Math.min(buf.length, V1_PREFIX.length);
  if (buf.subarray(0, preLen).equals(V1_PREFIX.subarray(0, preLen))) {
    if (buf.length < V1_PREFIX.length) return { need: true };
    const end = buf.indexOf('\r\n');
    if (end === -1) return buf.length >= V1_MAX ? { kind: 'invalid', length: buf.length } : { need: true };
    const parts = buf.subarray(0, end).toString('latin1').split(' ');
    const length = end + 2;
    if (parts[1] === 'UNKNOWN') return { kind: 'v1-unknown', length };
    if ((parts[1] === 'TCP4' || parts[1] === 'TCP6') && parts.length === 6 && net.isIP(parts[2])) {
      return { kind: 'v1', length, src: parts[2], srcPort: Number(parts[4]) };
    }
    return { kind: 'invalid', length };
  }
  return { kind: 'none', length: 0 };
}

/** The peer address; '' when the peer reset the connection before Node asked (HAProxy's checks do). */
function peerOf(socket) {
  const a = socket.remoteAddress ?? '';
  return { host: a.startsWith('::ffff:') ? a.slice(7) : a, port: socket.remotePort ?? 0 };
}

function addr(host, port) {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

let requestCount = 0;

const httpServer = http.createServer((req, res) => {
  const start = new Date();
  const t0 = process.hrtime.bigint();
  const client = clientOf.get(req.socket) ?? peerOf(req.socket);
  const body = `hello ${client.host}\n`;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const duration = Number(process.hrtime.bigint() - t0);
  requestCount++;
  // Written before the response is sent, so a client that got its answer finds its line.
  const line = {
    ClientAddr: addr(client.host, client.port),
    ClientHost: client.host,
    ClientPort: String(client.port),
    ClientUsername: '-',
    DownstreamContentSize: Buffer.byteLength(body),
    DownstreamStatus: 200,
    Duration: duration,
    OriginContentSize: Buffer.byteLength(body),
    OriginDuration: duration,
    OriginStatus: 200,
    Overhead: 0,
    RequestAddr: req.headers.host ?? '',
    RequestContentSize: 0,
    RequestCount: requestCount,
    RequestHost: host,
    RequestMethod: req.method,
    RequestPath: req.url,
    RequestPort: '-',
    RequestProtocol: `HTTP/${req.httpVersion}`,
    RequestScheme: 'http',
    RetryAttempts: 0,
    RouterName: 'whoami@file',
    ServiceAddr: '127.0.0.1:9',
    ServiceName: 'whoami@file',
    ServiceURL: 'http://127.0.0.1:9',
    StartLocal: start.toISOString(),
    StartUTC: start.toISOString(),
    entryPointName: 'websecure',
    level: 'info',
    msg: '',
    time: new Date().toISOString(),
  };
  appendFileSync(cfg.accessLog, `${JSON.stringify(line)}\n`);
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});

const server = net.createServer((socket) => {
  const peer = peerOf(socket);
  const isTrusted = trusted.has(peer.host);
  let buf = Buffer.alloc(0);
  const event = (kind, extra = {}) =>
    appendFileSync(cfg.events, `${JSON.stringify({ peer: peer.host, trusted: isTrusted, header: kind, ...extra })}\n`);

  const onData = (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    const h = parseProxyHeader(buf);
    if (h.need) return;
    socket.off('data', onData);
    socket.off('close', onClose);
    if (h.kind === 'invalid') {
      event('invalid');
      socket.destroy();
      return;
    }
    let client = peer;
    if (h.src !== undefined && isTrusted) client = { host: h.src, port: h.srcPort };
    clientOf.set(socket, client);
    event(h.kind, { client: client.host });
    // Hand the rest (the HTTP request) to the HTTP server as if it had just connected.
    socket.pause();
    socket.unshift(buf.subarray(h.length));
    httpServer.emit('connection', socket);
    socket.resume();
  };
  // A health check may connect and close (HAProxy resets check connections) before a
  // whole header arrived: record what it sent.
  const onClose = () => {
    const h = parseProxyHeader(buf);
    event(buf.length === 0 ? 'empty' : h.need ? 'truncated' : h.kind);
  };
  socket.on('data', onData);
  socket.on('close', onClose);
  socket.on('error', () => socket.destroy());
});

server.listen(cfg.port, cfg.host, () => {
  const bound = server.address();
  process.stdout.write(`listening ${addr(cfg.host, typeof bound === 'object' && bound ? bound.port : cfg.port)}\n`);
});

process.on('SIGTERM', () => {
  server.close();
  httpServer.close();
  process.exit(0);
});
