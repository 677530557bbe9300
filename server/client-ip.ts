// The Client-IP services of the running server (pod-log sampling and
// CrowdSec), created once per runtime on first use.
import { addressContextFromObjects } from '@/lib/logs/address-context';
import { loadLogsSettings, type LogsSettings } from './logs-config';
import { ApiError } from './api-error';
import { createCrowdsecService, type CrowdsecService } from './crowdsec-service';
import { createLogsService, type LogsSample, type LogsService } from './logs-service';
import { crowdsecEnv, labCrowdsecNote, startLabCrowdsec, type LabCrowdsec } from './lab-crowdsec';
import { getRuntime, type Runtime } from './runtime';

export interface ClientIpServices {
  settings: LogsSettings;
  logs: LogsService;
  crowdsec: CrowdsecService;
}

/** Builds the services over a runtime (exported for tests that bring their own runtime). */
export function createClientIpServices(rt: Pick<Runtime, 'source' | 'getSnapshot'>, env: NodeJS.ProcessEnv): ClientIpServices {
  const loaded = loadLogsSettings(env);
  if (!loaded.ok) throw new ApiError(503, 'invalid-configuration', loaded.error);
  const { settings } = loaded;
  const logs = createLogsService({ mode: rt.source.mode, kubeConfig: rt.source.kubeConfig, getSnapshot: () => rt.getSnapshot(), settings });
  // In lab mode a real CrowdSec LAPI is started when the machine has it (server/lab-crowdsec.ts).
  const lab: LabCrowdsec | null = rt.source.mode === 'lab' ? startLabCrowdsec(env) : null;
  const service = createCrowdsecService({
    env: () => crowdsecEnv(env, lab),
    ttlMs: settings.crowdsecTtlMs,
    // CrowdSec is judged even when the logs cannot be sampled: only crowdsec-blind needs them.
    context: async () => {
      let sample: LogsSample | null = null;
      try {
        sample = await logs.get();
      } catch {
        // No logs (API down, RBAC): decisions are still classified with the snapshot's addresses below.
      }
      if (sample) return { addresses: sample.addresses, logs: sample.report.sampling?.from === 'pods' ? sample.report : null };
      try {
        return { addresses: addressContextFromObjects((await rt.getSnapshot()).objects), logs: null };
      } catch {
        return { addresses: null, logs: null };
      }
    },
  });
  const crowdsec: CrowdsecService = {
    async get() {
      const report = await service.get();
      const note = report.verdict === 'not-configured' ? labCrowdsecNote(lab) : null;
      return note ? { ...report, explanation: `${note} ${report.explanation}` } : report;
    },
  };
  return { settings, logs, crowdsec };
}

const KEY = Symbol.for('edgelens.client-ip');
type Holder = { [KEY]?: WeakMap<Runtime, ClientIpServices> };

export async function getClientIpServices(): Promise<ClientIpServices> {
  const rt = await getRuntime();
  const holder = globalThis as Holder;
  const map = (holder[KEY] ??= new WeakMap());
  let services = map.get(rt);
  if (!services) {
    services = createClientIpServices(rt, process.env);
    map.set(rt, services);
  }
  return services;
}
