import { describe, expect, it } from 'vitest';
import { WhatIfError, formatWhatIfChange, parseWhatIfChange, parseWhatIfChanges } from './parse-change';

describe('parseWhatIfChange', () => {
  it.each([
    ['traefik/traefik:etp=Local,ip=10.0.20.203', { namespace: 'traefik', name: 'traefik', etp: 'Local', ip: '10.0.20.203' }],
    ['traefik/traefik:etp=local', { namespace: 'traefik', name: 'traefik', etp: 'Local' }],
    ['traefik/traefik:ETP=CLUSTER', { namespace: 'traefik', name: 'traefik', etp: 'Cluster' }],
    ['dolt/dolt:key=other', { namespace: 'dolt', name: 'dolt', key: 'other' }],
    ['dolt/dolt:key=', { namespace: 'dolt', name: 'dolt', key: '' }],
    [' web/proxy : etp=Local , ip=10.0.40.17 , key=edge-2 ', { namespace: 'web', name: 'proxy', etp: 'Local', ip: '10.0.40.17', key: 'edge-2' }],
    ['web/proxy:ip=2001:DB8:0:0:0:0:0:10', { namespace: 'web', name: 'proxy', ip: '2001:db8::10' }],
  ])('%s', (text, expected) => {
    expect(parseWhatIfChange(text)).toEqual(expected);
  });

  it.each([
    ['traefik', /expected NS\/NAME:etp=Local\|Cluster,ip=IP,key=KEY/],
    ['traefik:etp=Local', /the Service must be NAMESPACE\/NAME, got "traefik"/],
    ['Traefik/traefik:etp=Local', /"Traefik" is not a valid namespace/],
    ['traefik/1traefik:etp=Local', /"1traefik" is not a valid Service name/],
    ['traefik/traefik:', /no change given/],
    ['traefik/traefik:etp=Locl', /etp must be Local or Cluster, got "Locl"/],
    ['traefik/traefik:ip=10.0.20.300', /ip must be an IPv4 or IPv6 address, got "10.0.20.300"/],
    ['traefik/traefik:ip=', /ip must be an IPv4 or IPv6 address, got ""/],
    ['traefik/traefik:key=a b', /key must be letters, digits/],
    ['traefik/traefik:pool=homelab', /unknown key "pool" \(keys: etp, ip, key\)/],
    ['traefik/traefik:etp', /"etp" is not KEY=VALUE/],
    ['traefik/traefik:etp=Local,etp=Cluster', /etp= is given twice/],
  ])('%s is an error naming the bad part', (text, message) => {
    expect(() => parseWhatIfChange(text)).toThrow(WhatIfError);
    expect(() => parseWhatIfChange(text)).toThrow(message);
  });

  it('keeps the message on one line even when the input has a newline', () => {
    try {
      parseWhatIfChange('traefik/traefik:etp=Local\nip=1.2.3.4');
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(WhatIfError);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('parseWhatIfChanges / formatWhatIfChange', () => {
  it('takes several Services, refuses the same one twice', () => {
    expect(parseWhatIfChanges(['a/b:etp=Local', 'c/d:key=x'])).toHaveLength(2);
    expect(() => parseWhatIfChanges(['a/b:etp=Local', 'a/b:ip=10.0.0.1'])).toThrow(/a\/b is changed twice/);
  });

  it('prints the flag syntax back', () => {
    const text = 'traefik/traefik:etp=Local,ip=10.0.20.203,key=';
    expect(formatWhatIfChange(parseWhatIfChange(text))).toBe(text);
  });
});
