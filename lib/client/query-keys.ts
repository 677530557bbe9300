// The one place that builds TanStack Query keys (the Headlamp model): every key
// starts with the same root, so `queryKey()` alone matches everything, and a
// resource's key is a prefix of its parameterised variants.

/** API resources the browser reads, by the path segment under /api/v1. */
export type ApiResource = 'health' | 'cluster' | 'lab' | 'haproxy' | 'probes' | 'logs' | 'crowdsec' | 'summary' | 'history' | 'agents';

export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

const ROOT = 'edgelens-api-v1';

export type QueryKey =
  | readonly [typeof ROOT]
  | readonly [typeof ROOT, ApiResource]
  | readonly [typeof ROOT, ApiResource, QueryParams];

/**
 * `queryKey()` → every edgelens query; `queryKey('cluster')` → the cluster
 * report (and any parameterised variant); `queryKey('cluster', { ns })` → one variant.
 * Params with `undefined` values are dropped so equal requests share one key.
 */
export function queryKey(): QueryKey;
export function queryKey(resource: ApiResource, params?: QueryParams): QueryKey;
export function queryKey(resource?: ApiResource, params?: QueryParams): QueryKey {
  if (resource === undefined) return [ROOT];
  if (params === undefined) return [ROOT, resource];
  const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length === 0 ? [ROOT, resource] : [ROOT, resource, defined];
}
