import { describe, expect, it } from 'vitest';
import { serviceSchema } from './kube';

describe('serviceSchema', () => {
  it('defaults a port protocol to TCP like the API server does', () => {
    const svc = serviceSchema.parse({ kind: 'Service', metadata: { name: 'a' }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } });
    expect(svc.spec.ports[0]?.protocol).toBe('TCP');
  });
});
