// Router rows name their Traefik service (ServiceName), so the dashboard can link a router to its
// Kubernetes Service. Shapes from the fixtures (see __fixtures__/SOURCES.md for the upstream files).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogAccumulator } from './accumulator';
import { analyzeLogText } from './stream';
import { mergeStates } from './state';

const read = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx = { nodeIPs: ['10.0.20.101'], podCIDRs: ['10.42.0.0/16'], lbIPs: [] };

describe('ServiceName per router', () => {
  it('Traefik v2 JSON (nested ServiceURL): the router names its kubernetescrd service', () => {
    const r = analyzeLogText(read('traefik-v2.json.log'), ctx);
    const immich = r.routers.find((x) => x.router === 'immich-immich-9c2f1a@kubernetescrd');
    expect(immich?.services).toEqual(['immich-immich-server-2283@kubernetescrd']);
  });

  it('Traefik v3 JSON: a router that sent requests to two services (weighted or a config change) lists both, sorted', () => {
    const line = read('traefik-v3.json.log').split('\n')[2] ?? '';
    expect(line).toContain('"ServiceName":"');
    const other = line.replace(/"ServiceName":"[^"]*"/, '"ServiceName":"mail-mailserver-smtp@kubernetes"');
    const r = analyzeLogText(`${line}\n${other}\n${line}\n`, ctx);
    expect(r.routers).toHaveLength(1);
    const original = /"ServiceName":"([^"]*)"/.exec(line)?.[1] ?? '';
    expect(r.routers[0]?.services).toEqual([original, 'mail-mailserver-smtp@kubernetes'].sort());
  });

  it('an escaped value (JSON.parse path) is read as well', () => {
    const line = read('traefik-v3.json.log').split('\n')[2] ?? '';
    const escaped = line.replace(/"ServiceName":"[^"]*"/, '"ServiceName":"web-app-80\\u0040kubernetes"');
    const r = analyzeLogText(`${escaped}\n`, ctx);
    expect(r.routers[0]?.services).toEqual(['web-app-80@kubernetes']);
  });

  it('keys out of Traefik\'s order (ServiceName before RouterName) are still read; a look-alike inside a value is not', () => {
    const line = read('traefik-v3.json.log').split('\n')[2] ?? '';
    const svc = /"ServiceName":"[^"]*",/.exec(line)?.[0] ?? '';
    const moved = line.replace(svc, '').replace('{', `{${svc}`);
    expect(analyzeLogText(`${moved}\n`, ctx).routers[0]?.services).toEqual([/"ServiceName":"([^"]*)"/.exec(line)?.[1]]);
    const dropped = line.replace(svc, '').replace('"msg":""', '"msg":"","request_User-Agent":"x ServiceName\\":\\"evil@kubernetes"');
    const r = analyzeLogText(`${dropped}\n${dropped}\n`, ctx);
    expect(r.parsed).toBe(2);
    expect(r.routers[0]?.services).toBeUndefined();
  });

  it('ServiceName right after RouterName (ServiceAddr dropped from the log) is read in place too', () => {
    const line = read('traefik-v3.json.log').split('\n')[2] ?? '';
    const noAddr = line.replace(/"ServiceAddr":"[^"]*",/, '');
    expect(noAddr).toMatch(/"RouterName":"[^"]*","ServiceName":"/);
    expect(analyzeLogText(`${noAddr}\n`, ctx).routers[0]?.services).toEqual([/"ServiceName":"([^"]*)"/.exec(line)?.[1]]);
  });

  it('CLF carries no ServiceName: no services claimed', () => {
    const r = analyzeLogText(read('traefik-common.log'), ctx);
    expect(r.routers.length).toBeGreaterThan(0);
    for (const x of r.routers) expect(x.services).toBeUndefined();
  });

  it('a dropped ServiceName field: no services claimed', () => {
    const line = read('traefik-v3.json.log').split('\n')[2] ?? '';
    const r = analyzeLogText(`${line.replace(/"ServiceName":"[^"]*",/, '')}\n`, ctx);
    expect(r.routers[0]?.services).toBeUndefined();
  });

  it('merging states in either order gives the same services', () => {
    const line = read('traefik-v3.json.log').split('\n')[2] ?? '';
    const mk = (svc: string) => {
      const a = new LogAccumulator(ctx);
      a.add(line.replace(/"ServiceName":"[^"]*"/, `"ServiceName":"${svc}"`));
      return a.toState();
    };
    const x = mk('b-web-80@kubernetes');
    const y = mk('a-web-80@kubernetes');
    expect(mergeStates(x, y).rows[0]?.services).toEqual(mergeStates(y, x).rows[0]?.services);
    expect(mergeStates(x, y).rows[0]?.services).toEqual(['a-web-80@kubernetes', 'b-web-80@kubernetes']);
  });
});
