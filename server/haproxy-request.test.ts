// POST /api/v1/haproxy and `edgelens haproxy` share buildHaproxy: the new fields (ports,
// receiver) reach the generator, and combinations that cannot work are refused in words.
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '@/lib/model';
import { HaproxyRequestError, buildHaproxy } from './haproxy-request';

const ctx = {
  generatedBy: 'edgelens test',
  sourceName: 'nothing',
  readSnapshot: async (): Promise<ClusterSnapshot> => {
    throw new Error('no cluster in this test');
  },
};

describe('buildHaproxy', () => {
  it('manual backends for another receiver: one listener named after it, with that receiver\'s settings', async () => {
    const out = await buildHaproxy({ backends: [{ address: '192.0.2.20', port: 993 }], receiver: 'dovecot', egress: '192.0.2.5', binds: [{ address: '0.0.0.0', port: 993 }] }, ctx);
    expect(out.haproxyCfg).toContain('frontend fe_dovecot');
    expect(out.haproxyCfg).toContain('bind 0.0.0.0:993');
    expect(out.receivers?.map((r) => r.receiver)).toEqual(['dovecot']);
    expect(out.receivers?.[0]?.files[0]?.text).toContain('haproxy_trusted_networks = 192.0.2.5');
    expect(out.traefik).toBeUndefined();
  });

  it('manual backends default to Traefik as before', async () => {
    const out = await buildHaproxy({ backends: [{ address: '192.0.2.20', port: 8443 }] }, ctx);
    expect(out.haproxyCfg).toContain('frontend fe_websecure');
    expect(out.traefik?.cli[0]).toContain('--entryPoints.websecure.proxyProtocol.trustedIPs=');
  });

  it('ports need a Service', async () => {
    await expect(buildHaproxy({ backends: [{ address: '192.0.2.20', port: 25 }], ports: [25] }, ctx)).rejects.toThrow(HaproxyRequestError);
  });
});
