// Counts against a real CrowdSec LAPI (Debian crowdsec, lab/crowdsec.ts): 5,000 public
// decisions imported with cscli plus 3 internal ones — the report counts all 5,003 and
// the metric says 5000 for them, although the displayed list is capped. They are RFC 5737/3849
// documentation addresses (data, never contacted), which edgelens classes `documentation`: the
// stand-in for public addresses in examples and tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall, startCrowdsecLapi, type RunningLapi } from '@/lab/crowdsec';
import { crowdsecMetrics } from './client-ip-metrics';
import { readCrowdsecReport } from './crowdsec-service';
import { renderMetrics } from './metrics';

describe('decision counts (real LAPI)', () => {
  let lapi: RunningLapi;
  beforeAll(async () => {
    if (findCrowdsecInstall() === null) throw new Error(CROWDSEC_INSTALL_HINT);
    lapi = await startCrowdsecLapi();
    // Documentation ranges only: these are data inside the LAPI, never contacted.
    const rows = Array.from({ length: 5000 }, (_, i) => `4h,ip,ban,${['203.0.113', '198.51.100', '192.0.2'][i % 3]}.${Math.floor(i / 3) % 256},bulk`);
    const unique = [...new Set(rows)];
    const extra = Array.from({ length: 5000 - unique.length }, (_, i) => `4h,ip,ban,2001:db8::${(i + 1).toString(16)},bulk`);
    await lapi.importDecisions(['duration,scope,type,value,reason', ...unique, ...extra].join('\n') + '\n');
    await lapi.addDecision('10.0.20.103', { reason: 'crowdsecurity/http-probing' });
    await lapi.addDecision('10.0.20.200', { reason: 'crowdsecurity/http-probing' });
    await lapi.addDecision('10.0.20.101/32', { range: true, reason: 'manual' });
  }, 120_000);
  afterAll(async () => {
    await lapi?.stop();
  });

  it('5,000 public + 3 internal decisions: total 5,003, public metric 5000, every internal one listed', { timeout: 60_000 }, async () => {
    const env = { EDGELENS_CROWDSEC_URL: lapi.url, EDGELENS_CROWDSEC_KEY: lapi.bouncerKey };
    const addresses = { nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103'], podCIDRs: ['10.42.0.0/16'], lbIPs: ['10.0.20.200'] };
    const report = await readCrowdsecReport(env, { addresses, logs: null }, { now: new Date(), timeoutMs: 20_000 });
    expect(report.decisionsTotal).toBe(5003);
    expect(report.decisionsByClass).toEqual({ documentation: 5000, node: 2, lb: 1 });
    expect(report.decisions.filter((d) => d.flags.includes('internal-address')).map((d) => d.value).sort()).toEqual(['10.0.20.101/32', '10.0.20.103', '10.0.20.200']);
    expect(report.decisionsOmitted).toBe(4800);
    const text = renderMetrics(crowdsecMetrics(report));
    expect(text).toContain('edgelens_crowdsec_decisions{class="documentation"} 5000');
    expect(text).toContain('edgelens_crowdsec_decisions{class="node"} 2');
    expect(text).toContain('edgelens_crowdsec_decisions{class="lb"} 1');
  });
});
