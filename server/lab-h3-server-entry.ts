// Child-process entry for server/lab-h3-server.ts: a minimal real HTTP/3 server on @matrixai/quic
// (quiche) for machines without Caddy. It opens its control stream (SETTINGS, zero QPACK table),
// answers every request stream with HEADERS `:status 200` (QPACK static index 25) and a DATA
// frame, then closes the stream. Runs in its own process because the library can throw uncaught
// errors from its socket handler (LAB.md); it exits when its parent goes away.
import { events as quicEvents, type QUICConnection, type QUICStream } from '@matrixai/quic';
import { labQuicServer } from '@/lab/quic-server';
// Imported for its side effect: it contains the library's peer-stream race (InvalidStreamState),
// which a server meets on every connection (the client's control stream arrives during start-up).
import '@/probes/h3/matrixai-transport';
import { controlStreamPreamble, encodeFrame, FRAME_DATA, FRAME_HEADERS } from '@/probes/h3/frames';

const [certPath, keyPath, portArg] = process.argv.slice(2);
if (!certPath || !keyPath || !portArg) {
  process.stderr.write('usage: h3-server-entry CERT KEY PORT\n');
  process.exit(2);
}
process.on('uncaughtException', (err) => {
  // One broken exchange must not end the lab target: log and keep serving.
  process.stderr.write(`h3 lab server: ${err.message}\n`);
});
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0); // the server that started us is gone
  }
}, 1_000).unref();

// QPACK field section: Required Insert Count 0, Delta Base 0, then indexed static line 25 (:status 200).
const RESPONSE_HEADERS = Uint8Array.from([0x00, 0x00, 0xc0 | 25]);
const BODY = new TextEncoder().encode('hello from the edgelens lab HTTP/3 server\n');
const RESPONSE = Uint8Array.from([...encodeFrame(FRAME_HEADERS, RESPONSE_HEADERS), ...encodeFrame(FRAME_DATA, BODY)]);

async function answer(stream: QUICStream): Promise<void> {
  const reader = stream.readable.getReader();
  // The request is one HEADERS frame then FIN; answer once the client has finished sending.
  for (;;) {
    const { done } = await reader.read();
    if (done) break;
  }
  const writer = stream.writable.getWriter();
  await writer.write(RESPONSE);
  await writer.close();
}

async function openControl(conn: QUICConnection): Promise<void> {
  const writer = conn.newStream('uni').writable.getWriter();
  await writer.write(controlStreamPreamble()); // stays open for the connection's lifetime
}

const server = labQuicServer({ name: 'h3-lab-server', certPath, keyPath, alpn: ['h3'], initialMaxStreamsUni: 8 });
server.addEventListener(quicEvents.EventQUICServerConnection.name, (evt: Event) => {
  const conn = (evt as quicEvents.EventQUICServerConnection).detail;
  conn.addEventListener(quicEvents.EventQUICConnectionStarted.name, () => void openControl(conn).catch(() => undefined), { once: true });
  conn.addEventListener(quicEvents.EventQUICConnectionStream.name, (e: Event) => {
    const stream = (e as quicEvents.EventQUICConnectionStream).detail;
    if (stream.type === 'bidi') void answer(stream).catch(() => undefined);
    else void stream.readable.cancel().catch(() => undefined); // the client's control stream: not needed
  });
});
await server.start({ host: '127.0.0.1', port: Number(portArg) });
process.stdout.write(`PORT ${server.port}\n`);
