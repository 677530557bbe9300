import { describe, expect, it } from 'vitest';
import type { CrowdsecReport, LogReport } from '@/lib/model';
import { crowdsecMetrics, logMetrics } from './client-ip-metrics';
import { renderMetrics } from './metrics';

const logs: LogReport = {
  lines: 12,
  parsed: 10,
  malformed: 2,
  blank: 0,
  format: 'json',
  classes: { node: 9, pod: 0, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 1, documentation: 0 },
  routers: [
    { router: 'immich@kubernetes', entryPoint: 'websecure', requests: 6, byClass: { node: 6 }, snatRatio: 1, verdict: 'snat' },
    { router: 'immich@kubernetes', entryPoint: 'web', requests: 1, byClass: { node: 1 }, snatRatio: 1, verdict: 'snat' },
    { router: 'grafana@kubernetes', entryPoint: 'websecure', requests: 3, byClass: { node: 2, public: 1 }, snatRatio: 0.6667, verdict: 'mixed' },
  ],
  topClients: [],
  verdict: 'snat',
  findings: [],
  sources: [
    { pod: 'traefik-a', namespace: 'traefik', lines: 12, bytes: 900 },
    { pod: 'traefik-b', namespace: 'traefik', lines: 0, bytes: 0, reason: 'forbidden', error: 'no' },
  ],
};

describe('client-ip metrics', () => {
  it('exposes requests per router and class (entrypoints merged), SNAT ratios, the verdict and the sources', () => {
    const text = renderMetrics(logMetrics(logs));
    expect(text).toContain('edgelens_client_requests{router="immich@kubernetes",class="node"} 7');
    expect(text).toContain('edgelens_client_requests{router="grafana@kubernetes",class="public"} 1');
    expect(text).toContain('edgelens_client_snat_ratio{router="grafana@kubernetes",entrypoint="websecure"} 0.6667');
    expect(text).toContain('edgelens_client_ip_verdict{verdict="snat"} 1');
    expect(text).toContain('edgelens_log_lines{kind="malformed"} 2');
    expect(text).toContain('edgelens_log_sources{status="forbidden"} 1');
    expect(text).toContain('edgelens_log_sources{status="ok"} 1');
  });

  it('exposes CrowdSec decisions by class, and only the verdict when CrowdSec is not configured', () => {
    const base: CrowdsecReport = {
      lapi: { url: 'http://127.0.0.1:8080', reachable: true, healthy: true, auth: 'ok' },
      decisions: [
        { id: 1, origin: 'cscli', type: 'ban', scope: 'Ip', value: '10.0.20.103', duration: '1h', scenario: 's', class: 'node', flags: ['internal-address', 'node'] },
        { id: 2, origin: 'cscli', type: 'ban', scope: 'Ip', value: '203.0.113.9', duration: '1h', scenario: 's', class: 'public', flags: [] },
        { id: 3, origin: 'cscli', type: 'ban', scope: 'Country', value: 'XX', duration: '1h', scenario: 's', class: null, flags: ['not-an-address'] },
      ],
      decisionsTotal: 3,
      decisionsOmitted: 0,
      verdict: 'dangerous',
      explanation: '',
      findings: [],
      generatedAt: '2024-05-01T12:00:00Z',
    };
    const text = renderMetrics(crowdsecMetrics(base));
    expect(text).toContain('edgelens_crowdsec_decisions{class="node"} 1');
    expect(text).toContain('edgelens_crowdsec_decisions{class="none"} 1');
    expect(text).toContain('edgelens_crowdsec_lapi_up 1');
    const off = renderMetrics(crowdsecMetrics({ ...base, lapi: { url: '', reachable: false, healthy: null, auth: 'not-configured' }, decisions: [], verdict: 'not-configured' }));
    expect(off).toContain('edgelens_crowdsec_verdict{verdict="not-configured"} 1');
    expect(off).not.toContain('edgelens_crowdsec_lapi_up');
  });
});
