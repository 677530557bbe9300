import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { parseSnapshot } from '@/lib/snapshot/parse';
import { loadServerConfig } from './config';
import { ConfiguredTargets, DISCOVERED_NOT_PROBED, LAB_NOT_PROBED, discoverTargets, lbTargetName, mergeTargets, parseTargetsText } from './probe-targets';

const home = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-targets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const scenarioReport = (name: string) =>
  analyzeCluster(parseSnapshot(readFileSync(join(home, 'lab', 'scenarios', `${name}.yaml`), 'utf8'), { source: 'lab' }), { now: new Date('2025-10-05T00:00:00Z') });

describe('configured targets', () => {
  it('parses a JSON list with defaults: both kinds, verified TLS', () => {
    const list = parseTargetsText('[{"name":"web","host":"127.0.0.1","port":8443,"sni":"localhost"}]', 'EDGELENS_PROBE_TARGETS', 'json');
    expect(list.error).toBeNull();
    expect(list.targets).toEqual([
      { name: 'web', host: '127.0.0.1', port: 8443, sni: 'localhost', path: null, kinds: ['tcp', 'h3'], insecure: false, lb: null, source: 'config', probe: true },
    ]);
  });

  it('parses YAML, bare list or {targets: […]}, with IPv6 hosts and hostnames', () => {
    const yaml = 'targets:\n  - name: v6\n    host: "::1"\n    port: 443\n    kinds: [h3]\n  - name: app\n    host: app.home.example.org\n    port: 443\n    lb: 10.0.20.200\n    path: /health\n';
    const list = parseTargetsText(yaml, 'file', 'yaml');
    expect(list.error).toBeNull();
    expect(list.targets.map((t) => [t.name, t.host, t.kinds, t.lb, t.path])).toEqual([
      ['v6', '::1', ['h3'], null, null],
      ['app', 'app.home.example.org', ['tcp', 'h3'], '10.0.20.200', '/health'],
    ]);
  });

  it.each([
    ['a bad name', '[{"name":"Web_1","host":"127.0.0.1","port":1}]', /0\.name: names are lowercase/],
    ['a bad host', '[{"name":"w","host":"http://x/","port":1}]', /0\.host: must be an IP address .* or a hostname/],
    ['port 0', '[{"name":"w","host":"127.0.0.1","port":0}]', /0\.port/],
    ['port 70000', '[{"name":"w","host":"127.0.0.1","port":70000}]', /0\.port/],
    ['an unknown field', '[{"name":"w","host":"127.0.0.1","port":1,"proxy":true}]', /proxy/],
    ['duplicate names', '[{"name":"w","host":"127.0.0.1","port":1},{"name":"w","host":"127.0.0.2","port":1}]', /duplicate target name "w"/],
    ['an unknown kind', '[{"name":"w","host":"127.0.0.1","port":1,"kinds":["udp"]}]', /kinds/],
    ['broken JSON', '[{"name":', /not valid JSON/],
  ])('refuses %s with a message that says where', (_what, text, message) => {
    const list = parseTargetsText(text, 'EDGELENS_PROBE_TARGETS', 'json');
    expect(list.targets).toEqual([]);
    expect(list.error).toMatch(/^EDGELENS_PROBE_TARGETS: /);
    expect(list.error).toMatch(message);
  });

  it('re-reads the file when it changes after start, and says when it is missing', async () => {
    const file = join(tmp, 'targets.yaml');
    const src = new ConfiguredTargets({ file });
    expect((await src.load()).error).toMatch(/targets\.yaml: no such file/);

    writeFileSync(file, '- {name: one, host: 127.0.0.1, port: 1001}\n');
    expect((await src.load()).targets.map((t) => t.name)).toEqual(['one']);

    writeFileSync(file, '- {name: one, host: 127.0.0.1, port: 1001}\n- {name: two, host: 127.0.0.1, port: 1002}\n');
    // Same size class of edit within one clock tick must still be seen: force a new mtime.
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect((await src.load()).targets.map((t) => t.name)).toEqual(['one', 'two']);

    writeFileSync(file, 'targets: [ {unclosed\n');
    expect((await src.load()).error).toMatch(/not valid YAML/);
  });

  it('adds up the variable and the file; the variable wins a name clash', async () => {
    const file = join(tmp, 'more.json');
    writeFileSync(file, JSON.stringify([{ name: 'b', host: '127.0.0.1', port: 2 }, { name: 'a', host: '127.0.0.9', port: 9 }]));
    const src = new ConfiguredTargets({ json: '[{"name":"a","host":"127.0.0.1","port":1}]', file });
    const list = await src.load();
    expect(list.targets.map((t) => `${t.name}@${t.host}`)).toEqual(['a@127.0.0.1', 'b@127.0.0.1']);
    expect(list.error).toMatch(/"a" is defined twice/);
  });
});

