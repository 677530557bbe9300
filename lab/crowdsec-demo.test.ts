// The lab's CrowdSec: a real LAPI seeded with the demo decisions, read by the
// same code as the server (readCrowdsecReport) — the panel the demo shows.
import { describe, expect, it } from 'vitest';
import { addressContextFromObjects } from '@/lib/logs/address-context';
import { readCrowdsecReport } from '@/server/crowdsec-service';
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall } from './crowdsec';
import { labCrowdsecWanted, startLabCrowdsec, LAB_DECISIONS } from './crowdsec-demo';
import { loadScenario } from './scenarios';

describe('lab CrowdSec', () => {
  it('runs by default in the lab, unless turned off or a LAPI of the user is configured', () => {
    expect(labCrowdsecWanted({})).toBe(true);
    expect(labCrowdsecWanted({ EDGELENS_LAB_CROWDSEC: 'off' })).toBe(false);
    expect(labCrowdsecWanted({ EDGELENS_LAB_CROWDSEC: '1' })).toBe(true);
    expect(labCrowdsecWanted({ EDGELENS_LAB_CROWDSEC: 'on', EDGELENS_CROWDSEC_URL: 'http://127.0.0.1:8080' })).toBe(false);
  });

  it('starts a real LAPI with the demo decisions; the homelab-before panel is dangerous, with the node ban and the bouncer plugin', { timeout: 60_000 }, async () => {
    if (findCrowdsecInstall() === null) throw new Error(CROWDSEC_INSTALL_HINT);
    const lab = await startLabCrowdsec();
    if (!lab.ok) throw new Error(lab.missing);
    try {
      const objects = loadScenario('homelab-before');
      const report = await readCrowdsecReport(lab.env, { addresses: addressContextFromObjects(objects), logs: null, objects }, { now: new Date() });
      expect(report.lapi).toMatchObject({ reachable: true, auth: 'ok' });
      expect(report.decisionsTotal).toBe(LAB_DECISIONS.length);
      expect(report.verdict).toBe('dangerous');
      expect(report.decisions.find((d) => d.value === '10.0.20.103')?.class).toBe('node');
      expect(report.bouncers?.[0]).toMatchObject({ source: { name: 'crowdsec-bouncer' }, mode: 'stream', clientTrustedIPs: ['10.0.0.0/8'] });
      expect(report.polling?.effects.join(' ')).toContain('LastPull');
    } finally {
      await lab.lapi.stop();
    }
  });
});
