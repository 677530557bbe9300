// metav1.Status bodies, shaped like kube-apiserver's, for every error the lab returns.
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export function kubeStatus(code: number, reason: string, message: string, details?: StatusDetails): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** `services "x" not found` / `servicel2statuses.metallb.io "x" not found`. */
export function notFound(plural: string, group: string, name: string): KubeStatus {
  const what = group ? `${plural}.${group}` : plural;
  return kubeStatus(404, 'NotFound', `${what} "${name}" not found`, { name, group: group || undefined, kind: plural });
}

/** The body kube-apiserver sends for a path it does not serve at all. */
export const NO_SUCH_RESOURCE = kubeStatus(404, 'NotFound', 'the server could not find the requested resource');

export function badRequest(message: string): KubeStatus {
  return kubeStatus(400, 'BadRequest', message);
}

export function forbidden(verb: string, plural: string, group: string, namespace: string | undefined, name?: string, subresource?: string): KubeStatus {
  const what = group ? `${plural}.${group}` : plural;
  const named = name ? ` "${name}"` : '';
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const resource = subresource ? `${plural}/${subresource}` : plural;
  return kubeStatus(
    403,
    'Forbidden',
    `${what}${named} is forbidden: User "system:serviceaccount:edgelens:edgelens" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
    { name, group: group || undefined, kind: plural },
  );
}

export function methodNotAllowed(method: string): KubeStatus {
  return kubeStatus(405, 'MethodNotAllowed', `the edgelens lab API server is read-only: ${method} is not supported`);
}
