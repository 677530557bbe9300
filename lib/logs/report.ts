// AccumulatorState → the `edgelens logs` report (lib/model LogReport).
// Every list is sorted with a total order, so the same input gives the same
// report however it was split across chunks or worker threads.
import type { AddressClass, LogReport, RouterReport, EntryPointReport } from '../model/logs';
import type { Finding } from '../model/finding';
import { withSteps } from '../model/finding';
import { NET_ADDRESS_CLASSES, type NetAddressClass } from '../net/classify';
import { privateOnlyFinding, snatFinding } from './findings';
import type { AccumulatorState, RowState } from './state';
import { fmtInt } from './text';
import { minuteIso } from './time';
import { judgeTraffic } from './verdict';

// lib/net declares the class names itself (it imports nothing); keep them identical to lib/model's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const classesMatch: Same<NetAddressClass, AddressClass> = true;
void classesMatch;

export interface ReportOptions {
  /** Length of `topClients`. Default 20. */
  topClients?: number;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

function byClass(counts: readonly number[]): Partial<Record<AddressClass, number>> {
  const out: Partial<Record<AddressClass, number>> = {};
  NET_ADDRESS_CLASSES.forEach((c, i) => {
    const n = counts[i] ?? 0;
    if (n > 0) out[c] = n;
  });
  return out;
}

function allClasses(counts: readonly number[]): Record<AddressClass, number> {
  return {
    node: counts[0] ?? 0,
    pod: counts[1] ?? 0,
    lb: counts[2] ?? 0,
    loopback: counts[3] ?? 0,
    private: counts[4] ?? 0,
    cgnat: counts[5] ?? 0,
    linklocal: counts[6] ?? 0,
    public: counts[7] ?? 0,
  };
}

type MinutePoint = NonNullable<LogReport['series']>[number];

/** { t: "2024-05-01T12:34:00.000Z", node: 12, pod: 0, … } — every class, so chart series line up. */
function minutePoint(minute: number, counts: readonly number[]): MinutePoint {
  // zod infers `{ t: string } & { [k: string]: number }`, which no literal satisfies; fill it key by key.
  const p = { t: minuteIso(minute) } as MinutePoint;
  NET_ADDRESS_CLASSES.forEach((c, i) => (p[c] = counts[i] ?? 0));
  return p;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortRows(rows: RowState[]): RowState[] {
  return [...rows].sort(
    (a, b) => b.requests - a.requests || cmpStr(a.router, b.router) || cmpStr(a.entryPoint ?? '', b.entryPoint ?? ''),
  );
}

function entryPointRows(rows: readonly RowState[]): RowState[] {
  const m = new Map<string, RowState>();
  for (const r of rows) {
    if (r.entryPoint === null) continue;
    let e = m.get(r.entryPoint);
    if (!e) {
      e = { router: '', entryPoint: r.entryPoint, requests: 0, forwarded: 0, unclassified: 0, counts: [0, 0, 0, 0, 0, 0, 0, 0], sources: [] };
      m.set(r.entryPoint, e);
    }
    e.requests += r.requests;
    e.forwarded += r.forwarded;
    e.unclassified += r.unclassified;
    r.counts.forEach((n, i) => (e.counts[i] = (e.counts[i] ?? 0) + n));
  }
  return [...m.values()].sort((a, b) => b.requests - a.requests || cmpStr(a.entryPoint ?? '', b.entryPoint ?? ''));
}

/** The figures and judgement a router row and an entry-point row report alike. */
function judgedRow(r: RowState, scope: string): Omit<EntryPointReport, 'entryPoint'> {
  const j = judgeTraffic(r, scope);
  return {
    requests: r.requests,
    byClass: byClass(r.counts),
    snatRatio: round4(j.snatRatio),
    verdict: j.verdict,
    forwarded: r.forwarded,
    explanation: j.explanation,
  };
}

export function buildLogReport(st: AccumulatorState, opts: ReportOptions = {}): LogReport {
  const rows = sortRows(st.rows);
  const routerCount = new Map<string, number>();
  for (const r of rows) routerCount.set(r.router, (routerCount.get(r.router) ?? 0) + 1);

  const routers: RouterReport[] = rows.map((r) => {
    const scope = `on ${r.router}${r.entryPoint && (routerCount.get(r.router) ?? 0) > 1 ? ` (entrypoint ${r.entryPoint})` : ''}`;
    return { router: r.router, ...(r.entryPoint !== null ? { entryPoint: r.entryPoint } : {}), ...judgedRow(r, scope) };
  });

  const entryPoints: EntryPointReport[] = entryPointRows(rows).map((r) => ({
    entryPoint: r.entryPoint ?? '',
    ...judgedRow(r, `on entrypoint ${r.entryPoint ?? ''}`),
  }));

  const topClients = [...st.clients]
    .sort((a, b) => b[2] - a[2] || cmpStr(a[0], b[0]))
    .slice(0, opts.topClients ?? 20)
    .map(([ip, cls, requests]) => ({ ip, class: NET_ADDRESS_CLASSES[cls] ?? 'public', requests }));

  const classified = st.parsed - st.unclassified;
  const namedRouters = new Set(rows.map((r) => r.router)).size;
  let verdict: LogReport['verdict'];
  let explanation: string;
  if (classified <= 0) {
    verdict = 'unknown';
    const malformed = st.lines - st.parsed - st.blank;
    explanation =
      st.parsed === 0
        ? `unknown: none of the ${fmtInt(st.lines)} lines is a Traefik access-log entry (${fmtInt(malformed)} malformed, ${fmtInt(st.blank)} blank) — ` +
          'check that access logs are enabled and written as json, common or genericCLF.'
        : `unknown: ${fmtInt(st.parsed)} entries were parsed, but none has a client address that is an IP address.`;
  } else {
    const j = judgeTraffic(
      { requests: st.parsed, forwarded: st.forwarded, unclassified: st.unclassified, counts: st.classTotals },
      `on ${namedRouters} router${namedRouters === 1 ? '' : 's'}`,
      false,
    );
    verdict = j.verdict === 'forwarded' ? 'mixed' : j.verdict;
    explanation = j.explanation;
    if (st.clientsCapped) {
      explanation += ' (More distinct clients than edgelens counts one by one: topClients covers the first ones seen.)';
    }
    if (st.seriesCapped) explanation += ' (The log spans more minutes than the series keeps: later minutes are left out of it.)';
  }

  const series = [...st.minutes]
    .sort((a, b) => a[0] - b[0])
    .map(([m, c]) => minutePoint(m, c));

  const findings: Finding[] = [];
  for (const r of rows) {
    const f = snatFinding(r, (routerCount.get(r.router) ?? 0) > 1);
    if (f) findings.push(f);
  }
  const po = privateOnlyFinding(st);
  if (po) findings.push(po);

  return {
    lines: st.lines,
    parsed: st.parsed,
    malformed: st.lines - st.parsed - st.blank,
    blank: st.blank,
    format: st.format ?? 'json',
    classes: allClasses(st.classTotals),
    ...(st.unclassified > 0 ? { unclassified: st.unclassified } : {}),
    routers,
    ...(entryPoints.length > 0 ? { entryPoints } : {}),
    topClients,
    verdict,
    explanation,
    series,
    findings: findings.map(withSteps),
  };
}
