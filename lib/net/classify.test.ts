import { describe, expect, it } from 'vitest';
import { createClassifier, learnPodCidrs } from './classify';

const ctx = {
  nodeIPs: ['10.0.20.101', '10.0.20.102', '10.0.20.103', '192.168.1.10', 'fd00:20::101'],
  podCIDRs: ['10.42.0.0/24', '10.42.1.0/24', 'fd00:42:0:1::/64'],
  lbIPs: ['10.0.20.200', '10.0.20.201'],
};

describe('createClassifier', () => {
  const classify = createClassifier(ctx);

  it('knows the cluster: nodes, pods, LB VIPs', () => {
    expect(classify('10.0.20.101')).toBe('node');
    expect(classify('192.168.1.10')).toBe('node'); // a node on the LAN is a node, not "private"
    expect(classify('fd00:20::101')).toBe('node');
    expect(classify('10.42.1.1')).toBe('pod'); // the cni0 bridge address SNAT uses for local endpoints
    expect(classify('fd00:42:0:1::17')).toBe('pod');
    expect(classify('10.0.20.200')).toBe('lb');
  });

  it('classifies the well-known ranges, IPv4 and IPv6', () => {
    expect(classify('127.0.0.1')).toBe('loopback');
    expect(classify('::1')).toBe('loopback');
    expect(classify('10.9.8.7')).toBe('private');
    expect(classify('172.16.0.1')).toBe('private');
    expect(classify('172.31.255.255')).toBe('private');
    expect(classify('172.32.0.1')).toBe('public');
    expect(classify('192.168.1.50')).toBe('private');
    expect(classify('fd7a:115c:a1e0::1')).toBe('private'); // Tailscale IPv6 is ULA
    expect(classify('100.64.0.1')).toBe('cgnat');
    expect(classify('100.101.102.103')).toBe('cgnat'); // Tailscale
    expect(classify('100.128.0.1')).toBe('public');
    expect(classify('169.254.10.20')).toBe('linklocal');
    expect(classify('fe80::1')).toBe('linklocal');
    expect(classify('fe80::1%eth0')).toBe('linklocal');
    expect(classify('203.0.113.7')).toBe('documentation'); // RFC 5737
    expect(classify('198.51.100.1')).toBe('documentation');
    expect(classify('192.0.2.200')).toBe('documentation');
    expect(classify('192.0.3.1')).toBe('public');
    expect(classify('2001:db8::1')).toBe('documentation'); // RFC 3849
    expect(classify('2001:db9::1')).toBe('public');
    expect(classify('93.184.216.34')).toBe('public');
  });

  it('classifies an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(classify('::ffff:10.0.20.102')).toBe('node');
    expect(classify('::ffff:10.42.0.9')).toBe('pod');
    expect(classify('::ffff:203.0.113.7')).toBe('documentation');
    expect(classify('::ffff:93.184.216.34')).toBe('public');
    expect(classify('::ffff:100.64.1.1')).toBe('cgnat');
  });

  it('accepts hosts with ports or brackets and returns null for non-addresses', () => {
    expect(classify('[2001:db8::1]:443')).toBe('documentation');
    expect(classify('[2a00:1450::1]:443')).toBe('public');
    expect(classify('10.0.20.101:5123')).toBe('node');
    expect(classify('-')).toBeNull();
    expect(classify('unknown')).toBeNull();
    expect(classify('')).toBeNull();
  });

  it('falls back to pod ranges learned from pod IPs when nodes have no podCIDRs', () => {
    const c = createClassifier({ nodeIPs: ['10.0.20.101'], podCIDRs: [], lbIPs: [], podIPs: ['10.244.3.17', '10.244.3.99', '10.0.20.101'] });
    expect(c('10.244.3.1')).toBe('pod');
    expect(c('10.244.4.1')).toBe('private');
    expect(c('10.0.20.101')).toBe('node'); // the hostNetwork pod IP does not make the LAN a pod range
    expect(c('10.0.20.55')).toBe('private');
  });
});

describe('learnPodCidrs', () => {
  it('groups pod IPs by /24 and /64, and keeps single addresses where nodes live', () => {
    expect(
      learnPodCidrs(['10.244.1.5', '10.244.1.9', '10.244.2.3', 'fd00:42:0:7::15', '10.0.20.101', '10.0.20.77'], ['10.0.20.101']),
    ).toEqual(['10.0.20.77/32', '10.244.1.0/24', '10.244.2.0/24', 'fd00:42:0:7::/64']);
  });
});
