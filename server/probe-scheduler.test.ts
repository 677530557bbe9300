// The scheduler with stand-in probes (no packets): what the API document says after runs, that the
// history stays bounded, that runs never overlap, that unknown or lab targets are refused, and that
// a failing probe never escapes. The real-network version is probe-scheduler.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { probesResponseSchema, type ProbeKind, type ProbeSample } from '@/lib/model';
import type { Resolution } from '@/probes/dns/resolve';
import type { ProbeFn } from './probe-plan';
import { ProbeScheduler, ProbeSelectionError, type SchedulerSettings } from './probe-scheduler';
import { LAB_NOT_PROBED, type ProbeTargetSpec, type TargetList } from './probe-targets';

const SETTINGS: SchedulerSettings = { samples: 3, sampleIntervalMs: 0, timeoutMs: 1_000, scheduleMs: 0, concurrency: 2, historySize: 10, probeDiscovered: false };

const target = (name: string, host: string, extra: Partial<ProbeTargetSpec> = {}): ProbeTargetSpec => ({
  name,
  host,
  port: 8443,
  sni: null,
  path: null,
  kinds: ['tcp', 'h3'],
  insecure: true,
  lb: null,
  source: 'config',
  probe: true,
  ...extra,
});

const ok = (kind: ProbeKind, altSvc: string | null = null): ProbeSample => ({
  ok: true,
  phase: 'done',
  error: null,
  handshakeMs: kind === 'tcp' ? 2 : 3,
  totalMs: 5,
  alpn: kind === 'tcp' ? 'h2' : 'h3',
  status: 200,
  altSvc,
  at: '2025-10-05T10:00:00.000Z',
});
const timeout = (): ProbeSample => ({
  ok: false,
  phase: 'quic',
  error: 'timeout',
  detail: 'no answer to the QUIC Initial within 1000 ms',
  handshakeMs: null,
  totalMs: 1000,
  alpn: null,
  status: null,
  altSvc: null,
});
const refused = (): ProbeSample => ({ ok: false, phase: 'connect', error: 'refused', detail: 'ECONNREFUSED', handshakeMs: null, totalMs: 1, alpn: null, status: null, altSvc: null });

/** Stand-in probes: `behaviour(kind, host)` decides each sample; every call is recorded. */
function fakeProbes(behaviour: (kind: ProbeKind, host: string, sni: string | undefined) => ProbeSample | Promise<ProbeSample>) {
  const calls: Array<{ kind: ProbeKind; host: string; sni?: string }> = [];
  const make =
    (kind: ProbeKind): ProbeFn =>
    async (t) => {
      calls.push({ kind, host: t.host, sni: t.sni });
      return behaviour(kind, t.host, t.sni);
    };
  return { probes: { tcp: make('tcp'), h3: make('h3') }, calls };
}

function scheduler(targets: ProbeTargetSpec[] | (() => TargetList), probes: Record<ProbeKind, ProbeFn>, extra: { resolve?: (n: string) => Promise<Resolution>; settings?: Partial<SchedulerSettings> } = {}) {
  const load = typeof targets === 'function' ? targets : () => ({ targets, error: null });
  return new ProbeScheduler({
    settings: { ...SETTINGS, ...extra.settings },
    loadTargets: async () => load(),
    resolve: extra.resolve ?? (async (name) => ({ name, addresses: [], error: 'no resolver in this test', resolver: 'none' })),
    probes,
    now: () => new Date('2025-10-05T10:00:00Z'),
    log: () => {},
  });
}

