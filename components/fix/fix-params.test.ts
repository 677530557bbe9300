import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterReportSchema, type ClusterReport } from '@/lib/model';
import {
  DEFAULT_FORM,
  candidateServices,
  defaultService,
  fieldOfServerMessage,
  formFromSearch,
  planRequest,
  searchFromForm,
  type FixForm,
} from './fix-params';

function fixture(name: string): ClusterReport {
  const url = new URL(`../overview/__fixtures__/cluster-${name}.json`, import.meta.url);
  return clusterReportSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

const manual = (patch: Partial<FixForm>): FixForm => ({ ...DEFAULT_FORM, source: 'manual', ...patch });

describe('Fix page URL', () => {
  it('is empty for the default view, so /fix is the stable link to it', () => {
    expect(searchFromForm(DEFAULT_FORM)).toBe('');
    expect(formFromSearch(new URLSearchParams(''))).toEqual(DEFAULT_FORM);
  });

  it('round-trips a manual view with IPv6 backends, binds and every option', () => {
    const form = manual({
      backends: [
        { address: '10.0.20.104', port: '30121' },
        { address: 'fd00::5', port: '8443' },
      ],
      binds: [
        { address: '0.0.0.0', port: '443' },
        { address: '::', port: '443' },
      ],
      proxy: 'v1',
      egress: '10.0.20.5',
      trustedIPs: '10.0.20.5, 10.0.20.6',
      entryPoint: 'websecure',
    });
    const search = searchFromForm(form);
    expect(new URLSearchParams(search).getAll('backend')).toEqual(['10.0.20.104:30121', '[fd00::5]:8443']);
    expect(formFromSearch(new URLSearchParams(search))).toEqual(form);
  });

  it('keeps service-only options out of a manual link and keeps a half-typed row editable', () => {
    const search = searchFromForm(manual({ http: true, mode: 'nodeport', service: 'traefik/traefik', backends: [{ address: 'not an ip', port: '' }] }));
    const p = new URLSearchParams(search);
    expect(p.has('http') || p.has('mode') || p.has('svc')).toBe(false);
    expect(formFromSearch(p).backends).toEqual([{ address: 'not an ip', port: '' }]);
  });

  it('keeps a port that is not a number as typed, so the page can say what is wrong with it', () => {
    const form = manual({ backends: [{ address: '192.0.2.10', port: 'abc' }, { address: 'fd00::1', port: '' }] });
    expect(formFromSearch(new URLSearchParams(searchFromForm(form))).backends).toEqual(form.backends);
  });
});

describe('planRequest', () => {
  it('asks for the chosen Service in the chosen mode', () => {
    const plan = planRequest({ ...DEFAULT_FORM, mode: 'nodeport', http: true, proxy: 'v1' }, 'traefik/traefik');
    expect(plan).toEqual({
      kind: 'ready',
      // The default bind is left to the server, which listens on each Service port.
      body: { service: { namespace: 'traefik', name: 'traefik' }, mode: 'nodeport', proxy: 'v1', http: true },
      backendRows: [],
      bindRows: [0],
    });
  });

  it('a mail Service: chosen ports and receiver go to the server, a custom bind is kept, a bad port is named', () => {
    const plan = planRequest({ ...DEFAULT_FORM, ports: '25, 465 587,993', receiver: 'postfix', binds: [{ address: '10.0.20.5', port: '25' }] }, 'mail/mailserver');
    expect(plan).toMatchObject({
      kind: 'ready',
      body: { service: { namespace: 'mail', name: 'mailserver' }, ports: [25, 465, 587, 993], receiver: 'postfix', binds: [{ address: '10.0.20.5', port: 25 }] },
    });
    expect(planRequest({ ...DEFAULT_FORM, ports: '25,smtp' }, 'mail/mailserver')).toEqual({
      kind: 'invalid',
      problem: { field: 'ports', message: 'ports: "smtp" is not a port: use Service port numbers from 1 to 65535' },
    });
    const url = searchFromForm({ ...DEFAULT_FORM, service: 'mail/mailserver', ports: '25,993', receiver: 'dovecot' });
    expect(formFromSearch(new URLSearchParams(url))).toMatchObject({ ports: '25,993', receiver: 'dovecot' });
  });

  it('sends only typed rows and splits trusted IPs on commas and spaces', () => {
    const plan = planRequest(
      manual({ backends: [{ address: '', port: '' }, { address: '10.244.2.17', port: '8443' }], trustedIPs: '10.0.20.5,  10.0.20.0/24' }),
      '',
    );
    expect(plan.kind).toBe('ready');
    if (plan.kind !== 'ready') return expect.unreachable();
    expect(plan.body.backends).toEqual([{ address: '10.244.2.17', port: 8443 }]);
    expect(plan.body.trustedIPs).toEqual(['10.0.20.5', '10.0.20.0/24']);
    expect(plan.body.http).toBeUndefined();
    expect(plan.backendRows).toEqual([1]);
  });

  it('names the row of a port that is not a number instead of sending it', () => {
    const plan = planRequest(manual({ backends: [{ address: '10.0.0.1', port: '8443' }, { address: '10.0.0.2', port: 'abc' }] }), '');
    expect(plan).toEqual({ kind: 'invalid', problem: { field: 'backends[1]', message: 'backend 2: "abc" is not a port: use an integer from 1 to 65535' } });
  });

  it('is a hint, not an error, while nothing is chosen yet', () => {
    expect(planRequest(DEFAULT_FORM, '').kind).toBe('incomplete');
    expect(planRequest(manual({ backends: [{ address: '', port: '8443' }] }), '').kind).toBe('incomplete');
    expect(planRequest(manual({ backends: [] }), '').kind).toBe('incomplete');
    expect(planRequest({ ...DEFAULT_FORM, binds: [] }, 'traefik/traefik').kind).toBe('incomplete');
  });
});

describe('fieldOfServerMessage', () => {
  const plan = { backendRows: [1, 3], bindRows: [0] };
  it('maps the server field (indices of rows sent) back to the row on screen', () => {
    expect(fieldOfServerMessage('invalid haproxy input: backends[1].port: 99999 is not a port', plan)).toBe('backends[3]');
    expect(fieldOfServerMessage('invalid haproxy input: binds[0].address: "x" is not an IPv4', plan)).toBe('binds[0]');
    expect(fieldOfServerMessage('invalid haproxy input: egress: "1.2.3.4 #x" is not an IPv4 or IPv6 address', plan)).toBe('egress');
    expect(fieldOfServerMessage('invalid haproxy input: trustedIPs[0]: "a b" is not an IP address or CIDR range', plan)).toBe('trustedIPs');
    expect(fieldOfServerMessage('invalid haproxy input: source: "traefik/nope" is not a Service in the snapshot', plan)).toBe('service');
    expect(fieldOfServerMessage('give a service (namespace/name) or at least one backend address:port', plan)).toBe('form');
  });
});

describe('candidate services', () => {
  it('lists every LoadBalancer Service with a TCP port (mail too) and preselects Traefik (homelab-before)', () => {
    const choices = candidateServices(fixture('homelab-before'));
    expect(choices.map((c) => c.id)).toContain('traefik/traefik');
    expect(choices.map((c) => c.id)).toContain('mail/mailserver');
    expect(choices.find((c) => c.id === 'traefik/traefik')?.ip).toBe('10.0.20.200');
    expect(defaultService(choices)).toBe('traefik/traefik');
  });

  it('has nothing to preselect on a cluster without TCP/443', () => {
    expect(defaultService(candidateServices({ ...fixture('homelab-before'), loadBalancers: [] }))).toBe('');
  });
});
