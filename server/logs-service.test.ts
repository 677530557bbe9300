import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logReportSchema, type ClusterSnapshot } from '@/lib/model';
import { parseSnapshot } from '@/lib/snapshot/parse';
import { startLabServer, type LabServer } from '@/lab/server';
import { labKubeConfig } from '@/probes/kube/kubeconfig';
import { readCluster } from '@/probes/kube/read-cluster';
import { loadLogsSettings, type LogsSettings } from './logs-config';
import { createLogsService } from './logs-service';

const settings = (over: Partial<LogsSettings> = {}): LogsSettings => {
  const r = loadLogsSettings({});
  if (!r.ok) throw new Error(r.error);
  return { ...r.settings, ...over };
};

describe('logs settings (EDGELENS_LOGS_*)', () => {
  it('has defaults and reads every variable', () => {
    expect(loadLogsSettings({})).toEqual({ ok: true, settings: { tailLines: 2000, limitBytes: 8 * 1024 * 1024, ttlMs: 30_000, crowdsecTtlMs: 15_000 } });
    const r = loadLogsSettings({
      EDGELENS_LOGS_SELECTOR: 'app.kubernetes.io/name=traefik',
      EDGELENS_LOGS_NAMESPACE: 'edge',
      EDGELENS_LOGS_TAIL: '500',
      EDGELENS_LOGS_SINCE: '15m',
      EDGELENS_LOGS_MAX_BYTES: '2M',
      EDGELENS_LOGS_TTL: '0',
    });
    expect(r).toEqual({
      ok: true,
      settings: { selector: 'app.kubernetes.io/name=traefik', namespace: 'edge', tailLines: 500, sinceSeconds: 900, limitBytes: 2 * 1024 * 1024, ttlMs: 0, crowdsecTtlMs: 15_000 },
    });
  });

  it('names the variable and the bad value', () => {
    expect(loadLogsSettings({ EDGELENS_LOGS_TAIL: 'many' })).toEqual({ ok: false, error: 'EDGELENS_LOGS_TAIL: expected a whole number from 1 to 1000000, got "many"' });
    expect(loadLogsSettings({ EDGELENS_LOGS_SINCE: 'yesterday' })).toMatchObject({ ok: false, error: expect.stringContaining('EDGELENS_LOGS_SINCE') });
    expect(loadLogsSettings({ EDGELENS_LOGS_SELECTOR: 'a in (b' })).toMatchObject({ ok: false, error: expect.stringContaining('EDGELENS_LOGS_SELECTOR: unbalanced') });
    expect(loadLogsSettings({ EDGELENS_LOGS_MAX_BYTES: 'big' })).toMatchObject({ ok: false, error: expect.stringContaining('EDGELENS_LOGS_MAX_BYTES') });
  });
});

describe('logs service', () => {
  it('snapshot mode: a clear "no source" report, with the snapshot\u2019s addresses', async () => {
    const snapshot = parseSnapshot(readFileSync(fileURLToPath(new URL('../lab/scenarios/homelab-before.yaml', import.meta.url)), 'utf8'));
    const svc = createLogsService({ mode: 'snapshot', kubeConfig: null, getSnapshot: async () => snapshot, settings: settings() });
    const { report, addresses } = await svc.get();
    expect(() => logReportSchema.parse(report)).not.toThrow();
    expect(report).toMatchObject({ lines: 0, verdict: 'unknown', sources: [], sampling: { from: 'none' } });
    expect(report.explanation).toContain('snapshot file');
    expect(addresses.nodeIPs).toContain('10.0.20.103');
  });

  describe('lab mode', () => {
    let lab: LabServer;
    beforeAll(async () => {
      lab = await startLabServer({ scenario: 'homelab-before' });
    });
    afterAll(() => lab.close());

    it('samples the Traefik pods once per snapshot, and again when the cluster changes', async () => {
      const kc = labKubeConfig(lab.url);
      let snapshot: ClusterSnapshot = await readCluster(kc, { source: 'lab' });
      const svc = createLogsService({ mode: 'lab', kubeConfig: kc, getSnapshot: async () => snapshot, settings: settings({ tailLines: 100 }) });
      const first = await svc.get();
      expect(first.report.verdict).toBe('snat');
      expect(first.report.sources?.map((s) => s.lines)).toEqual([100, 100, 100]);
      expect(await svc.get()).toBe(first);

      lab.switchScenario('homelab-after');
      try {
        snapshot = await readCluster(kc, { source: 'lab' });
        const after = await svc.get();
        expect(after).not.toBe(first);
        expect(after.report.verdict).toBe('preserved');
      } finally {
        lab.switchScenario('homelab-before');
      }
    });
  });
});

describe('CrowdSec visibility settings', () => {
  it('reads EDGELENS_CROWDSEC_HUB and EDGELENS_CROWDSEC_WHITELIST, and refuses bad values with one line', () => {
    const ok = loadLogsSettings({ EDGELENS_CROWDSEC_HUB: 'hub-2021', EDGELENS_CROWDSEC_WHITELIST: 'default, 100.64.0.0/10' });
    expect(ok.ok && ok.settings.crowdsec).toEqual({ crowdsecHub: 'hub-2021', crowdsecWhitelist: ['default', '100.64.0.0/10'] });
    expect(loadLogsSettings({ EDGELENS_CROWDSEC_HUB: 'latest' })).toMatchObject({ ok: false, error: expect.stringContaining('EDGELENS_CROWDSEC_HUB') });
    expect(loadLogsSettings({ EDGELENS_CROWDSEC_WHITELIST: 'lan' })).toMatchObject({ ok: false, error: expect.stringContaining('"lan"') });
  });
});
