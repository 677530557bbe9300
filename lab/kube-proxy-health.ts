// A stand-in for kube-proxy's per-Service health server (the healthCheckNodePort of a
// type: LoadBalancer, externalTrafficPolicy: Local Service), answering exactly as upstream does
// in pkg/proxy/healthcheck/service_health.go (kubernetes/kubernetes): any path, Content-Type
// application/json, X-Content-Type-Options: nosniff, 200 when the node has local endpoints and
// kube-proxy is healthy, else 503, and the body
//   {\n\t"service": {\n\t\t"namespace": NS,\n\t\t"name": NAME\n\t},\n\t"localEndpoints": N,\n\t"serviceProxyHealthy": B\n}
// (a dedented, newline-trimmed Go template: tabs, no trailing newline). Listens on loopback only.
import http from 'node:http';

export interface KubeProxyHealthOptions {
  /** Loopback address to bind (127.0.0.2 … stands for one node each). */
  host: string;
  /** Fixed port (the Service's healthCheckNodePort is the same number on every node); 0 = any. */
  port?: number;
  namespace: string;
  name: string;
  localEndpoints: number;
  serviceProxyHealthy?: boolean;
}

export interface RunningKubeProxyHealth {
  host: string;
  port: number;
  /** The node gains or loses its local endpoints (a pod scheduled there or gone). */
  setLocalEndpoints(n: number): void;
  /** Requests answered so far (method and path), for tests that must know they were asked. */
  requests(): Array<{ method: string; path: string; status: number }>;
  stop(): Promise<void>;
}

/** The exact body kube-proxy writes (see the header comment). */
export function kubeProxyHealthBody(namespace: string, name: string, localEndpoints: number, serviceProxyHealthy: boolean): string {
  return `{\n\t"service": {\n\t\t"namespace": ${JSON.stringify(namespace)},\n\t\t"name": ${JSON.stringify(name)}\n\t},\n\t"localEndpoints": ${localEndpoints},\n\t"serviceProxyHealthy": ${serviceProxyHealthy}\n}`;
}

export async function startKubeProxyHealth(o: KubeProxyHealthOptions): Promise<RunningKubeProxyHealth> {
  let local = o.localEndpoints;
  const healthy = o.serviceProxyHealthy ?? true;
  const seen: Array<{ method: string; path: string; status: number }> = [];
  const server = http.createServer((req, res) => {
    const status = local !== 0 && healthy ? 200 : 503;
    const body = kubeProxyHealthBody(o.namespace, o.name, local, healthy);
    seen.push({ method: req.method ?? '', path: req.url ?? '', status });
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    host: o.host,
    port,
    setLocalEndpoints: (n) => {
      local = n;
    },
    requests: () => [...seen],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
