// `edgelens lab`: run the embedded lab Kubernetes API server alone and print a kubeconfig
// for it, so kubectl (or edgelens itself, elsewhere) can read a scenario.
import { listScenarios } from '@/lab/scenarios';
import { startLabServer } from '@/lab/server';
import { parseCommandArgs, parsePort } from '../args';
import { UsageError } from '../errors';
import type { Io } from '../io';

export const labUsage = `Usage: edgelens lab [--scenario NAME] [--port N] [--host ADDR] [--list] [--no-rbac]

  The lab answers only what edgelens' ClusterRole allows (deploy/kustomize/base/clusterrole.yaml),
  like your cluster would; --no-rbac serves every read (e.g. kubectl get svc NAME, kubectl logs).`;

export async function labCommand(argv: string[], io: Io): Promise<number | null> {
  const { values } = parseCommandArgs(
    argv,
    { scenario: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, list: { type: 'boolean' }, 'no-rbac': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(labUsage);
    return 0;
  }
  const scenarios = listScenarios();
  if (values.list) {
    io.out(scenarios.join('\n'));
    return 0;
  }
  if (values.scenario !== undefined && !scenarios.includes(values.scenario)) {
    throw new UsageError(`unknown scenario "${values.scenario}" (known: ${scenarios.join(', ')})`);
  }
  const lab = await startLabServer({ scenario: values.scenario, port: parsePort(values.port, 0), host: values.host ?? '127.0.0.1', ...(values['no-rbac'] ? { rbac: false as const } : {}) });
  io.out(lab.kubeconfig());
  io.err(`edgelens lab: scenario ${lab.scenario ?? '-'} at ${lab.url} (RBAC: ${values['no-rbac'] ? 'off' : "edgelens' ClusterRole"}) — save the kubeconfig above and use it with kubectl or edgelens; Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    const stop = () => void lab.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
