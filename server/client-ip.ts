// The Client-IP services of the running server (pod-log sampling and
// CrowdSec), created once per runtime on first use.
import { addressContextFromObjects } from '@/lib/logs/address-context';
import { loadLogsSettings, type LogsSettings } from './logs-config';
import { ApiError } from './api-error';
import { createCrowdsecService, type CrowdsecService } from './crowdsec-service';
import { createLogsService, type LogsSample, type LogsService } from './logs-service';
import { getRuntime, type Runtime } from './runtime';
import { sourceHealth } from './source-health';

export interface ClientIpServices {
  settings: LogsSettings;
  logs: LogsService;
  crowdsec: CrowdsecService;
}

/** Builds the services over a runtime (exported for tests that bring their own runtime). */
export function createClientIpServices(
  rt: Pick<Runtime, 'source' | 'getSnapshot'>,
  env: NodeJS.ProcessEnv,
  readTimeoutMs = 4_000,
  onSample?: (sample: LogsSample) => void,
): ClientIpServices {
  const loaded = loadLogsSettings(env);
  if (!loaded.ok) throw new ApiError(503, 'invalid-configuration', loaded.error);
  const { settings } = loaded;
  const logs = withSourceHealth(createLogsService({ mode: rt.source.mode, kubeConfig: rt.source.kubeConfig, getSnapshot: () => rt.getSnapshot(), settings }), readTimeoutMs, onSample);
  const crowdsec = createCrowdsecService({
    env: () => env,
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
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), readTimeoutMs);
        });
        const sample = await Promise.race([inner.get(), late]).finally(() => clearTimeout(timer));
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
    get: async () => {
      const report = await inner.get();
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
    services = createClientIpServices(rt, process.env, rt.config.readTimeoutMs, (sample) => {
      if (sample.report.sampling?.from === 'pods') rt.history.recordClientClasses(sample.report);
    });
    map.set(rt, services);
  }
  return services;
}
