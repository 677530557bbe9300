import { describe, expect, it } from 'vitest';
import { routerVerifyCommand, serviceVerifyCommand } from './kubectl';

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
  const pods = { namespace: 'traefik', selector: 'app.kubernetes.io/name=traefik,app.kubernetes.io/instance=traefik-traefik' };

  it('the router\'s latest entries from the pods edgelens read', () => {
    expect(routerVerifyCommand('immich-immich-9c2f1a@kubernetescrd', pods)).toBe(
      `kubectl -n traefik logs -l 'app.kubernetes.io/name=traefik,app.kubernetes.io/instance=traefik-traefik' --tail=2000 | grep -F '"RouterName":"immich-immich-9c2f1a@kubernetescrd"' | tail -n 20`,
    );
  });

  it('none without a pod sample, for the no-router row, or for a name with shell characters', () => {
    expect(routerVerifyCommand('immich@kubernetes', undefined)).toBeNull();
    expect(routerVerifyCommand('immich@kubernetes', { namespace: 'traefik' })).toBeNull();
    expect(routerVerifyCommand('-', pods)).toBeNull();
    expect(routerVerifyCommand("x'; reboot; echo '", pods)).toBeNull();
    expect(routerVerifyCommand('a"b@kubernetes', pods)).toBeNull();
    expect(routerVerifyCommand('immich@kubernetes', { namespace: 'traefik', selector: "app=x' ; id" })).toBeNull();
  });
});
