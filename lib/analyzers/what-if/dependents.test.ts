import { describe, expect, it } from 'vitest';
import { loadLabScenario } from '../__fixtures__/load';
import { buildInventory } from '../inventory';
import { configMapReaders, replaceIpLiteral } from './dependents';

describe('configMapReaders', () => {
  it('finds the Deployment that mounts the tunnel config', () => {
    const inv = buildInventory(loadLabScenario('homelab-before'));
    expect(configMapReaders(inv, 'cloudflared', 'cloudflared-config')).toEqual([{ kind: 'Deployment', namespace: 'cloudflared', name: 'cloudflared' }]);
    expect(configMapReaders(inv, 'dns', 'split-horizon-zone')).toEqual([]);
  });
});

describe('replaceIpLiteral', () => {
  it('replaces whole addresses only', () => {
    expect(replaceIpLiteral('https://10.0.20.200:443 10.0.20.2001 110.0.20.200 10.0.20.200', '10.0.20.200', '10.0.20.203')).toBe('https://10.0.20.203:443 10.0.20.2001 110.0.20.200 10.0.20.203');
  });
});
