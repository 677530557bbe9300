// The lab's CrowdSec: a real LAPI on loopback with the lab's decisions, read by
// the same CrowdSec service the API uses. Fails (not skips) with the install
// hint when the binaries are missing, like the other LAPI tests.
import { afterAll, describe, expect, it } from 'vitest';
import { CROWDSEC_INSTALL_HINT, findCrowdsecInstall } from '@/lab/crowdsec';
import { createCrowdsecService } from './crowdsec-service';
import { crowdsecEnv, labCrowdsecNote, startLabCrowdsec, type LabCrowdsec } from './lab-crowdsec';

describe('lab CrowdSec', () => {
  let lab: LabCrowdsec | null = null;
  afterAll(async () => {
    await lab?.stop();
  });

  it('is off when a LAPI is configured or EDGELENS_LAB_CROWDSEC=off', () => {
    expect(startLabCrowdsec({ EDGELENS_CROWDSEC_URL: 'http://127.0.0.1:1' }).current()).toEqual({ state: 'off' });
    expect(startLabCrowdsec({ EDGELENS_LAB_CROWDSEC: 'off' }).current()).toEqual({ state: 'off' });
  });

  it('says what is missing when the binaries are not there', () => {
    const missing = startLabCrowdsec({ EDGELENS_CROWDSEC_DIR: '/nonexistent-edgelens' }, async () => {
      throw new Error('must not start');
    });
    // '/' is searched too: a system-wide install counts as present.
    if (findCrowdsecInstall({ EDGELENS_CROWDSEC_DIR: '/nonexistent-edgelens' }) === null) {
      expect(missing.current().state).toBe('missing');
      expect(labCrowdsecNote(missing)).toContain('install-crowdsec.sh');
    }
  });

  it('starts a real LAPI whose ban on node address 10.0.20.103 becomes a finding', async () => {
    if (findCrowdsecInstall() === null) throw new Error(CROWDSEC_INSTALL_HINT);
    lab = startLabCrowdsec({});
    for (let i = 0; i < 240 && lab.current().state === 'starting'; i++) await new Promise((r) => setTimeout(r, 250));
    const state = lab.current();
    expect(state.state, JSON.stringify(state)).toBe('running');
    const current = lab;
    const service = createCrowdsecService({
      env: () => crowdsecEnv({}, current),
      ttlMs: 0,
      context: async () => ({ addresses: { nodeIPs: ['10.0.20.103'], podCIDRs: [], lbIPs: [] }, logs: null }),
    });
    const report = await service.get();
    expect(report.lapi.auth).toBe('ok');
    expect(report.decisions.map((d) => d.value)).toEqual(expect.arrayContaining(['10.0.20.103', '203.0.113.50']));
    expect(report.findings.map((f) => f.rule)).toContain('crowdsec-decision-on-internal-ip');
    expect(JSON.stringify(report)).not.toContain(state.state === 'running' ? (state.env.EDGELENS_CROWDSEC_KEY ?? '') : 'x');
  }, 90_000);
});
