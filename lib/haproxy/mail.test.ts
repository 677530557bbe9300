// A mail Service (docker-mailserver: 25/465/587/993, externalTrafficPolicy: Local) through the
// generator: every TCP port gets a listener, Postfix and Dovecot get their receiving settings,
// nodeport mode lists only the node with the pod and checks it on healthCheckNodePort, and
// every config passes the real `haproxy -c`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';
import { kubeObjectSchema, haproxyOutputSchema, type ClusterSnapshot } from '../model';
import { generateFromCluster, listenersFromCluster } from './from-cluster';
import { haproxyCheck } from '../../lab/haproxy-bin';

function loadSnapshot(file: string): ClusterSnapshot {
  const list = load(readFileSync(new URL(`./__fixtures__/${file}`, import.meta.url), 'utf8'), { schema: CORE_SCHEMA }) as { items: unknown[] };
  return { source: 'snapshot', objects: list.items.map((i) => kubeObjectSchema.parse(i)), gaps: [] };
}

const MAIL = loadSnapshot('mail-cluster.yaml');
const SVC = { namespace: 'mail', name: 'mailserver' };
const META = { generatedBy: 'edgelens test', source: 'snapshot mail-cluster.yaml' };

describe('a mail Service through the HAProxy generator', () => {
  it('every TCP port becomes a listener with its receiver: Postfix on 25/465/587, Dovecot on 993', () => {
    const r = listenersFromCluster(MAIL, { ...SVC, mode: 'pod' });
    expect(r.listeners.map((l) => [l.name, l.receiver, l.servicePort, l.backends.map((b) => `${b.address}:${b.port}`).join(',')])).toEqual([
      ['smtp', 'postfix', 25, '10.42.1.31:25'],
      ['submissions', 'postfix', 465, '10.42.1.31:465'],
      ['submission', 'postfix', 587, '10.42.1.31:587'],
      ['imaps', 'dovecot', 993, '10.42.1.31:993'],
    ]);
    expect(r.ipMode).toBe('VIP');
  });

  it('nodeport mode lists only the node with a ready endpoint and health-checks it on healthCheckNodePort', () => {
    const out = generateFromCluster(MAIL, SVC, { mode: 'nodeport', egress: '10.0.20.5' }, META);
    expect(haproxyOutputSchema.parse(out)).toEqual(out);
    expect(out.servers?.map((s) => `${s.entryPoint} ${s.name} ${s.address}:${s.port} check:${s.checkPort}`)).toEqual([
      'smtp k8s-node4 10.0.20.104:31025 check:32394',
      'submissions k8s-node4 10.0.20.104:31465 check:32394',
      'submission k8s-node4 10.0.20.104:31587 check:32394',
      'imaps k8s-node4 10.0.20.104:31993 check:32394',
    ]);
    expect(out.haproxyCfg).not.toContain('10.0.20.103');
    expect(out.haproxyCfg).toContain('option httpchk GET /healthz');
    expect(out.haproxyCfg).toContain('server k8s-node4 10.0.20.104:31025 check port 32394 inter 2s fall 3 rise 2 observe layer4 error-limit 1 on-error mark-down send-proxy-v2');
    for (const port of [25, 465, 587, 993]) expect(out.haproxyCfg).toContain(`bind 0.0.0.0:${port}`);
    expect(out.traefik).toBeUndefined();
    const [check] = haproxyCheck([out.haproxyCfg]);
    expect(check?.output).toContain('Configuration file is valid');
    expect(check?.status).toBe(0);
  });

  it('prints Postfix (postscreen on 25, smtpd on 465/587) and Dovecot settings trusting exactly HAProxy', () => {
    const out = generateFromCluster(MAIL, SVC, { mode: 'pod', egress: '10.0.20.5' }, META);
    const [check] = haproxyCheck([out.haproxyCfg]);
    expect(check?.status, check?.output).toBe(0);
    expect(out.receivers?.map((r) => [r.receiver, r.listeners])).toEqual([
      ['postfix', ['smtp', 'submissions', 'submission']],
      ['dovecot', ['imaps']],
    ]);
    const postfix = out.receivers?.[0]?.files ?? [];
    const master = postfix.find((f) => f.name === 'master.cf')?.text ?? '';
    expect(master).toMatch(/^smtp {6}inet {2}n {7}- {7}y {7}- {7}1 {7}postscreen\n {2}-o postscreen_upstream_proxy_protocol=haproxy$/m);
    expect(master).toMatch(/^submissions inet .* smtpd\n {2}-o smtpd_tls_wrappermode=yes\n {2}-o smtpd_upstream_proxy_protocol=haproxy$/m);
    expect(master).toMatch(/^submission inet .* smtpd\n {2}-o smtpd_upstream_proxy_protocol=haproxy$/m);
    expect(postfix.find((f) => f.name.includes('docker-mailserver'))?.text).toContain(
      'smtp/inet/postscreen_upstream_proxy_protocol=haproxy\nsubmissions/inet/smtpd_upstream_proxy_protocol=haproxy\nsubmission/inet/smtpd_upstream_proxy_protocol=haproxy',
    );
    const dovecot = out.receivers?.[1]?.files[0]?.text ?? '';
    expect(dovecot).toContain('haproxy_trusted_networks = 10.0.20.5');
    expect(dovecot).toMatch(/service imap-login \{\n {2}inet_listener imaps \{\n {4}port = 993\n {4}ssl = yes\n {4}haproxy = yes\n {2}\}\n\}/);
    // The traps a mail admin must know: Postfix trusts any peer on a PROXY port; in-cluster
    // clients on the VIP bypass HAProxy and would be refused.
    expect(out.warnings.join('\n')).toMatch(/Postfix has no list of trusted PROXY senders/);
    expect(out.warnings.join('\n')).toMatch(/ipMode VIP.*refuse/);
    expect(out.warnings.join('\n')).not.toMatch(/Traefik/);
  });

  it('--port narrows to the chosen ports; a port the Service lacks is a clear error', () => {
    const out = generateFromCluster(MAIL, SVC, { mode: 'pod', ports: [993] }, META);
    expect(out.servers?.map((s) => s.entryPoint)).toEqual(['imaps']);
    expect(() => generateFromCluster(MAIL, SVC, { mode: 'pod', ports: [143] }, META)).toThrow(/has no TCP port 143 \(ports: TCP\/25, TCP\/465, TCP\/587, TCP\/993\)/);
  });

  it('ipMode Proxy changes the in-cluster warning: those clients do reach the load balancer', () => {
    const objects = MAIL.objects.map((o) =>
      o.kind === 'Service' ? kubeObjectSchema.parse({ ...o, status: { loadBalancer: { ingress: [{ ip: '10.0.20.210', ipMode: 'Proxy' }] } } }) : o,
    );
    const out = generateFromCluster({ ...MAIL, objects }, SVC, { mode: 'pod' }, META);
    expect(out.warnings.join('\n')).toMatch(/ipMode: Proxy \(KEP-1860\).*reach HAProxy/);
  });
});
