// How many probe targets there are, and how many fail — counted ONE way for every page: the
// summary's HTTP/3 answer (lib/analyzers/summary/http3.ts), the Edge page's overall Alt-Svc
// verdict (lib/analyzers/alt-svc-verdict.ts) and the Edge page's counts line all call this, so the
// Overview and the Edge page cannot disagree about "N of M probed targets". Pure.
//
// Which targets count: every target edgelens sends packets to (`probe: true`) — configured,
// lab (loopback, lab mode) and discovered ones when EDGELENS_PROBE_DISCOVERED opts in. Discovered
// addresses that are only listed (`probe: false`) never count. "Probed" means a result exists;
// a target not run yet is pending. "Failing" means the latest run of that kind failed every
// sample (ProbeVerdict `failing`); some failures is "intermittent", never "failing".
import type { ProbeKind, ProbeTargetSource, ProbeTargetStatus, ProbeVerdict } from './probe';

/** Target names per verdict of one kind, among the targets with a result of that kind. */
export interface KindTotals {
  probed: string[];
  ok: string[];
  intermittent: string[];
  failing: string[];
}

export interface ProbeTotals {
  /** Names of the targets edgelens probes (`probe: true`), in document order. */
  targets: string[];
  bySource: Record<ProbeTargetSource, number>;
  /** Probed targets with at least one result. */
  withResults: string[];
  /** Probed targets without any result yet. */
  pending: string[];
  /** Listed only: discovered addresses edgelens never sends a packet to. */
  listed: number;
  tcp: KindTotals;
  h3: KindTotals;
  /** Targets where any kind fails every sample. */
  failing: string[];
}

export type Countable = Pick<ProbeTargetStatus, 'name' | 'source' | 'probe'> & Partial<Record<ProbeKind, { verdict: ProbeVerdict }>>;

const KEY: Record<ProbeVerdict, 'ok' | 'intermittent' | 'failing'> = { ok: 'ok', intermittent: 'intermittent', failing: 'failing' };

function kindTotals(targets: readonly Countable[], kind: ProbeKind): KindTotals {
  const out: KindTotals = { probed: [], ok: [], intermittent: [], failing: [] };
  for (const t of targets) {
    const status = t[kind];
    if (!status) continue;
    out.probed.push(t.name);
    out[KEY[status.verdict]].push(t.name);
  }
  return out;
}

export function probeTotals(all: readonly Countable[]): ProbeTotals {
  const probed = all.filter((t) => t.probe);
  const bySource: Record<ProbeTargetSource, number> = { config: 0, lab: 0, discovered: 0 };
  for (const t of probed) bySource[t.source] += 1;
  const tcp = kindTotals(probed, 'tcp');
  const h3 = kindTotals(probed, 'h3');
  const has = (t: Countable): boolean => t.tcp !== undefined || t.h3 !== undefined;
  return {
    targets: probed.map((t) => t.name),
    bySource,
    withResults: probed.filter(has).map((t) => t.name),
    pending: probed.filter((t) => !has(t)).map((t) => t.name),
    listed: all.length - probed.length,
    tcp,
    h3,
    failing: probed.filter((t) => t.tcp?.verdict === 'failing' || t.h3?.verdict === 'failing').map((t) => t.name),
  };
}

const n = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

function names(list: readonly string[], max = 3): string {
  if (list.length === 0) return '';
  const shown = list.slice(0, max).join(', ');
  return ` (${list.length > max ? `${shown} and ${list.length - max} more` : shown})`;
}

/**
 * "of 3 probed targets", or "of 2 targets probed for HTTP/3" when some probed targets have no
 * result of that kind (TCP-only targets): the denominator always says what it counts.
 */
export function ofProbed(totals: ProbeTotals, kind: ProbeKind): string {
  const k = totals[kind];
  if (k.probed.length === totals.withResults.length) return `of ${n(k.probed.length, 'probed target')}`;
  return `of ${n(k.probed.length, 'target')} probed for ${kind === 'h3' ? 'HTTP/3' : 'TCP/TLS'}`;
}

const SOURCE_WORDS: Record<ProbeTargetSource, string> = { config: 'configured', lab: 'lab', discovered: 'discovered' };

function kindLine(totals: ProbeTotals, kind: ProbeKind): string | null {
  const k = totals[kind];
  if (k.probed.length === 0) return null;
  const label = kind === 'h3' ? 'HTTP/3' : 'TCP/TLS';
  const parts = [`${k.ok.length} ok`];
  if (k.intermittent.length > 0) parts.push(`${k.intermittent.length} intermittent${names(k.intermittent)}`);
  parts.push(`${k.failing.length} failing${names(k.failing)}`);
  return `${label} ${ofProbed(totals, kind).replace(/^of /, 'on ')}: ${parts.join(', ')}`;
}

/**
 * The counts in one sentence, shown on the Edge page and carried in the summary's HTTP/3
 * evidence: "3 probed targets (3 lab) · HTTP/3 on 3 probed targets: 1 ok, 2 failing (a, b) · …".
 */
export function describeProbeTotals(totals: ProbeTotals): string {
  if (totals.targets.length === 0) return `No probed target${totals.listed > 0 ? ` (${totals.listed} listed, not probed)` : ''}`;
  const sources = (Object.keys(SOURCE_WORDS) as ProbeTargetSource[])
    .filter((s) => totals.bySource[s] > 0)
    .map((s) => `${totals.bySource[s]} ${SOURCE_WORDS[s]}`)
    .join(', ');
  const parts = [`${n(totals.targets.length, 'probed target')} (${sources})`];
  for (const kind of ['h3', 'tcp'] as const) {
    const line = kindLine(totals, kind);
    if (line) parts.push(line);
  }
  if (totals.pending.length > 0) parts.push(`${totals.pending.length} not run yet${names(totals.pending)}`);
  return parts.join(' · ');
}
