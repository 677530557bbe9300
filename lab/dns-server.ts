// A tiny authoritative DNS server on loopback (UDP) for tests: answers A and AAAA queries from a
// fixed table, NXDOMAIN for unknown names. Enough to play a LAN resolver (split horizon, hairpin)
// without touching the machine's real DNS.
import dgram from 'node:dgram';
import { isIP } from 'node:net';

export interface TinyDnsServer {
  host: '127.0.0.1';
  port: number;
  /** Names asked so far (lowercase, no trailing dot). */
  queries(): string[];
  stop(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;

/** Reads the QNAME at `offset`; returns the name and the offset after it (no compression in queries). */
function readName(msg: Buffer, offset: number): { name: string; end: number } | null {
  const labels: string[] = [];
  let i = offset;
  for (let guard = 0; guard < 128; guard++) {
    const len = msg[i];
    if (len === undefined) return null;
    if (len === 0) return { name: labels.join('.').toLowerCase(), end: i + 1 };
    if (len > 63 || i + 1 + len > msg.length) return null;
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('ascii'));
    i += 1 + len;
  }
  return null;
}

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

function ipv6Bytes(ip: string): Buffer {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') && tail ? tail.split(':') : [];
  const words = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(parseInt(w || '0', 16), i * 2));
  return out;
}

function answer(query: Buffer, records: Readonly<Record<string, readonly string[]>>): Buffer | null {
  if (query.length < 12) return null;
  const q = readName(query, 12);
  if (!q || q.end + 4 > query.length) return null;
  const qtype = query.readUInt16BE(q.end);
  const question = query.subarray(12, q.end + 4);
  const known = Object.prototype.hasOwnProperty.call(records, q.name);
  const addresses = (known ? (records[q.name] ?? []) : []).filter((a) => (qtype === TYPE_A ? isIP(a) === 4 : qtype === TYPE_AAAA ? isIP(a) === 6 : false));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // id
  // QR=1, opcode 0, AA=1, RD copied; RA=1; RCODE 0 or 3 (NXDOMAIN).
  const rd = (query[2] ?? 0) & 0x01;
  header[2] = 0x84 | rd;
  header[3] = 0x80 | (known ? 0 : 3);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const answers = addresses.map((a) => {
    const data = qtype === TYPE_A ? ipv4Bytes(a) : ipv6Bytes(a);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
    rr.writeUInt16BE(qtype, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(30, 6); // TTL
    rr.writeUInt16BE(data.length, 10);
    return Buffer.concat([rr, data]);
  });
  return Buffer.concat([header, question, ...answers]);
}

/** `records`: name → addresses (A for IPv4, AAAA for IPv6). Listens on 127.0.0.1, port 0. */
export function startTinyDns(records: Readonly<Record<string, readonly string[]>>): Promise<TinyDnsServer> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    const asked: string[] = [];
    sock.on('message', (msg, rinfo) => {
      const q = msg.length >= 12 ? readName(msg, 12) : null;
      if (q) asked.push(q.name);
      const reply = answer(msg, records);
      if (reply) sock.send(reply, rinfo.port, rinfo.address);
    });
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      resolve({
        host: '127.0.0.1',
        port: sock.address().port,
        queries: () => [...asked],
        stop: () => new Promise<void>((done) => sock.close(() => done())),
      });
    });
  });
}