describe('ProbeScheduler', () => {
  it('a healthy target and a broken one: verdicts, ratio, p50/p95, last error in words, Alt-Svc verdicts and findings', async () => {
    const fake = fakeProbes((kind, host) => {
      if (kind === 'tcp') return ok('tcp', 'h3=":8443"; ma=2592000');
      return host === '127.0.0.1' ? ok('h3') : timeout();
    });
    const s = scheduler([target('live', '127.0.0.1'), target('broken', '127.0.0.3')], fake.probes);
    const doc = probesResponseSchema.parse(await s.run());

    const live = doc.targets.find((t) => t.name === 'live');
    expect(live?.tcp).toMatchObject({ verdict: 'ok', samples: 3, ok: 3, successRatio: 1, p50Ms: 2, p95Ms: 2, lastError: null });
    expect(live?.h3).toMatchObject({ verdict: 'ok' });
    expect(live?.h3?.results[0]?.alpn).toBe('h3');
    expect(live?.h3?.history).toHaveLength(3);
    expect(live?.h3?.runs).toEqual([{ at: '2025-10-05T10:00:00.000Z', samples: 3, ok: 3, p50Ms: 3, p95Ms: 3 }]);
    expect(live?.altSvc).toMatchObject({ verdict: 'working', message: 'HTTP/3 advertised and working' });

    const broken = doc.targets.find((t) => t.name === 'broken');
    expect(broken?.h3).toMatchObject({ verdict: 'failing', successRatio: 0, p50Ms: null });
    expect(broken?.h3?.lastError?.words).toBe(
      'UDP never answered: no reply to the QUIC Initial within 1 s — UDP/8443 is blocked or not forwarded (firewall, router port forward, or a LoadBalancer Service without a UDP port)',
    );
    expect(broken?.altSvc.verdict).toBe('broken');
    expect(doc.h3).toMatchObject({ verdict: 'broken', message: 'HTTP/3 advertised but broken on 1 of 2 probed targets (broken)' });
    expect(doc.findings.map((f) => f.rule).sort()).toEqual(['h3-advertised-but-broken', 'h3-udp-timeout']);
    expect(doc.findings[0]?.subjects).toEqual([{ kind: 'ProbeTarget', name: '127.0.0.3:8443' }]);
    expect(doc.lastRunAt).toBe('2025-10-05T10:00:00.000Z');
    expect(doc.running).toBe(false);
  });

  it('keeps at most historySize samples per target and kind (ring buffer)', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const s = scheduler([target('live', '127.0.0.1', { kinds: ['tcp'] })], fake.probes, { settings: { historySize: 10 } });
    for (let i = 0; i < 6; i++) await s.run();
    const doc = await s.snapshot();
    expect(fake.calls).toHaveLength(18);
    expect(doc.targets[0]?.tcp?.history).toHaveLength(10);
    expect(doc.targets[0]?.tcp?.runs).toHaveLength(6);
  });

  it('runs asked for at the same time never overlap: they join one run', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = fakeProbes(async (kind) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return ok(kind);
    });
    // concurrency 1 inside a run: any overlap seen must come from two runs at once.
    const s = scheduler([target('a', '127.0.0.1', { kinds: ['tcp'] }), target('b', '127.0.0.2', { kinds: ['tcp'] })], fake.probes, { settings: { concurrency: 1 } });
    await Promise.all([s.run(), s.run(), s.run()]);
    expect(fake.calls).toHaveLength(6);
    expect(maxInFlight).toBe(1);
  });

  it('runs only the named targets and kinds', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const s = scheduler([target('a', '127.0.0.1'), target('b', '127.0.0.2')], fake.probes);
    const doc = await s.run({ targets: ['b'], kinds: ['h3'] });
    expect(new Set(fake.calls.map((c) => `${c.kind}@${c.host}`))).toEqual(new Set(['h3@127.0.0.2']));
    expect(doc.targets.find((t) => t.name === 'a')?.h3).toBeUndefined();
  });

  it('an unknown name or a not-probed target is refused before anything is sent', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const lab = target('lb-10-0-20-200', '10.0.20.200', { source: 'discovered', probe: false, reason: LAB_NOT_PROBED });
    const s = scheduler([target('a', '127.0.0.1'), lab], fake.probes);
    await expect(s.run({ targets: ['nope'] })).rejects.toMatchObject({ code: 'unknown-target' });
    await expect(s.run({ targets: ['lb-10-0-20-200'] })).rejects.toBeInstanceOf(ProbeSelectionError);
    await expect(s.run({ targets: ['lb-10-0-20-200'] })).rejects.toMatchObject({ code: 'not-probed', message: /lab scenario address: not probed/ });
    expect(fake.calls).toEqual([]);
  });

  it('a run of everything never sends a packet to a not-probed (lab) target, and lists it with its reason', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const lab = target('lb-10-0-20-200', '10.0.20.200', { port: 443, source: 'discovered', probe: false, reason: LAB_NOT_PROBED });
    const doc = await scheduler([target('a', '127.0.0.1'), lab], fake.probes).run();
    expect(fake.calls.every((c) => c.host === '127.0.0.1')).toBe(true);
    expect(doc.targets.find((t) => t.name === 'lb-10-0-20-200')).toMatchObject({ source: 'discovered', probe: false, reason: LAB_NOT_PROBED });
  });

  it('a probe that throws does not stop the run or escape it', async () => {
    const fake = fakeProbes((kind, host) => {
      if (host === '127.0.0.9') throw new Error('boom');
      return ok(kind);
    });
    const s = scheduler([target('bad', '127.0.0.9'), target('good', '127.0.0.1')], fake.probes);
    const doc = await s.run();
    expect(doc.targets.find((t) => t.name === 'good')?.tcp?.verdict).toBe('ok');
    expect(doc.targets.find((t) => t.name === 'bad')?.tcp).toBeUndefined();
  });

  it('a target list that cannot be read is reported, not thrown', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const s = scheduler(() => ({ targets: [], error: 'EDGELENS_PROBE_TARGETS: 0.port: Too big' }), fake.probes);
    const doc = await s.run();
    expect(doc).toMatchObject({ targets: [], configError: 'EDGELENS_PROBE_TARGETS: 0.port: Too big', lastRunAt: null });
    expect(doc.h3.verdict).toBe('unknown');
  });

  it('forgets the history of a target that left the configuration', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    let list = [target('a', '127.0.0.1', { kinds: ['tcp'] })];
    const s = scheduler(() => ({ targets: list, error: null }), fake.probes);
    await s.run();
    list = [];
    expect((await s.snapshot()).targets).toEqual([]);
    list = [target('a', '127.0.0.1', { kinds: ['tcp'] })];
    expect((await s.snapshot()).targets[0]?.tcp).toBeUndefined();
  });

  it('start() runs at once and then on schedule; stop() ends it', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const s = new ProbeScheduler({
      settings: { ...SETTINGS, scheduleMs: 60_000 },
      loadTargets: async () => ({ targets: [target('a', '127.0.0.1', { kinds: ['tcp'] })], error: null }),
      resolve: async (name) => ({ name, addresses: [], error: null, resolver: 'none' }),
      probes: fake.probes,
      log: () => {},
    });
    s.start();
    for (let i = 0; i < 200 && (await s.snapshot()).lastRunAt === null; i++) await new Promise((r) => setTimeout(r, 10));
    const doc = await s.snapshot();
    s.stop();
    expect(doc.lastRunAt).not.toBeNull();
    expect(doc.nextRunAt).not.toBeNull();
    expect((await s.snapshot()).nextRunAt).toBeNull();
  });
});

