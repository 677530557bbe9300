import { describe, expect, it } from 'vitest';
import { partialMatchKey } from '@tanstack/react-query';
import { queryKey } from './query-keys';

describe('queryKey', () => {
  it('makes the bare key a prefix of every resource key, so one invalidation reaches all', () => {
    expect(partialMatchKey(queryKey('cluster'), queryKey())).toBe(true);
    expect(partialMatchKey(queryKey('health'), queryKey())).toBe(true);
  });

  it('makes a resource key a prefix of its parameterised variants but not of other resources', () => {
    expect(partialMatchKey(queryKey('cluster', { ns: 'traefik' }), queryKey('cluster'))).toBe(true);
    expect(partialMatchKey(queryKey('health'), queryKey('cluster'))).toBe(false);
  });

  it('drops undefined params so equal requests share a key', () => {
    expect(queryKey('cluster', { ns: undefined })).toEqual(queryKey('cluster'));
    expect(queryKey('cluster', { a: 1, b: undefined })).toEqual(queryKey('cluster', { a: 1 }));
  });
});
