import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector, SelectorSyntaxError } from './selector';

const traefik = { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik', tier: 'edge' };

describe('label selectors (kubectl -l syntax)', () => {
  it('matches equality, inequality, set and existence requirements', () => {
    expect(matchesSelector(traefik, parseSelector('app.kubernetes.io/name=traefik'))).toBe(true);
    expect(matchesSelector(traefik, parseSelector('app.kubernetes.io/name==traefik,tier=edge'))).toBe(true);
    expect(matchesSelector(traefik, parseSelector('app.kubernetes.io/name=nginx'))).toBe(false);
    expect(matchesSelector(traefik, parseSelector('tier!=edge'))).toBe(false);
    expect(matchesSelector(traefik, parseSelector('tier in (edge, lb)'))).toBe(true);
    expect(matchesSelector(traefik, parseSelector('tier notin (edge)'))).toBe(false);
    expect(matchesSelector(traefik, parseSelector('tier,!legacy'))).toBe(true);
    expect(matchesSelector(traefik, parseSelector('!tier'))).toBe(false);
    expect(matchesSelector({}, parseSelector('tier!=edge'))).toBe(true);
    expect(matchesSelector(null, parseSelector(''))).toBe(true);
  });

  it('rejects selectors the API server would reject, with the bad part named', () => {
    expect(() => parseSelector('app=trae fik')).toThrow(SelectorSyntaxError);
    expect(() => parseSelector('tier in (edge')).toThrow(/unbalanced/);
    expect(() => parseSelector('a=b,,c=d')).toThrow(/empty requirement/);
    expect(() => parseSelector('=x')).toThrow(/invalid label key/);
  });
});
