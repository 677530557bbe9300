// `edgelens probe tcp|h3 HOST:PORT`: sample one endpoint N times and say whether it works.
// Unlike the HTTP API, the CLI probes any address: the person at the keyboard chose it.
// Exit 0 when the verdict is ok, 1 otherwise, 2 for bad usage (CONTRACT.md).
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { ProbeKind, ProbeReport, ProbeSample } from '@/lib/model';
import { describeProbeFailure, lastFailure } from '@/lib/analyzers/probe-words';
import { errorBreakdown } from '@/lib/analyzers/probe-summary';
import { h3Alternatives } from '@/lib/analyzers/alt-svc';
import { sampleProbe } from '@/server/probe-plan';
import { parseCommandArgs, parsePositiveInt } from '../args';
import { UsageError } from '../errors';
import { type Io, printJson } from '../io';

export const probeUsage = `Usage: edgelens probe tcp|h3 HOST:PORT [--sni NAME] [--samples N] [--timeout MS] [--interval MS]
                      [--insecure] [--ca FILE] [--path P] [--json]
  tcp  TCP connect, TLS handshake (ALPN h2/http/1.1), one HTTP request; reports Alt-Svc
  h3   QUIC handshake with ALPN h3, HTTP/3 SETTINGS and one request
  IPv6 as [ADDRESS]:PORT. Defaults: 5 samples, 3000 ms timeout, 200 ms between samples.`;

const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

/** `host:port`, `[v6]:port`; the host is an IP literal or a hostname. */
export function parseProbeEndpoint(text: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:[\]]+):(\d{1,5})$/.exec(text);
  const host = m?.[1];
  const port = Number(m?.[2]);
  const shown = text.replace(/[\r\n]/g, '\\n');
  if (!m || host === undefined) {
    const hint = isIP(text) === 6 ? ' (write IPv6 as [ADDRESS]:PORT)' : '';
    throw new UsageError(`expected HOST:PORT, got "${shown}"${hint}`);
  }
  if (text.startsWith('[') && isIP(host) !== 6) throw new UsageError(`"${host}" in brackets is not an IPv6 address`);
  if (isIP(host) === 0 && !HOSTNAME.test(host)) throw new UsageError(`"${host}" is neither an IP address nor a hostname`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`port must be from 1 to 65535, got "${m[2] ?? ''}"`);
  return { host, port };
}

function parseNonNegativeInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return n;
}

function ms(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${v.toFixed(1)} ms`;
}

function sampleLine(kind: ProbeKind, s: ProbeSample, i: number, width: number): string {
  const n = String(i + 1).padStart(width);
  if (s.ok) {
    const parts = [`${n}  ok    handshake ${ms(s.handshakeMs)}  total ${ms(s.totalMs)}`, `alpn ${s.alpn ?? '—'}`, `HTTP ${s.status ?? '—'}`];
    if (kind === 'tcp') parts.push(`alt-svc ${s.altSvc ?? '(none)'}`);
    return parts.join('  ');
  }
  // The raw detail per sample; the explanation in words comes once, under the verdict.
  return `${n}  FAIL  ${s.error ?? 'error'} in ${s.phase}${s.detail ? `: ${s.detail}` : ''}`;
}

/** Readable report: one line per sample, the verdict with p50/p95, and what went wrong in words. */
export function formatProbeReport(report: ProbeReport, opts: { port: number; timeoutMs: number }): string {
  const width = String(report.results.length).length;
  const what = report.kind === 'h3' ? 'HTTP/3 (QUIC)' : 'TCP + TLS + HTTP';
  const lines = [`${what} probe of ${report.target}${report.sni ? ` (SNI ${report.sni})` : ''}: ${report.samples} sample${report.samples === 1 ? '' : 's'}`];
  report.results.forEach((s, i) => lines.push(`  ${sampleLine(report.kind, s, i, width)}`));
  const mark = report.verdict === 'ok' ? '✔ OK' : report.verdict === 'failing' ? '✖ FAILING' : '▲ INTERMITTENT';
  // Percentiles describe successful handshakes only; with none there is nothing to summarise.
  const latency = report.ok > 0 && report.p50Ms != null ? `handshake p50 ${ms(report.p50Ms)}  p95 ${ms(report.p95Ms)}` : 'no successful sample: no latency to report';
  lines.push('', `verdict: ${mark} — ${report.ok} of ${report.samples} ok  ·  ${latency}`);
  if (report.kind === 'tcp' && report.ok > 0) {
    const advertised = report.results.find((r) => r.ok && h3Alternatives(r.altSvc).length > 0)?.altSvc;
    lines.push(advertised ? `alt-svc: advertises HTTP/3: ${advertised}` : 'alt-svc: no HTTP/3 advertised');
  }
  const failed = lastFailure(report.results);
  if (failed) {
    lines.push(`error: ${describeProbeFailure(report.kind, failed, opts)}`);
    const breakdown = errorBreakdown(report.results).map((e) => `${e.error} ×${e.count}`).join(', ');
    lines.push(`failures: ${breakdown}`);
  }
  return lines.join('\n');
}

export async function probeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      sni: { type: 'string' },
      samples: { type: 'string' },
      timeout: { type: 'string' },
      interval: { type: 'string' },
      insecure: { type: 'boolean' },
      ca: { type: 'string' },
      path: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: 2 },
  );
  if (values.help) {
    io.out(probeUsage);
    return 0;
  }
  const [kindText, endpointText] = positionals;
  if (kindText === undefined) throw new UsageError(`say which probe: tcp or h3\n${probeUsage}`);
  if (kindText !== 'tcp' && kindText !== 'h3') throw new UsageError(`unknown probe "${kindText}": use tcp or h3`);
  if (endpointText === undefined) throw new UsageError(`give the endpoint as HOST:PORT, e.g. edgelens probe ${kindText} 127.0.0.1:8443`);
  const kind: ProbeKind = kindText;
  const { host, port } = parseProbeEndpoint(endpointText);
  const samples = parsePositiveInt('--samples', values.samples, 5, 1_000);
  const timeoutMs = parsePositiveInt('--timeout', values.timeout, 3_000, 600_000);
  const intervalMs = parseNonNegativeInt('--interval', values.interval, 200, 600_000);
  if (values.sni !== undefined && !HOSTNAME.test(values.sni)) throw new UsageError(`--sni takes a hostname, got "${values.sni}"`);
  if (values.path !== undefined && !values.path.startsWith('/')) throw new UsageError(`--path must start with /, got "${values.path}"`);
  let ca: string | undefined;
  if (values.ca !== undefined) {
    try {
      ca = await readFile(values.ca, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --ca ${values.ca}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`, { cause: err });
    }
  }

  const report = await sampleProbe(kind, { host, port, sni: values.sni, path: values.path }, { samples, intervalMs, timeoutMs, insecure: values.insecure ?? false, ca });
  if (values.json) printJson(io, report);
  else io.out(formatProbeReport(report, { port, timeoutMs }));
  return report.verdict === 'ok' ? 0 : 1;
}
