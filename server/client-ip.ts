// The Client-IP services of the running server (pod-log sampling and
// CrowdSec), created once per runtime on first use.
import { addressContextFromObjects } from '@/lib/logs/address-context';
import { loadLogsSettings, type LogsSettings } from './logs-config';
import { ApiError } from './api-error';
import { createCrowdsecService, type CrowdsecService } from './crowdsec-service';
import { createLogsService, type LogsSample, type LogsService } from './logs-service';
import { getRuntime, type Runtime } from './runtime';
import { LAB_CROWDSEC_ENV, labCrowdsecWanted, startLabCrowdsec } from '@/lab/crowdsec-demo';

export interface ClientIpServices {
  settings: LogsSettings;
  logs: LogsService;
  crowdsec: CrowdsecService;
}

/** Builds the services over a runtime (exported for tests that bring their own runtime). */
export function createClientIpServices(rt: Pick<Runtime, 'source' | 'getSnapshot'>, env: NodeJS.ProcessEnv, opts: { crowdsecNote?: string } = {}): ClientIpServices {
  const loaded = loadLogsSettings(env);
  if (!loaded.ok) throw new ApiError(503, 'invalid-configuration', loaded.error);
  const { settings } = loaded;
  const logs = createLogsService({ mode: rt.source.mode, kubeConfig: rt.source.kubeConfig, getSnapshot: () => rt.getSnapshot(), settings });
  const crowdsec = createCrowdsecService({
    env: () => env,
    ttlMs: settings.crowdsecTtlMs,
    ...(opts.crowdsecNote ? { note: opts.crowdsecNote } : {}),
    // CrowdSec is judged even when the logs cannot be sampled: only crowdsec-blind needs them.
    context: async () => {
      let sample: LogsSample | null = null;
      try {
        sample = await logs.get();
      } catch {
        // No logs (API down, RBAC): decisions are still classified with the snapshot's addresses below.
      }
      // Cluster objects too: Traefik Middlewares configure the CrowdSec bouncer plugin.
      const objects = await rt.getSnapshot().then((snap) => snap.objects).catch(() => undefined);
      if (sample) return { addresses: sample.addresses, logs: sample.report.sampling?.from === 'pods' ? sample.report : null, ...(objects ? { objects } : {}) };
      if (objects) return { addresses: addressContextFromObjects(objects), logs: null, objects };
      return { addresses: null, logs: null };
    },
  });
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
    services = await labServices(rt);
    map.set(rt, services);
  }
  return services;
}

/** In lab mode with EDGELENS_LAB_CROWDSEC=1: a real LAPI for the demo, or a note saying exactly what is missing. */
async function labServices(rt: Runtime): Promise<ClientIpServices> {
  if (rt.source.mode !== 'lab') return createClientIpServices(rt, process.env);
  if (!labCrowdsecWanted(process.env)) {
    return createClientIpServices(rt, process.env, { crowdsecNote: `In the lab, ${LAB_CROWDSEC_ENV}=1 runs a real CrowdSec LAPI with demo decisions (needs \`bash scripts/install-crowdsec.sh\`).` });
  }
  const lab = await startLabCrowdsec();
  if (!lab.ok) return createClientIpServices(rt, process.env, { crowdsecNote: `${LAB_CROWDSEC_ENV}=1 asked for a lab CrowdSec LAPI, but ${lab.missing}` });
  return createClientIpServices(rt, { ...process.env, ...lab.env });
}
