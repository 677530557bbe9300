import { describe, expect, it } from 'vitest';
import { loadScenario } from '@/lab/scenarios';
import { buildHaproxy, sourceLabel } from './haproxy-request';

describe('generated haproxy.cfg names no internal URL', () => {
  it('the header says where backends came from without the API server URL or a local path', async () => {
    for (const mode of ['kube', 'lab', 'snapshot'] as const) {
      const out = await buildHaproxy(
        { service: { namespace: 'traefik', name: 'traefik' } },
        { generatedBy: 'edgelens dashboard', sourceName: sourceLabel(mode), readSnapshot: async () => ({ source: 'lab', gaps: [], objects: loadScenario('homelab-before') }) },
      );
      expect(out.haproxyCfg).not.toMatch(/https?:\/\//);
      expect(out.haproxyCfg).not.toMatch(/127\.0\.0\.1:\d+|\/tmp\/|\.yaml/);
      expect(out.haproxyCfg).toContain(sourceLabel(mode));
    }
  });
});
