import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../lib/model/kube';
import { ACCESS_LOG_ANNOTATION, announcerInternalIP, generateFollowLine, generatePodLog, nodeInternalIPs, rfc3339Nano } from './podlogs';
import { loadScenario } from './scenarios';
import { FIXTURES } from './test-utils';

const NOW = new Date('2025-01-20T10:00:00Z');
const NODE_IPS = ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'];
const TRAEFIK_FIELDS =
  'ClientAddr ClientHost ClientPort ClientUsername DownstreamContentSize DownstreamStatus Duration OriginContentSize OriginDuration OriginStatus Overhead RequestAddr RequestContentSize RequestCount RequestHost RequestMethod RequestPath RequestPort RequestProtocol RequestScheme RetryAttempts RouterName ServiceAddr ServiceName ServiceURL StartLocal StartUTC TLSCipher TLSVersion TLSClientSubject TraceId SpanId entryPointName level msg time'.split(
    ' ',
  );

function pod(name: string, mode?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'traefik', ...(mode ? { annotations: { [ACCESS_LOG_ANNOTATION]: mode } } : {}) },
    spec: { containers: [{ name: 'traefik' }] },
  };
}

function accessEntries(p: KubeObject): Record<string, unknown>[] {
  return generatePodLog(p, { now: NOW, nodeIPs: NODE_IPS })
    .map((l) => l.text)
    .filter((t) => t.startsWith('{"ClientAddr"'))
    .map((t) => JSON.parse(t) as Record<string, unknown>);
}

describe('generated Traefik access logs', () => {
  it('is deterministic for the same pod name and now', () => {
    const a = generatePodLog(pod('traefik-a', 'snat'), { now: NOW, nodeIPs: NODE_IPS });
    const b = generatePodLog(pod('traefik-a', 'snat'), { now: NOW, nodeIPs: NODE_IPS });
    const c = generatePodLog(pod('traefik-b', 'snat'), { now: NOW, nodeIPs: NODE_IPS });
    expect(a).toEqual(b);
    expect(a.map((l) => l.text)).not.toEqual(c.map((l) => l.text));
  });

  it('writes ~600 lines over the last 30 minutes, in time order, with every Traefik JSON field', () => {
    const lines = generatePodLog(pod('traefik-a', 'snat'), { now: NOW, nodeIPs: NODE_IPS });
    expect(lines).toHaveLength(600);
    const times = lines.map((l) => l.time.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 30 * 60_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const entry = accessEntries(pod('traefik-a', 'snat'))[0];
    expect(Object.keys(entry ?? {}).sort()).toEqual([...TRAEFIK_FIELDS].sort());
    expect(entry?.entryPointName).toBe('websecure');
    expect(typeof entry?.Duration).toBe('number');
    expect(entry?.ServiceURL).toMatch(/^http:\/\//);
  });

  it('snat: ~97% of requests come from node InternalIPs, the rest from three documentation addresses', () => {
    const entries = accessEntries(pod('traefik-7d9c8b6f5-abcde', 'snat'));
    const fromNodes = entries.filter((e) => NODE_IPS.includes(String(e.ClientHost)));
    const ratio = fromNodes.length / entries.length;
    expect(ratio).toBeGreaterThan(0.93);
    expect(ratio).toBeLessThan(1);
    const others = new Set(entries.filter((e) => !NODE_IPS.includes(String(e.ClientHost))).map((e) => String(e.ClientHost)));
    expect(others.size).toBeLessThanOrEqual(3);
    for (const ip of others) expect(ip).toMatch(/^(203\.0\.113|198\.51\.100)\./);
    expect(new Set(entries.map((e) => e.RouterName))).toEqual(
      new Set(['immich@kubernetes', 'nextcloud@kubernetes', 'vaultwarden@kubernetes', 'grafana@kubernetes', 'jellyfin@kubernetes', 'headscale@kubernetes']),
    );
  });

  it('snat: the announcing node (from ServiceL2Status) dominates, as kube-proxy masquerades to it', () => {
    const objects = loadScenario('mini-before', FIXTURES);
    const announcerIP = announcerInternalIP(objects, 'traefik');
    expect(announcerIP).toBe('10.0.20.101');
    const hosts = generatePodLog(pod('traefik-x', 'snat'), { now: NOW, nodeIPs: nodeInternalIPs(objects), announcerIP })
      .map((l) => l.text)
      .filter((t) => t.startsWith('{"ClientAddr"'))
      .map((t) => String((JSON.parse(t) as { ClientHost: string }).ClientHost));
    expect(hosts.filter((h) => h === '10.0.20.101').length / hosts.length).toBeGreaterThan(0.7);
    expect(announcerInternalIP(objects, 'elsewhere')).toBeUndefined();
  });

  it('preserved: public, LAN and CGNAT clients, never node addresses', () => {
    const hosts = accessEntries(pod('traefik-7d9c8b6f5-abcde', 'preserved')).map((e) => String(e.ClientHost));
    expect(hosts.some((h) => NODE_IPS.includes(h))).toBe(false);
    expect(hosts.filter((h) => /^(203\.0\.113|198\.51\.100|192\.0\.2)\./.test(h)).length / hosts.length).toBeGreaterThan(0.7);
    expect(hosts.some((h) => h.startsWith('192.168.1.'))).toBe(true);
    expect(hosts.some((h) => h.startsWith('100.64.') || h.startsWith('100.72.'))).toBe(true);
  });

  it('interleaves Traefik own log lines the way pod stdout does', () => {
    const texts = generatePodLog(pod('traefik-a', 'snat'), { now: NOW, nodeIPs: NODE_IPS }).map((l) => l.text);
    const own = texts.filter((t) => !t.startsWith('{"ClientAddr"'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(40);
  });

  it('pods without the annotation get only a few plain lines', () => {
    const lines = generatePodLog(pod('coredns-1'), { now: NOW, nodeIPs: NODE_IPS });
    expect(lines.length).toBeLessThanOrEqual(5);
    for (const l of lines) expect(l.text.startsWith('{')).toBe(false);
    expect(generateFollowLine(pod('coredns-1'), { now: NOW, nodeIPs: NODE_IPS, seq: 0 })).toBeNull();
  });

  it('follow lines are access-log lines stamped now', () => {
    const line = generateFollowLine(pod('traefik-a', 'snat'), { now: NOW, nodeIPs: NODE_IPS, seq: 3 });
    expect(line?.time).toEqual(NOW);
    expect(JSON.parse(line?.text ?? '{}')).toMatchObject({ time: '2025-01-20T10:00:00Z', entryPointName: 'websecure' });
  });

  it('reads node InternalIPs from a scenario', () => {
    expect(nodeInternalIPs(loadScenario('mini-before', FIXTURES))).toEqual(['10.0.20.101', '10.0.20.102', '10.0.20.103']);
  });

  it('formats kubelet timestamps like Go RFC3339Nano', () => {
    expect(rfc3339Nano(new Date('2025-01-20T10:00:00.120Z'))).toBe('2025-01-20T10:00:00.12Z');
    expect(rfc3339Nano(new Date('2025-01-20T10:00:00.000Z'))).toBe('2025-01-20T10:00:00Z');
  });
});
