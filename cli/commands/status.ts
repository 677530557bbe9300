// `edgelens status`: the three first-screen answers — do real client IPs reach my apps, does
// HTTP/3 work, which load-balancer traps are set — from the same analyzer as the dashboard
// (lib/analyzers/summary). The cluster comes from --snapshot, or the configured cluster
// (else the lab); the access log from --logs FILE|-, or the Traefik pods of a live cluster.
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { summarize, summaryExitCode, type Reading } from '@/lib/analyzers/summary';
import type { LogReport, Summary } from '@/lib/model';
import { SUMMARY_QUESTIONS } from '@/lib/model/summary';
import { parseCommandArgs } from '../args';
import { openClusterFromFlags } from '../cluster-flags';
import { UsageError } from '../errors';
import { type Io, printJson, readInput } from '../io';
import { clusterConfigured } from '../log-input';
import { analyzeLogInput } from './logs';

export const statusUsage = `Usage: edgelens status [--snapshot FILE | --kubeconfig PATH [--context NAME] | --lab [--scenario NAME]] [--logs FILE|-] [--json]

The three answers of the dashboard's first screen, from one analyzer:
  Do real client IPs reach my apps?  Does HTTP/3 work through my load balancer?  Which load-balancer traps are set?
The cluster comes from --snapshot, or the configured cluster (kubeconfig, in-cluster), else the embedded lab.
The access log comes from --logs FILE (gzip is fine) or - (stdin), else from the Traefik pods of a live cluster.
edgelens status sends no probe: HTTP/3 is answered from the access log's protocols and the config (see edgelens probe h3).
Exit: 0 no answer is "no" and no trap is set, 1 otherwise (a suspected SNAT counts), 2 bad usage or unreadable input.`;

const WORD: Record<keyof Summary['answers'], Record<string, string>> = {
  clientIp: { yes: '✔ YES', no: '✖ NO', partly: '▲ PARTLY', unknown: '? UNKNOWN' },
  http3: { yes: '✔ YES', no: '✖ NO', partly: '▲ PARTLY', unknown: '? UNKNOWN' },
  traps: { yes: '✖ TRAPS SET', partly: '▲ WARNINGS', no: '✔ NONE', unknown: '? UNKNOWN' },
};

export function formatSummary(s: Summary, describe: string): string {
  const out = [`edgelens status — ${describe}`, ''];
  for (const key of ['clientIp', 'http3', 'traps'] as const) {
    const a = s.answers[key];
    out.push(`${SUMMARY_QUESTIONS[key]}  ${WORD[key][a.answer] ?? a.answer}${a.suspect ? ' (suspected)' : ''}`, `  ${a.headline}`);
    for (const e of a.evidence.slice(0, 6)) out.push(`  - ${e}`);
    if (a.evidence.length > 6) out.push(`  - … ${a.evidence.length - 6} more (--json)`);
    out.push(`  based on: ${a.basis.length > 0 ? a.basis.join(', ') : 'nothing readable'}`, '');
  }
  for (const f of s.findings) out.push(`▲ ${f.rule}: ${f.message}`, `  fix: ${f.fix}`, '');
  return out.join('\n');
}

export async function statusCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      snapshot: { type: 'string' },
      logs: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      lab: { type: 'boolean' },
      scenario: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(statusUsage);
    return 0;
  }
  if (values.snapshot !== undefined && (values.kubeconfig || values.context || values.lab)) {
    throw new UsageError('--snapshot cannot be combined with --kubeconfig, --context or --lab');
  }
  if (values.snapshot === '-' && values.logs === '-') throw new UsageError('--snapshot and --logs cannot both read stdin');
  const snapshotText = values.snapshot === undefined ? undefined : await readInput(values.snapshot, io);
  // A log of your own with no cluster configured is judged alone: never against the lab's addresses.
  const wantLab = values.lab === true || io.env.EDGELENS_MODE === 'lab';
  if (values.logs !== undefined && snapshotText === undefined && !values.kubeconfig && !values.context && !wantLab && !clusterConfigured(io.env)) {
    const { report } = await analyzeLogInput(values.logs, { 'no-cluster': true }, {}, 'auto', io);
    const summary = summarize({ cluster: null, logs: { ok: true, data: report }, probes: null, crowdsec: null, now: new Date() });
    if (values.json) printJson(io, summary);
    else io.out(formatSummary(summary, `${values.logs === '-' ? 'stdin' : values.logs} (no cluster configured: node addresses unknown)`));
    return summaryExitCode(summary);
  }
  const source = await openClusterFromFlags(values, io, snapshotText === undefined ? undefined : { text: snapshotText, name: values.snapshot });
  try {
    const now = new Date();
    const snapshot = await source.read();
    const unreachable = snapshot.objects.length === 0 && snapshot.gaps.length > 0 && snapshot.gaps.every((g) => g.reason === 'unreachable');
    const cluster: Reading<ReturnType<typeof analyzeCluster>> = unreachable
      ? { ok: false, reason: `cannot reach the Kubernetes API (${source.describe}): ${snapshot.gaps[0]?.detail ?? 'unreachable'}` }
      : { ok: true, data: analyzeCluster(snapshot, { now }) };

    let logs: Reading<LogReport> = null;
    if (values.logs !== undefined) {
      const { report } = await analyzeLogInput(values.logs, { snapshot: values.snapshot, kubeconfig: values.kubeconfig, context: values.context, lab: values.lab, scenario: values.scenario }, {}, 'auto', io);
      logs = { ok: true, data: report };
    } else if (source.kubeConfig && !unreachable) {
      const [{ readTraefikLogs }, { podLogReport }] = await Promise.all([import('@/probes/podlogs'), import('@/lib/logs/pod-log-report')]);
      try {
        const { observation } = await readTraefikLogs(source.kubeConfig, { cluster: snapshot });
        logs = { ok: true, data: podLogReport(observation) };
      } catch (err) {
        logs = { ok: false, reason: err instanceof Error ? err.message : String(err) };
      }
    }
    const summary = summarize({ cluster, logs, probes: null, crowdsec: null, now });
    if (values.json) printJson(io, summary);
    else io.out(formatSummary(summary, source.describe));
    return summaryExitCode(summary);
  } finally {
    await source.close();
  }
}
