import { describe, expect, it } from 'vitest';
import { loadLabScenario } from '../__fixtures__/load';
import { isZoneFile, nextSerial, parseZone } from './dns-zone';

// The split-horizon zone of the lab (ConfigMap dns/split-horizon-zone), as a user's cluster holds it.
function labZone(): string {
  const cm = loadLabScenario('homelab-before').objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'split-horizon-zone');
  const text = (cm as { data?: Record<string, string> } | undefined)?.data?.['home.example.org.db'];
  if (!text) throw new Error('the lab scenario has no split-horizon zone');
  return text;
}

describe('parseZone', () => {
  const zone = parseZone(labZone());

  it('reads origin, TTL, serial and the name server address', () => {
    expect(zone).toMatchObject({ origin: 'home.example.org', ttl: 300, serial: '2025111801', resolver: '10.0.20.10' });
    expect(nextSerial('2025111801')).toBe('2025111802');
  });

  it('names the records of an address, fully qualified (wildcards kept), CNAMEs not', () => {
    expect(zone.namesAt('10.0.20.200')).toEqual([
      'photos.home.example.org',
      'git.home.example.org',
      'vault.home.example.org',
      'grafana.home.example.org',
      '*.apps.home.example.org',
      'headscale.home.example.org',
      'turn.home.example.org',
    ]);
    expect(zone.namesAt('10.0.20.201')).toEqual(['mail.home.example.org']);
  });

  it('tells zone files from other config', () => {
    expect(isZoneFile(labZone())).toBe(true);
    expect(isZoneFile('ingress:\n  - hostname: a.example.org\n    service: https://10.0.20.200:443\n')).toBe(false);
  });

  it('follows continuation lines and absolute names', () => {
    const z = parseZone('$TTL 60\n@ IN SOA ns.example.net. h.example.net. ( 7 1 1 1 1 )\n  IN NS ns.example.net.\nwww.example.net. IN A 192.0.2.1\napi IN A 192.0.2.1\n    IN AAAA 2001:db8::1\n', 'example.net');
    expect(z.namesAt('192.0.2.1')).toEqual(['www.example.net', 'api.example.net']);
    expect(z.namesAt('2001:DB8::1')).toEqual(['api.example.net']);
    expect(z.serial).toBe('7');
    expect(z.resolver).toBeNull();
  });
});
