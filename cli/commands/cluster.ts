// `edgelens cluster`: read a cluster (live, lab or snapshot), analyze it, report.
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { clusterUnreadableReason } from '@/lib/analyzers/cluster-reachability';
import { WhatIfError, parseWhatIfChanges } from '@/lib/analyzers/what-if/parse-change';
import { planWhatIf } from '@/lib/analyzers/what-if/plan';
import { parseCommandArgs } from '../args';
import { openClusterFromFlags } from '../cluster-flags';
import { UsageError } from '../errors';
import { type Io, printJson, readInput } from '../io';
import { formatClusterReport } from '../format/cluster-text';
import { formatWhatIf } from '../format/what-if-text';

export const clusterUsage = `Usage: edgelens cluster [--snapshot FILE|-] [--kubeconfig PATH] [--context NAME] [--lab [--scenario NAME]] [--what-if NS/NAME:etp=Local|Cluster,ip=IP,key=KEY …] [--json]`;

export async function clusterCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      snapshot: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      lab: { type: 'boolean' },
      scenario: { type: 'string' },
      json: { type: 'boolean' },
      'what-if': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(clusterUsage);
    return 0;
  }
  if (values.snapshot !== undefined && (values.kubeconfig || values.context || values.lab)) {
    throw new UsageError('--snapshot cannot be combined with --kubeconfig, --context or --lab');
  }
  // Checked before anything is read: a typo in --what-if is a usage error, not a cluster problem.
  const changes = asUsageError(() => parseWhatIfChanges(values['what-if'] ?? []));
  const snapshotText = values.snapshot === undefined ? undefined : await readInput(values.snapshot, io);
  const source = await openClusterFromFlags(
    values,
    io,
    snapshotText === undefined ? undefined : { text: snapshotText, name: values.snapshot === '-' ? '(stdin)' : values.snapshot },
  );
  try {
    const snapshot = await source.read();
    // An API server that cannot be read is "unknown", never an empty (clean-looking) report.
    const unreadable = clusterUnreadableReason(snapshot);
    if (unreadable !== null) {
      throw new UsageError(`unknown — cannot read the Kubernetes API (${source.describe}): ${unreadable}`);
    }
    const now = new Date();
    const report = changes.length > 0 ? asUsageError(() => planWhatIf(snapshot, changes, { now })) : analyzeCluster(snapshot, { now });
    if (values.json) printJson(io, report);
    else io.out(formatClusterReport(report, source.describe) + (report.whatIf ? `\n${formatWhatIf(report.whatIf)}` : ''));
    return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } finally {
    await source.close();
  }
}

/** A what-if the snapshot cannot take (bad syntax, unknown Service) is bad usage: exit 2, one line. */
function asUsageError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WhatIfError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}
