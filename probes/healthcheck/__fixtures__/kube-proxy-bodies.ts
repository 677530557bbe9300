// kube-proxy's health check node port answers, byte for byte as its handler writes them:
// kubernetes/kubernetes pkg/proxy/healthcheck/service_health.go (commit 025f2834a128), hcHandler.ServeHTTP:
//   Content-Type: application/json, X-Content-Type-Options: nosniff;
//   200 when `count != 0 && kubeProxyHealthy`, else 503;
//   body = strings.Trim(dedent.Dedent(`{ "service": { "namespace": %q, "name": %q }, "localEndpoints": %d, "serviceProxyHealthy": %v }`), "\n")
// (tab-indented after dedent, no trailing newline). The handler serves every path; callers use /healthz.

export function kubeProxyBody(namespace: string, name: string, localEndpoints: number, serviceProxyHealthy: boolean): string {
  return [
    '{',
    '\t"service": {',
    `\t\t"namespace": ${JSON.stringify(namespace)},`,
    `\t\t"name": ${JSON.stringify(name)}`,
    '\t},',
    `\t"localEndpoints": ${localEndpoints},`,
    `\t"serviceProxyHealthy": ${serviceProxyHealthy}`,
    '}',
  ].join('\n');
}

/** The status code kube-proxy sends with that body. */
export function kubeProxyStatus(localEndpoints: number, serviceProxyHealthy: boolean): 200 | 503 {
  return localEndpoints !== 0 && serviceProxyHealthy ? 200 : 503;
}
