// `edgelens cluster`: read a cluster (live, lab or snapshot), analyze it, report.
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { openClusterSource } from '@/lib/server/cluster-source';
import { parseCommandArgs } from '../args';
import { UsageError } from '../errors';
import { type Io, printJson, readInput } from '../io';
import { formatClusterReport } from '../format/cluster-text';

export const clusterUsage = `Usage: edgelens cluster [--snapshot FILE|-] [--kubeconfig PATH] [--context NAME] [--lab [--scenario NAME]] [--json]`;

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
  const snapshotText = values.snapshot === undefined ? undefined : await readInput(values.snapshot, io);
  const source = await openClusterSource({
    mode: values.lab || io.env.EDGELENS_MODE === 'lab' ? 'lab' : 'auto',
    snapshotText,
    snapshotName: values.snapshot === '-' ? '(stdin)' : values.snapshot,
    kubeconfigPath: values.kubeconfig,
    context: values.context,
    scenario: values.scenario,
  }).catch((err: unknown) => {
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  });
  try {
    const snapshot = await source.read();
    if (snapshot.objects.length === 0 && snapshot.gaps.length > 0 && snapshot.gaps.every((g) => g.reason === 'unreachable')) {
      throw new UsageError(`cannot reach the Kubernetes API (${source.describe}): ${snapshot.gaps[0]?.detail ?? 'unreachable'}`);
    }
    const report = analyzeCluster(snapshot, { now: new Date() });
    if (values.json) printJson(io, report);
    else io.out(formatClusterReport(report, source.describe));
    return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } finally {
    await source.close();
  }
}
