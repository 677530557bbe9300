// The Client-IP services of the running server (pod-log sampling and
// CrowdSec), created once per runtime on first use.
import { addressContextFromObjects } from '@/lib/logs/address-context';
import { loadLogsSettings, type LogsSettings } from './logs-config';
import { ApiError } from './api-error';
import { createCrowdsecService, type CrowdsecService } from './crowdsec-service';
import { createLogsService, type LogsSample, type LogsService } from './logs-service';
import { getRuntime, type Runtime } from './runtime';
import { sourceHealth } from './source-health';
import { LAB_CROWDSEC_ENV, labCrowdsecWanted, startLabCrowdsec } from '@/lab/crowdsec-demo';
import { raceDeadline } from '@/probes/common/deadline';

export interface ClientIpServices {
  settings: LogsSettings;
  logs: LogsService;
  crowdsec: CrowdsecService;
}

/** Builds the services over a runtime (exported for tests that bring their own runtime). */
export function createClientIpServices(
  rt: Pick<Runtime, 'source' | 'getSnapshot'>,
  env: NodeJS.ProcessEnv,
  opts: { readTimeoutMs?: number; onSample?: (sample: LogsSample) => void; crowdsecNote?: string } = {},
): ClientIpServices {
  const { readTimeoutMs = 4_000, onSample } = opts;
  const loaded = loadLogsSettings(env);
  if (!loaded.ok) throw new ApiError(503, 'invalid-configuration', loaded.error);
  const { settings } = loaded;
  const logs = withSourceHealth(createLogsService({ mode: rt.source.mode, kubeConfig: rt.source.kubeConfig, getSnapshot: () => rt.getSnapshot(), settings }), readTimeoutMs, onSample);
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
  return { settings, logs, crowdsec: withCrowdsecHealth(crowdsec) };
}

/**
 * Pod logs come through the API server: while it is down, the last sample is served (the page's
 * outage banner says the cluster is stale) instead of a read that would wait on a dead server.
 */
function withSourceHealth(inner: LogsService, readTimeoutMs: number, onSample?: (sample: LogsSample) => void): LogsService {
  const health = sourceHealth();
  let last: LogsSample | null = null;
  const lastOr = (why: string): LogsSample => {
    if (last) return last;
    throw new ApiError(503, 'cluster-unreachable', `the pod logs cannot be read: ${why}`);
  };
  return {
    get: async () => {
      if (health.get('kube').up === false) return lastOr(health.get('kube').reason ?? 'the API server is unreachable');
      try {
        // A hung API server must not hold the request: past the read timeout, answer with the last
        // sample (the read goes on and fills the cache for the next request).
        const sample = await raceDeadline(inner.get(), readTimeoutMs, () => null);
        if (sample === null) return lastOr(`no answer within ${readTimeoutMs} ms`);
        const sources = sample.report.sources ?? [];
        if (sample.report.sampling?.from === 'pods') {
          const failed = sources.filter((x) => x.error || x.reason);
          if (sources.length > 0 && failed.length === sources.length) health.fail('podlogs', failed[0]?.error ?? failed[0]?.reason ?? 'no Traefik pod log could be read');
          else health.ok('podlogs');
        }
        if (sample !== last) onSample?.(sample);
        last = sample;
        return sample;
      } catch (err) {
        health.fail('podlogs', err instanceof Error ? err.message : String(err));
        throw err;
      }
    },
  };
}

function withCrowdsecHealth(inner: CrowdsecService): CrowdsecService {
  const health = sourceHealth();
  return {
    get reads() {
      return inner.reads;
    },
    get: async (getOpts) => {
      const report = await inner.get(getOpts);
      if (report.verdict === 'not-configured' && report.lapi.url === '') return report;
      if (report.lapi.reachable && report.verdict !== 'unreachable') health.ok('crowdsec');
      else health.fail('crowdsec', report.lapi.error ?? report.explanation ?? 'the CrowdSec LAPI cannot be read');
      return report;
    },
  };
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

/** In lab mode (unless EDGELENS_LAB_CROWDSEC=off): a real LAPI for the demo, or a note saying exactly what is missing. */
async function labServices(rt: Runtime): Promise<ClientIpServices> {
  const base = {
    readTimeoutMs: rt.config.readTimeoutMs,
    onSample: (sample: LogsSample) => {
      if (sample.report.sampling?.from === 'pods') rt.history.recordClientClasses(sample.report);
    },
  };
  if (rt.source.mode !== 'lab') return createClientIpServices(rt, process.env, base);
  if (!labCrowdsecWanted(process.env)) {
    return createClientIpServices(rt, process.env, {
      ...base,
      crowdsecNote: `${LAB_CROWDSEC_ENV}=off: the lab runs no CrowdSec LAPI (without it, the lab starts a real one with demo decisions when \`bash scripts/install-crowdsec.sh\` has installed CrowdSec).`,
    });
  }
  const lab = await startLabCrowdsec();
  if (!lab.ok) return createClientIpServices(rt, process.env, { ...base, crowdsecNote: `${LAB_CROWDSEC_ENV}=1 asked for a lab CrowdSec LAPI, but ${lab.missing}` });
  return createClientIpServices(rt, { ...process.env, ...lab.env }, base);
}
