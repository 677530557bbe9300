// Service names in the shapes Traefik writes them (see traefik-service.ts for the upstream files);
// lib/logs/__fixtures__/traefik-v2.json.log carries "immich-immich-server-2283@kubernetescrd".
import { describe, expect, it } from 'vitest';
import { matchTraefikService, parseTraefikService } from './traefik-service';

const known = [
  { namespace: 'mail', name: 'mailserver', ports: ['TCP/25', 'TCP/465', 'TCP/993'] },
  { namespace: 'traefik', name: 'traefik', ports: ['TCP/80', 'TCP/443', 'UDP/443'] },
  { namespace: 'immich', name: 'immich-server', ports: ['TCP/2283'] },
];

describe('parseTraefikService', () => {
  it('splits at the last @', () => {
    expect(parseTraefikService('mail-mailserver-smtp@kubernetes')).toEqual({ base: 'mail-mailserver-smtp', provider: 'kubernetes' });
    expect(parseTraefikService('api@internal')).toEqual({ base: 'api', provider: 'internal' });
    expect(parseTraefikService('no-provider')).toBeNull();
    expect(parseTraefikService('@kubernetes')).toBeNull();
  });
});

describe('matchTraefikService', () => {
  it('Ingress provider: NAMESPACE-NAME-PORTNAME and NAMESPACE-NAME-PORTNUMBER', () => {
    expect(matchTraefikService('mail-mailserver-smtp@kubernetes', known)).toMatchObject({ namespace: 'mail', name: 'mailserver' });
    expect(matchTraefikService('mail-mailserver-993@kubernetes', known)).toMatchObject({ namespace: 'mail', name: 'mailserver' });
    expect(matchTraefikService('traefik-traefik-websecure@kubernetes', known)).toMatchObject({ namespace: 'traefik', name: 'traefik' });
  });

  it('IngressRoute provider: with a port, and without one', () => {
    expect(matchTraefikService('immich-immich-server-2283@kubernetescrd', known)).toMatchObject({ namespace: 'immich', name: 'immich-server' });
    expect(matchTraefikService('mail-mailserver@kubernetescrd', known)).toMatchObject({ name: 'mailserver' });
    // The Ingress provider always writes a port.
    expect(matchTraefikService('mail-mailserver@kubernetes', known)).toBeNull();
  });

  it('a port number the Service does not have is no match', () => {
    expect(matchTraefikService('mail-mailserver-8080@kubernetes', known)).toBeNull();
  });

  it('Services the report does not list (ClusterIP backends), other providers and weighted services stay unmatched', () => {
    expect(matchTraefikService('nextcloud-nextcloud-8080@kubernetes', known)).toBeNull();
    expect(matchTraefikService('api@internal', known)).toBeNull();
    expect(matchTraefikService('mail-mailserver-smtp@file', known)).toBeNull();
    expect(matchTraefikService('immich-immich-9c2f1a0b7e3d4c5f6a7b@kubernetescrd', known)).toBeNull();
  });

  it('two known Services that both fit: ambiguous, no link', () => {
    const both = [
      { namespace: 'a', name: 'b-c', ports: ['TCP/80'] },
      { namespace: 'a-b', name: 'c', ports: ['TCP/80'] },
    ];
    expect(matchTraefikService('a-b-c-80@kubernetes', both)).toBeNull();
    expect(matchTraefikService('a-b-c-80@kubernetes', both.slice(0, 1))).toMatchObject({ namespace: 'a', name: 'b-c' });
  });

  it('a prefix that only looks alike is no match', () => {
    expect(matchTraefikService('mail-mailserverx-smtp@kubernetes', known)).toBeNull();
    expect(matchTraefikService('mail-mailserver-Smtp@kubernetes', known)).toBeNull();
  });
});
