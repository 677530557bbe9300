// The body of the isolated HTTP/3 runner process (runner-entry.ts calls it). It reads one request,
// runs one exchange, writes one result line, then closes the connection and exits. A crash of the
// QUIC library after the result line is harmless (the parent already has the result); a crash
// before it becomes a `protocol` error result. The process exits right after either: a library
// that threw from its socket handler is in an unknown state (2.0.9 can spin and eat memory).
import type { ProbeSample } from '../../lib/model/probe';
import { runH3Exchange } from './exchange';
import { MatrixQuicTransport } from './matrixai-transport';
import { QuicheTransport } from './quiche-transport';
import type { H3Transport } from './transport';
import { RESULT_PREFIX, STARTED_LINE, RUNNER_FAULT_ENV, RUNNER_TRANSPORT_ENV, parseRunnerFault, parseRunnerRequest } from './runner-protocol';

const CLEANUP_LIMIT_MS = 500;

/** A runner whose parent died (killed, crashed) exits instead of probing on as an orphan. */
function exitWithParent(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 250).unref();
}

export async function runRunner(): Promise<void> {
  exitWithParent();
  let reported = false;
  const report = (sample: ProbeSample): Promise<void> =>
    new Promise((resolve) => {
      reported = true;
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(sample)}\n`, () => resolve());
    });
  const crashed = (err: unknown) => {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (reported) {
      process.stderr.write(`h3 runner: error after the result (ignored): ${message}\n`);
      process.exit(0);
    }
    const sample: ProbeSample = {
      ok: false,
      phase: 'quic',
      error: 'protocol',
      detail: `HTTP/3 client crashed: ${message}`,
      handshakeMs: null,
      totalMs: null,
      alpn: null,
      status: null,
      altSvc: null,
    };
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(sample)}\n`, () => process.exit(70));
  };
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);

  const fault = parseRunnerFault(process.env[RUNNER_FAULT_ENV]);
  if (fault === 'abort') process.abort();
  if (fault === 'exit') process.exit(3);
  if (fault === 'hang') {
    process.stdout.write(`${STARTED_LINE}\n`);
    setInterval(() => {}, 60_000);
    return;
  }
  if (fault === 'slow-start') await new Promise((r) => setTimeout(r, 3_000));
  if (fault === 'throw') {
    setImmediate(() => {
      throw new Error('injected runner fault before the result');
    });
    return;
  }

  const request = parseRunnerRequest(await readStdin());
  const { sample, cleanup } = await runH3Exchange(
    request.target,
    {
      timeoutMs: request.timeoutMs,
      insecure: request.insecure,
      ca: request.ca,
      userAgent: request.userAgent,
      onQuicStart: () => process.stdout.write(`${STARTED_LINE}\n`),
    },
    transportFor(process.env[RUNNER_TRANSPORT_ENV]),
  );
  await report(sample);
  if (fault === 'throw-after-result') {
    setImmediate(() => {
      throw new Error('injected runner fault after the result');
    });
    return;
  }
  await Promise.race([cleanup().catch(() => {}), new Promise((r) => setTimeout(r, CLEANUP_LIMIT_MS))]);
  process.exit(0);
}

/** Direct quiche by default; the library's QUICClient with EDGELENS_H3_TRANSPORT=matrixai. */
function transportFor(name: string | undefined): H3Transport {
  return name === 'matrixai' ? new MatrixQuicTransport() : new QuicheTransport();
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
    });
    process.stdin.once('end', () => resolve(text));
    process.stdin.once('error', reject);
  });
}
