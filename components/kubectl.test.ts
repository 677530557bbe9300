import { describe, expect, it } from 'vitest';
import { logTarget, routerVerifyCommand, serviceVerifyCommand } from './kubectl';

describe('serviceVerifyCommand', () => {
  it('one read-only command for a valid Service', () => {
    expect(serviceVerifyCommand('mail', 'mailserver')).toBe('kubectl -n mail get svc mailserver -o wide');
  });

  it('no command for names that are not Kubernetes names (no shell injection)', () => {
    for (const [ns, name] of [
      ['mail; rm -rf ~', 'mailserver'],
      ['mail', 'mailserver $(id)'],
      ['mail', '1abc'], // DNS-1035: a Service name starts with a letter
      ['Mail', 'mailserver'],
      ['mail', 'a'.repeat(64)],
      ['mail', 'mail\nserver'],
      ['', 'mailserver'],
    ] as const) {
      expect(serviceVerifyCommand(ns, name)).toBeNull();
    }
  });
});

describe('routerVerifyCommand', () => {
  const bySelector = logTarget({ sampling: { from: 'pods', namespace: 'traefik', selector: 'app.kubernetes.io/name=traefik,app.kubernetes.io/instance=traefik-traefik' } });
  const byPod = logTarget({
    sampling: { from: 'pods' },
    sources: [
      { namespace: 'traefik', pod: 'traefik-5c8d7f9b4-x2k9q', error: 'forbidden' },
      { namespace: 'traefik', pod: 'traefik-5c8d7f9b4-7hq2m' },
      { namespace: 'traefik', pod: 'traefik-5c8d7f9b4-lm4zt' },
    ],
  });

  it('the router\'s latest entries from the selector of the sample', () => {
    expect(routerVerifyCommand('immich-immich-9c2f1a@kubernetescrd', bySelector)).toBe(
      `kubectl -n traefik logs -l 'app.kubernetes.io/name=traefik,app.kubernetes.io/instance=traefik-traefik' --tail=2000 | grep -F '"RouterName":"immich-immich-9c2f1a@kubernetescrd"' | tail -n 20`,
    );
  });

  it('else from the first pod that was read, saying which of how many', () => {
    expect(byPod?.what).toBe('pod traefik-5c8d7f9b4-7hq2m (1 of 2 read)');
    expect(routerVerifyCommand('immich@kubernetes', byPod)).toBe(`kubectl -n traefik logs traefik-5c8d7f9b4-7hq2m --tail=2000 | grep -F '"RouterName":"immich@kubernetes"' | tail -n 20`);
  });

  it('none without a pod sample, for the no-router row, or for a name with shell characters', () => {
    expect(logTarget({ sampling: { from: 'none' } })).toBeNull();
    expect(logTarget({ sampling: { from: 'pods' }, sources: [{ namespace: 'traefik', pod: "x'; id" }] })).toBeNull();
    expect(logTarget({ sampling: { from: 'pods', namespace: 'traefik', selector: "app=x' ; id" } })).toBeNull();
    expect(routerVerifyCommand('immich@kubernetes', null)).toBeNull();
    expect(routerVerifyCommand('-', bySelector)).toBeNull();
    expect(routerVerifyCommand("x'; reboot; echo '", bySelector)).toBeNull();
    expect(routerVerifyCommand('a"b@kubernetes', bySelector)).toBeNull();
  });
});
