import { describe, expect, it } from 'vitest';
import { evidenceHref } from './evidence-href';

describe('evidenceHref', () => {
  it('on the Overview, the answer\u2019s own link', () => {
    expect(evidenceHref('/clients', '/')).toBe('/clients');
    expect(evidenceHref('#findings', '/')).toBe('#findings');
  });
  it('on the page the answer links to, the detail beneath the card', () => {
    expect(evidenceHref('/clients', '/clients', 'verdict')).toBe('#verdict');
    expect(evidenceHref('/edge', '/edge', 'probe-detail')).toBe('#probe-detail');
  });
  it('an Overview anchor seen from another page goes to the Overview', () => {
    expect(evidenceHref('#findings', '/clients', 'verdict')).toBe('/#findings');
    expect(evidenceHref('/clients', '/edge', 'probe-detail')).toBe('/clients');
  });
  it('no link, no anchor: nothing to follow', () => {
    expect(evidenceHref(undefined, '/edge', 'probe-detail')).toBeUndefined();
    expect(evidenceHref('/edge', '/edge')).toBeUndefined();
  });
});