describe('hostname targets: DNS from the server vantage point', () => {
  const resolveTo = (addresses: string[]) => async (name: string): Promise<Resolution> => ({ name, addresses, error: null, resolver: 'resolver 127.0.0.1:5353' });

  it('connects to the resolved address with SNI = the name; hairpin-failed when that fails and the LB works', async () => {
    const fake = fakeProbes((kind, host) => (host === '127.0.0.1' ? ok(kind) : refused()));
    const app = target('app', 'app.home.test', { kinds: ['tcp'], lb: '127.0.0.1' });
    const doc = await scheduler([app], fake.probes, { resolve: resolveTo(['127.0.0.2']) }).run();
    expect(fake.calls).toEqual(
      expect.arrayContaining([
        { kind: 'tcp', host: '127.0.0.2', sni: 'app.home.test' },
        { kind: 'tcp', host: '127.0.0.1', sni: 'app.home.test' },
      ]),
    );
    const status = doc.targets[0];
    expect(status?.dns).toEqual({ name: 'app.home.test', addresses: ['127.0.0.2'], lbIps: ['127.0.0.1'], error: null, resolver: 'resolver 127.0.0.1:5353' });
    expect(status?.tcp?.target).toBe('app.home.test:8443');
    expect(status?.tcp?.lastError?.words).toBe('Connection refused: nothing listens on TCP/8443 (or a firewall rejects it)');
    expect(doc.findings.map((f) => f.rule)).toEqual(['hairpin-failed']);
    expect(doc.findings[0]?.message).toMatch(/app\.home\.test is unreachable from the LAN through 127\.0\.0\.2/);
  });

  it('split-horizon-missing: the name resolves to a public address while its LB is private (no probe of the LB when not allowed)', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const lab = target('lb-10-0-20-200', '10.0.20.200', { port: 443, kinds: ['tcp', 'h3'], source: 'discovered', probe: false, reason: LAB_NOT_PROBED });
    const app = target('photos', 'photos.home.example.org', { port: 443, kinds: ['tcp'] });
    const doc = await scheduler([app, lab], fake.probes, { resolve: resolveTo(['203.0.113.7']) }).run();
    // Only the configured name's own address was probed; never the lab LB.
    expect(fake.calls.map((c) => c.host)).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
    expect(doc.targets[0]?.dns?.lbIps).toEqual(['10.0.20.200']);
    expect(doc.findings.map((f) => f.rule)).toEqual(['split-horizon-missing']);
  });

  it('a name that does not resolve: one failed sample with the reason, nothing sent', async () => {
    const fake = fakeProbes((kind) => ok(kind));
    const app = target('app', 'nope.home.test', { kinds: ['tcp', 'h3'] });
    const s = scheduler([app], fake.probes, { resolve: async (name) => ({ name, addresses: [], error: 'queryA ENOTFOUND nope.home.test', resolver: 'system resolver' }) });
    const doc = await s.run();
    expect(fake.calls).toEqual([]);
    expect(doc.targets[0]?.tcp).toMatchObject({ verdict: 'failing', samples: 1, lastError: { error: 'unreachable' } });
    expect(doc.targets[0]?.tcp?.lastError?.detail).toMatch(/cannot resolve nope\.home\.test \(system resolver\): queryA ENOTFOUND/);
  });
});
