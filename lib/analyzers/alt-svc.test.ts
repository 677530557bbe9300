import { describe, it, expect } from 'vitest';
import { parseAltSvc, h3Alternatives } from './alt-svc';

describe('Alt-Svc parsing', () => {
  it('reads Caddy / Traefik style values', () => {
    expect(parseAltSvc('h3=":8443"; ma=2592000')).toEqual([{ protocol: 'h3', host: '', port: 8443, maxAgeSeconds: 2592000 }]);
    expect(h3Alternatives('h3=":443"; ma=86400, h3-29=":443"; ma=86400, h2=":443"').map((a) => a.protocol)).toEqual(['h3', 'h3-29']);
    expect(parseAltSvc('h3="alt.example.com:4443"')[0]).toMatchObject({ host: 'alt.example.com', port: 4443 });
  });

  it('ignores clear, empty and junk', () => {
    expect(parseAltSvc('clear')).toEqual([]);
    expect(parseAltSvc(null)).toEqual([]);
    expect(parseAltSvc('nonsense')).toEqual([]);
    expect(h3Alternatives('h2=":443"')).toEqual([]);
  });
});
