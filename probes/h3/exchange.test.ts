// The HTTP/3 exchange on a scripted transport: framing, QPACK, error classes and deadlines,
// without a QUIC library. (The real transport is covered by probe-h3.test.ts.)
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { ReadableStream, WritableStream } from 'node:stream/web';
import { runH3Exchange } from './exchange';
import { QuicTransportError, type H3Transport, type QuicConnection } from './transport';
import { decodeFieldSection } from './qpack';
import { startUdpBlackhole, type UdpBlackhole } from '../../lab/udp-blackhole';

const CADDY_RESPONSE = Uint8Array.from(
  Buffer.from(
    readFileSync(new URL('./__fixtures__/caddy-response-stream.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .join('')
      .replace(/\s+/g, ''),
    'hex',
  ),
);

interface Script {
  response?: Uint8Array[] | 'never';
  written: { uni: Uint8Array[]; bidi: Uint8Array[] };
}

function scriptedTransport(script: Script): H3Transport {
  return {
    async connect(): Promise<QuicConnection> {
      const now = performance.now();
      return {
        alpn: 'h3',
        peerCertificates: [],
        timings: { firstPacketSentAt: now - 3, firstPacketReceivedAt: now - 1, establishedAt: now },
        openUniStream: () => new WritableStream<Uint8Array>({ write: (c) => void script.written.uni.push(c) }),
        openBidiStream: () => ({
          writable: new WritableStream<Uint8Array>({ write: (c) => void script.written.bidi.push(c) }),
          readable: new ReadableStream<Uint8Array>({
            start(controller) {
              if (script.response === 'never') return;
              for (const chunk of script.response ?? []) controller.enqueue(chunk);
              controller.close();
            },
          }),
        }),
        close: async () => {},
      };
    },
  };
}

function failingTransport(err: QuicTransportError): H3Transport {
  return { connect: async () => Promise.reject(err) };
}

let hole: UdpBlackhole;
beforeAll(async () => {
  hole = await startUdpBlackhole(); // a target port that neither answers nor refuses
});
afterAll(async () => {
  await hole?.stop();
});

const target = () => ({ host: '127.0.0.1', port: hole.port, sni: 'app.example.com', path: '/status?x=1' });
const opts = (ms = 2_000) => ({ timeoutMs: ms, insecure: true });

describe('HTTP/3 exchange', () => {
  it('sends control-stream SETTINGS and a static-QPACK GET, parses the response', async () => {
    const script: Script = { response: [CADDY_RESPONSE.subarray(0, 7), CADDY_RESPONSE.subarray(7)], written: { uni: [], bidi: [] } };
    const { sample } = await runH3Exchange(target(), opts(), scriptedTransport(script));
    expect(sample).toMatchObject({ ok: true, phase: 'done', error: null, alpn: 'h3', status: 200, server: 'Caddy', handshakeMs: 3 });
    expect(Array.from(script.written.uni[0] ?? [])).toEqual([0x00, 0x04, 0x04, 0x01, 0x00, 0x07, 0x00]);
    const request = script.written.bidi[0] ?? new Uint8Array();
    expect(request[0]).toBe(0x01);
    expect(decodeFieldSection(request.subarray(2))).toEqual([
      [':method', 'GET'],
      [':scheme', 'https'],
      [':authority', `app.example.com:${hole.port}`],
      [':path', '/status?x=1'],
      ['user-agent', 'edgelens-probe/1'],
    ]);
  });

  it('maps transport failures to probe errors', async () => {
    const t = target();
    const silent = await runH3Exchange(t, opts(), failingTransport(new QuicTransportError('timeout', 'x', { packetsReceived: 0 })));
    expect(silent.sample).toMatchObject({ ok: false, phase: 'quic', error: 'timeout' });
    expect(silent.sample.detail).toMatch(/no answer to the QUIC Initial/);
    const stalled = await runH3Exchange(t, opts(), failingTransport(new QuicTransportError('timeout', 'x', { packetsReceived: 3 })));
    expect(stalled.sample.detail).toMatch(/started but did not complete/);
    const alpn = await runH3Exchange(t, opts(), failingTransport(new QuicTransportError('alpn', 'no h3')));
    expect(alpn.sample).toMatchObject({ ok: false, error: 'alpn', detail: 'no h3' });
  });

  it('a stream that ends without a response is http; a dynamic-table reference is protocol', async () => {
    const empty = await runH3Exchange(target(), opts(), scriptedTransport({ response: [], written: { uni: [], bidi: [] } }));
    expect(empty.sample).toMatchObject({ ok: false, phase: 'http', error: 'http' });
    const dynamic = Uint8Array.from([0x01, 0x03, 0x02, 0x00, 0x80]);
    const bad = await runH3Exchange(target(), opts(), scriptedTransport({ response: [dynamic], written: { uni: [], bidi: [] } }));
    expect(bad.sample).toMatchObject({ ok: false, phase: 'http', error: 'protocol' });
  });

  it('no response by the deadline: timeout in the http phase', async () => {
    const { sample } = await runH3Exchange(target(), opts(300), scriptedTransport({ response: 'never', written: { uni: [], bidi: [] } }));
    expect(sample).toMatchObject({ ok: false, phase: 'http', error: 'timeout' });
  });

  it('the timeout counts from the first Initial: the transport gets the whole budget, and the start is announced first', async () => {
    const events: string[] = [];
    let budget = 0;
    let startedAt = 0;
    let calledAt = 0;
    const transport: H3Transport = {
      async connect(o, signal) {
        events.push('connect');
        calledAt = performance.now();
        budget = o.timeoutMs;
        return scriptedTransport({ response: [CADDY_RESPONSE], written: { uni: [], bidi: [] } }).connect(o, signal);
      },
    };
    const onQuicStart = () => {
      startedAt = performance.now();
      events.push('start');
    };
    const { sample } = await runH3Exchange(target(), { timeoutMs: 1_000, onQuicStart }, transport);
    expect(sample).toMatchObject({ ok: true });
    expect(events).toEqual(['start', 'connect']);
    // The budget handed to QUIC is the whole timeout (less the exchange's 25 ms margin) minus only
    // what passed since the start was announced: nothing before it is charged.
    expect(budget + (calledAt - startedAt)).toBeGreaterThan(1_000 - 25 - 20);
    expect(budget + (calledAt - startedAt)).toBeLessThanOrEqual(1_000 - 25 + 1);
  });
});