describe('discovered targets', () => {
  it('the lab: every LB IP with 443 is listed, none is probed', () => {
    const found = discoverTargets(scenarioReport('homelab-before'), { mode: 'lab', probeDiscovered: true });
    const lb = found.find((t) => t.host === '10.0.20.200');
    expect(lb).toMatchObject({ name: 'lb-10-0-20-200', port: 443, kinds: ['tcp', 'h3'], source: 'discovered', probe: false, reason: LAB_NOT_PROBED });
    expect(found.every((t) => !t.probe && t.reason === LAB_NOT_PROBED)).toBe(true);
  });

  it('a real cluster: listed, probed only with EDGELENS_PROBE_DISCOVERED=true', () => {
    const report = scenarioReport('homelab-before');
    const off = discoverTargets(report, { mode: 'kube', probeDiscovered: false });
    expect(off.length).toBeGreaterThan(0);
    expect(off.every((t) => !t.probe && t.reason === DISCOVERED_NOT_PROBED)).toBe(true);
    const on = discoverTargets(report, { mode: 'kube', probeDiscovered: true });
    expect(on.every((t) => t.probe && t.reason === undefined)).toBe(true);
  });

  it('TCP/443 only → a tcp target; UDP/443 only → an h3 target; neither → none', () => {
    const svc = (ports: string[]) => ({ namespace: 'n', name: 's', externalTrafficPolicy: 'Local' as const, sharingKey: null, ports, readyEndpoints: 1, endpointNodes: [] });
    const report = {
      loadBalancers: [
        { ip: '192.0.2.1', announcer: null, services: [svc(['TCP/443'])] },
        { ip: '192.0.2.2', announcer: null, services: [svc(['UDP/443'])] },
        { ip: '192.0.2.3', announcer: null, services: [svc(['TCP/22'])] },
        { ip: '2001:db8::1', announcer: null, services: [svc(['TCP/443', 'UDP/443'])] },
      ],
    };
    const found = discoverTargets(report, { mode: 'kube', probeDiscovered: false });
    expect(found.map((t) => [t.name, t.kinds])).toEqual([
      ['lb-192-0-2-1', ['tcp']],
      ['lb-192-0-2-2', ['h3']],
      ['lb-2001-db8-1', ['tcp', 'h3']],
    ]);
    expect(lbTargetName('10.0.20.200')).toBe('lb-10-0-20-200');
  });

  it('a configured target covering the same address and port replaces the discovered one', () => {
    const configured = parseTargetsText('[{"name":"traefik","host":"10.0.20.200","port":443}]', 'x', 'json').targets;
    const merged = mergeTargets(configured, discoverTargets(scenarioReport('homelab-before'), { mode: 'lab', probeDiscovered: false }));
    expect(merged.filter((t) => t.host === '10.0.20.200').map((t) => t.name)).toEqual(['traefik']);
  });
});

describe('probe settings (config.ts)', () => {
  it('defaults: 5 samples, 3000 ms timeout, every 60 s, discovered targets not probed', () => {
    const c = loadServerConfig({});
    expect(c.probes).toMatchObject({ samples: 5, timeoutMs: 3_000, scheduleMs: 60_000, probeDiscovered: false, historySize: 500 });
  });

  it('reads the variables; 0 s = only on demand; empty strings are defaults', () => {
    const c = loadServerConfig({
      EDGELENS_PROBE_SAMPLES: '3',
      EDGELENS_PROBE_TIMEOUT: '1500',
      EDGELENS_PROBE_INTERVAL: '0',
      EDGELENS_PROBE_CONCURRENCY: '',
      EDGELENS_PROBE_DISCOVERED: 'true',
      EDGELENS_PROBE_TARGETS_FILE: '/tmp/x.yaml',
      EDGELENS_DNS_SERVER: '127.0.0.1:5353',
    });
    expect(c.probes).toMatchObject({ samples: 3, timeoutMs: 1_500, scheduleMs: 0, concurrency: 4, probeDiscovered: true, targetsFile: '/tmp/x.yaml', dnsServer: '127.0.0.1:5353' });
  });

  it('a nonsensical number stops the server with a clear message', () => {
    expect(() => loadServerConfig({ EDGELENS_PROBE_SAMPLES: '0' })).toThrow(/EDGELENS_PROBE_SAMPLES/);
  });
});
