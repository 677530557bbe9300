// GET a pods/log subresource as a byte stream. Same authentication path as
// probes/kube/raw-request.ts (KubeConfig applies tokens, exec plugins, client
// certificates and the TLS dispatcher), but the body is not buffered: a pod
// log is read chunk by chunk and can be cut off at the byte bound.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';

export interface PodLogResponse {
  status: number;
  /** The body as a stream (200); null when the server sent none. */
  stream: ReadableStream<Uint8Array> | null;
  /** The whole body as text (for error Status bodies). */
  text(): Promise<string>;
}

const http = new IsomorphicFetchHttpLibrary();

export interface PodLogQuery {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  limitBytes?: number;
}

export function podLogPath(namespace: string, name: string, q: PodLogQuery): string {
  const params = new URLSearchParams();
  if (q.container !== undefined) params.set('container', q.container);
  if (q.tailLines !== undefined) params.set('tailLines', String(q.tailLines));
  if (q.sinceSeconds !== undefined) params.set('sinceSeconds', String(q.sinceSeconds));
  if (q.limitBytes !== undefined) params.set('limitBytes', String(q.limitBytes));
  const query = params.toString();
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/log${query ? `?${query}` : ''}`;
}

/** Throws only for transport failures (refused, DNS, timeout, TLS, auth plugin); HTTP errors are returned. */
export async function openPodLog(kc: KubeConfig, path: string, signal?: AbortSignal): Promise<PodLogResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const ctx = new RequestContext(`${cluster.server.replace(/\/+$/, '')}${path}`, HttpMethod.GET);
  ctx.setHeaderParam('Accept', 'text/plain, application/json');
  ctx.setHeaderParam('User-Agent', 'edgelens (kubernetes-client-javascript)');
  await kc.applySecurityAuthentication(ctx);
  if (signal) ctx.setSignal(signal);
  const res = await http.send(ctx).toPromise();
  return { status: res.httpStatusCode, stream: res.body.stream(), text: () => res.body.text() };
}
