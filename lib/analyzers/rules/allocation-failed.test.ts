import { describe, expect, it } from 'vitest';
import { NOW, loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './allocation-failed';

describe('allocation-failed', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'allocation.yaml'));
  const names = findings.flatMap(subjectNames);

  it('reports the refused Service with the controller reason, and the one stuck without an event', () => {
    expect(names).toEqual(['Service apps/failing', 'Service apps/stuck']);
    const failing = findings[0];
    expect(failing?.ip).toBe('10.0.40.5');
    expect(failing?.message).toContain('MetalLB refused 10.0.40.5 (AllocationFailed, 9 times, last at 2025-11-20T09:58:00Z)');
    expect(failing?.evidence.join('\n')).toContain('"10.0.40.5" is not allowed in config');
    expect(findings[1]?.message).toContain('no AllocationFailed event is left');
  });

  it('ignores a Service created seconds ago, another load-balancer class, and one that has its IP now', () => {
    expect(names).not.toContain('Service apps/just-created');
    expect(names).not.toContain('Service apps/cilium-lb');
    expect(names).not.toContain('Service apps/ok');
  });

  it('reports the just-created Service once its grace period is over', () => {
    const later = runRule(rule, loadFixtures('allocation.yaml'), new Date(NOW.getTime() + 5 * 60_000));
    expect(later.flatMap(subjectNames)).toContain('Service apps/just-created');
  });
});
