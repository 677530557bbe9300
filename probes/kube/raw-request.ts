// GET a Kubernetes API path and keep the JSON text as the server sent it.
//
// Why not the typed APIs (CoreV1Api.listServiceForAllNamespaces, …)? client-node
// deserializes those into model classes: timestamps become Date objects, fields
// the model does not know are dropped, and list items carry no kind/apiVersion.
// edgelens wants kubectl's raw JSON (rules such as lb-ip-referenced search the
// whole object, and snapshots must round-trip with `kubectl get -o yaml`). So we
// build a RequestContext, let KubeConfig apply its authentication (tokens, exec
// plugins, client certs, TLS dispatcher: the same code the typed APIs use), send
// it with client-node's own HTTP library, and parse the body ourselves.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';

export interface RawResponse {
  status: number;
  text: string;
}

const http = new IsomorphicFetchHttpLibrary();

/** Throws only for transport failures (refused, DNS, timeout, TLS, auth plugin); HTTP errors are returned. */
export async function rawGet(kc: KubeConfig, pathAndQuery: string, signal?: AbortSignal): Promise<RawResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const ctx = new RequestContext(`${cluster.server.replace(/\/+$/, '')}${pathAndQuery}`, HttpMethod.GET);
  ctx.setHeaderParam('Accept', 'application/json');
  ctx.setHeaderParam('User-Agent', 'edgelens (kubernetes-client-javascript)');
  await kc.applySecurityAuthentication(ctx);
  if (signal) ctx.setSignal(signal);
  const res = await http.send(ctx).toPromise();
  return { status: res.httpStatusCode, text: await res.body.text() };
}

/** The API path listing `plural` across all namespaces. */
export function listPath(k: { group: string; version: string; plural: string }): string {
  return k.group ? `/apis/${k.group}/${k.version}/${k.plural}` : `/api/${k.version}/${k.plural}`;
}
