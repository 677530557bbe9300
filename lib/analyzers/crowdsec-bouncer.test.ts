import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../snapshot/parse';
import { analyzeLogText } from '../logs/stream';
import type { AddressContext } from '../model';
import { bouncerPluginsFromDynamicConfig, bouncerPluginsFromObjects, checkBouncers, type BouncerFacts } from './crowdsec-bouncer';
import { bouncerFactsFromLogs } from './crowdsec-routers';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const objects = parseSnapshot(fixture('crowdsec-bouncer-middlewares.yaml')).objects;
const CLUSTER: AddressContext = { nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103'], podCIDRs: ['10.42.0.0/16'], lbIPs: ['10.0.20.200'] };

/** A SNATed Traefik log (JSON, Traefik v3 layout): every visitor arrives as a node. */
const snatLog = (): string =>
  ['10.0.20.101', '10.0.20.102', '10.0.20.101', '10.0.20.103']
    .map(
      (ip) =>
        `{"ClientAddr":"${ip}:41234","ClientHost":"${ip}","ClientPort":"41234","DownstreamStatus":200,"RequestHost":"app.example.com","RequestMethod":"GET","RequestPath":"/","RequestProtocol":"HTTP/2.0","RouterName":"app@kubernetescrd","entryPointName":"websecure","level":"info","msg":"","time":"2024-05-01T12:00:01Z"}`,
    )
    .join('\n');

const snatFacts = (scopes: Record<string, number> = { Ip: 3 }): BouncerFacts => ({ ...bouncerFactsFromLogs(analyzeLogText(`${snatLog()}\n`, CLUSTER)), scopes });

describe('reading the bouncer plugin configuration', () => {
  const plugins = bouncerPluginsFromObjects(objects, { raw: 'privateKey-foo' });

  it('finds the plugin in traefik.io and traefik.containo.us Middlewares, keys case-insensitive, and ignores other Middlewares', () => {
    expect(plugins.map((p) => [p.source.apiVersion, p.source.namespace, p.source.name, p.plugin, p.enabled, p.mode])).toEqual([
      ['traefik.io/v1alpha1', 'traefik', 'bouncer', 'bouncer', true, 'live'],
      ['traefik.containo.us/v1alpha1', 'edge', 'crowdsec-stream', 'crowdsec-bouncer-traefik-plugin', true, 'stream'],
    ]);
    expect(plugins[1]).toMatchObject({ clientTrustedIPs: ['10.0.0.0/8'], forwardedHeadersTrustedIPs: ['10.0.10.23/32', '10.0.20.0/24'], forwardedHeader: 'X-Custom-Header', updateIntervalSeconds: 60 });
    expect(plugins[0]).toMatchObject({ forwardedHeader: 'X-Forwarded-For', clientTrustedIPs: [], sharesEdgelensKey: false });
  });

  it('never carries the LAPI key, only whether it is the one edgelens uses', () => {
    expect(plugins[1]?.sharesEdgelensKey).toBe(true);
    expect(JSON.stringify(plugins)).not.toContain('privateKey-foo');
    expect(JSON.stringify(plugins)).not.toContain('40796d93c2958f9e58345514e67740e5');
    // The kube probe hands the key over redacted; the fingerprint still matches.
    expect(bouncerPluginsFromObjects(objects, { redacted: '40796d93c2958f9e58345514e67740e5' })[0]?.sharesEdgelensKey).toBe(true);
  });

  it('reads the dynamic-configuration file form', () => {
    const fromFile = bouncerPluginsFromDynamicConfig(load(fixture('crowdsec-bouncer-dynamic.yaml'), { schema: CORE_SCHEMA }), 'dynamic.yml');
    expect(fromFile).toHaveLength(1);
    expect(fromFile[0]).toMatchObject({ source: { kind: 'file', name: 'dynamic.yml#crowdsec' }, plugin: 'bouncer', enabled: true, mode: 'live' });
  });
});

describe('checking the plugin against the logs', () => {
  const [live, stream] = bouncerPluginsFromObjects(objects, { raw: 'privateKey-foo' });
  if (!live || !stream) throw new Error('fixture lost a plugin');
  const rules = (fs: ReturnType<typeof checkBouncers>) => fs.map((f) => f.rule).sort();

  it('SNAT + clientTrustedIPs 10.0.0.0/8: every visitor bypasses the bouncer (error), with the exact fix', () => {
    const fs = checkBouncers([stream], snatFacts());
    const f = fs.find((x) => x.rule === 'crowdsec-bouncer-trusts-snat-source');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('every visitor bypasses the bouncer');
    expect(f?.message).toContain('node 10.0.20.101');
    expect(f?.fix).toContain('clientTrustedIPs: []');
    expect(f?.subjects).toEqual([{ kind: 'Middleware', namespace: 'edge', name: 'crowdsec-stream' }]);
  });

  it('SNAT without trusted ranges: every visitor is judged as the node', () => {
    const fs = checkBouncers([live], snatFacts());
    expect(rules(fs)).toEqual(['crowdsec-bouncer-judges-node']);
    expect(fs[0]?.message).toContain('10.0.20.101');
  });

  it('a custom header Traefik does not strip is spoofable; X-Forwarded-For is not flagged', () => {
    expect(rules(checkBouncers([{ ...stream, sharesEdgelensKey: false }], { ...snatFacts(), logVerdict: 'preserved', infraSources: [] }))).toEqual(['crowdsec-bouncer-header-spoofable']);
    expect(checkBouncers([live], { ...snatFacts(), logVerdict: 'preserved', infraSources: [] })).toEqual([]);
  });

  it('X-Forwarded-For honoured from node peers (the log shows lists whose ClientAddr is a node): spoofable', () => {
    const line = (host: string, peer: string) =>
      `{"ClientAddr":"${peer}:41234","ClientHost":"${host}","ClientPort":"41234","DownstreamStatus":200,"RequestHost":"app.example.com","RequestMethod":"GET","RequestPath":"/","RequestProtocol":"HTTP/2.0","RouterName":"app@kubernetescrd","entryPointName":"websecure","level":"info","msg":"","time":"2024-05-01T12:00:01Z"}`;
    const logs = analyzeLogText(`${line('203.0.113.7, 198.51.100.9', '10.0.20.101')}\n${line('203.0.113.8', '203.0.113.8')}\n`, CLUSTER);
    expect(logs.crowdsec?.forwardedViaInfrastructure).toBe(1);
    const fs = checkBouncers([live], { ...bouncerFactsFromLogs(logs), scopes: {} });
    const f = fs.find((x) => x.rule === 'crowdsec-bouncer-header-spoofable');
    expect(f?.message).toContain('from node addresses (1 requests)');
  });

  it('a custom header that never arrives in logs that keep request headers', () => {
    const fs = checkBouncers([stream], { ...snatFacts(), logVerdict: 'preserved', infraSources: [], headersSeen: { entries: 40, counts: { 'user-agent': 40 } } });
    expect(rules(fs)).toContain('crowdsec-bouncer-header-missing');
  });

  it('stream mode never enforces Country/AS decisions, nor Range ones; live mode still misses Country', () => {
    const facts = { ...snatFacts({ Ip: 10, Range: 2, Country: 1, AS: 1 }), logVerdict: 'preserved' as const, infraSources: [] };
    const s = checkBouncers([stream], facts).find((f) => f.rule === 'crowdsec-bouncer-scope-not-enforced');
    expect(s?.message).toContain('1 Country, 1 AS, 2 Range');
    const l = checkBouncers([live], facts).find((f) => f.rule === 'crowdsec-bouncer-scope-not-enforced');
    expect(l?.message).toContain('1 Country, 1 AS');
    expect(l?.message).not.toContain('Range');
  });

  it('warns when edgelens polls with a streaming bouncer\u2019s own key', () => {
    const f = checkBouncers([stream], { ...snatFacts(), logVerdict: 'preserved', infraSources: [] }).find((x) => x.rule === 'crowdsec-shared-bouncer-key');
    expect(f?.why).toContain('LastPull');
    expect(f?.fix).toContain('cscli bouncers add edgelens');
  });

  it('a disabled plugin is not checked', () => {
    expect(checkBouncers([{ ...stream, enabled: false }], snatFacts())).toEqual([]);
  });
});
