import { describe, expect, it } from 'vitest';
import { matchesLabelSelector, matchesServiceSelector } from './selectors';

const node = { 'kubernetes.io/hostname': 'k8s-node1', 'node-role.kubernetes.io/edge': '', zone: 'rack-a' };

describe('matchesLabelSelector (L2Advertisement nodeSelectors)', () => {
  it('handles matchLabels and all four matchExpressions operators', () => {
    expect(matchesLabelSelector(node, { matchLabels: { zone: 'rack-a' } })).toBe(true);
    expect(matchesLabelSelector(node, { matchLabels: { zone: 'rack-b' } })).toBe(false);
    expect(matchesLabelSelector(node, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['rack-a', 'rack-c'] }] })).toBe(true);
    expect(matchesLabelSelector(node, { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['rack-a'] }] })).toBe(false);
    expect(matchesLabelSelector(node, { matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] })).toBe(true);
    expect(matchesLabelSelector(node, { matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'Exists' }] })).toBe(true);
    expect(matchesLabelSelector(node, { matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] })).toBe(false);
  });

  it('ANDs everything in one selector; an empty selector matches every node', () => {
    expect(matchesLabelSelector(node, { matchLabels: { zone: 'rack-a' }, matchExpressions: [{ key: 'gpu', operator: 'Exists' }] })).toBe(false);
    expect(matchesLabelSelector(node, {})).toBe(true);
  });

  it('matches nothing for an operator the API server would reject', () => {
    expect(matchesLabelSelector(node, { matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] })).toBe(false);
  });
});

describe('matchesServiceSelector', () => {
  it('needs every pair; an empty or missing selector selects nothing', () => {
    expect(matchesServiceSelector({ app: 'a', tier: 'web' }, { app: 'a' })).toBe(true);
    expect(matchesServiceSelector({ app: 'a' }, { app: 'a', tier: 'web' })).toBe(false);
    expect(matchesServiceSelector({ app: 'a' }, {})).toBe(false);
    expect(matchesServiceSelector({ app: 'a' }, null)).toBe(false);
  });
});
