// The receiving side of the PROXY header, per kind of receiver: what to paste into Traefik,
// Postfix or Dovecot so each accepts the header from HAProxy (and only from HAProxy), and the
// traps that differ between them. Settings as documented upstream:
// - Postfix postconf(5): postscreen_upstream_proxy_protocol / smtpd_upstream_proxy_protocol =
//   haproxy (Postfix 2.10+, PROXY v2 from 3.5); set per master.cf service with -o, never
//   smtpd_upstream_proxy_protocol in main.cf when postscreen runs on 25 (the smtpd behind
//   postscreen would wait for a second header). docker-mailserver's override file
//   config/postfix-master.cf takes `service/type/parameter=value` lines (its PROXY protocol guide).
// - Dovecot (doc.dovecot.org, HAProxy): haproxy_trusted_networks = space-separated ranges, and
//   `haproxy = yes` on each inet_listener that receives the header; PROXY v1 and v2 since 2.2.19;
//   connections from outside the trusted networks to such a listener are aborted.
import type { HaproxyReceiver, HaproxyReceiverSettings } from '../model/haproxy';
import { traefikSnippets, TRUST_PLACEHOLDER, type TraefikSnippets } from './traefik';
import type { NormalizedInput, NormalizedListener } from './validate';

const TITLES: Record<HaproxyReceiver, string> = {
  traefik: 'Traefik',
  postfix: 'Postfix',
  dovecot: 'Dovecot',
  generic: 'Other PROXY-aware server',
};

/** Postfix's master.cf service for a port: name, and whether postscreen or smtpd receives. */
function postfixService(port: number | undefined): { service: string; daemon: 'postscreen' | 'smtpd'; extra: string[] } {
  if (port === 25) return { service: 'smtp', daemon: 'postscreen', extra: [] };
  if (port === 465) return { service: 'submissions', daemon: 'smtpd', extra: ['  -o smtpd_tls_wrappermode=yes'] };
  if (port === 587) return { service: 'submission', daemon: 'smtpd', extra: [] };
  return { service: `${port ?? 'PORT'}`, daemon: 'smtpd', extra: [] };
}

/** Dovecot's login service and listener for a port. */
function dovecotListener(port: number | undefined): { service: string; listener: string; ssl: boolean } {
  switch (port) {
    case 143:
      return { service: 'imap-login', listener: 'imap', ssl: false };
    case 110:
      return { service: 'pop3-login', listener: 'pop3', ssl: false };
    case 995:
      return { service: 'pop3-login', listener: 'pop3s', ssl: true };
    case 4190:
      return { service: 'managesieve-login', listener: 'sieve', ssl: false };
    default:
      return { service: 'imap-login', listener: 'imaps', ssl: port === 993 || port === undefined };
  }
}

function postfixFiles(listeners: readonly NormalizedListener[], header: string): Array<{ name: string; text: string }> {
  const master = [`# ${header}`, '# /etc/postfix/master.cf: add the -o line under each existing service (keep its other options).'];
  const dms = [`# ${header}`, '# docker-mailserver: docker-data/dms/config/postfix-master.cf (one override per line).'];
  for (const l of listeners) {
    const port = l.servicePort ?? l.backends[0]?.port;
    const s = postfixService(port);
    const param = `${s.daemon}_upstream_proxy_protocol`;
    master.push(`# port ${port ?? '?'} (HAProxy listener ${l.entryPoint}): ${s.daemon} receives the connection`);
    master.push(
      s.daemon === 'postscreen'
        ? `${s.service}      inet  n       -       y       -       1       postscreen`
        : `${s.service} inet  n       -       y       -       -       smtpd`,
    );
    master.push(...s.extra, `  -o ${param}=haproxy`);
    dms.push(`${s.service}/inet/${param}=haproxy`);
  }
  master.push(
    '# If port 25 runs smtpd directly (no postscreen), use smtpd_upstream_proxy_protocol=haproxy there instead.',
    '# Never set smtpd_upstream_proxy_protocol in main.cf while postscreen runs: the smtpd behind postscreen would wait for a second header.',
    '',
  );
  dms.push('');
  return [
    { name: 'master.cf', text: master.join('\n') },
    { name: 'postfix-master.cf (docker-mailserver)', text: dms.join('\n') },
  ];
}

function dovecotFiles(listeners: readonly NormalizedListener[], trustedIPs: readonly string[], header: string): Array<{ name: string; text: string }> {
  const ips = trustedIPs.length > 0 ? trustedIPs.join(' ') : TRUST_PLACEHOLDER;
  const byService = new Map<string, string[]>();
  for (const l of listeners) {
    const port = l.servicePort ?? l.backends[0]?.port;
    const d = dovecotListener(port);
    const body = byService.get(d.service) ?? [];
    body.push(`  inet_listener ${d.listener} {`, `    port = ${port ?? 993}`, ...(d.ssl ? ['    ssl = yes'] : []), '    haproxy = yes', '  }');
    byService.set(d.service, body);
  }
  const text = [
    `# ${header}`,
    '# dovecot.conf, or a file in conf.d/ (docker-mailserver: docker-data/dms/config/dovecot.cf).',
    '# Only these addresses may send a PROXY header; other peers on these listeners are refused.',
    `haproxy_trusted_networks = ${ips}`,
    ...[...byService.entries()].flatMap(([service, body]) => [`service ${service} {`, ...body, '}']),
    '',
  ].join('\n');
  return [{ name: 'dovecot.conf', text }];
}

function genericFiles(listeners: readonly NormalizedListener[], trustedIPs: readonly string[], input: NormalizedInput, header: string): Array<{ name: string; text: string }> {
  const ips = trustedIPs.length > 0 ? trustedIPs.join(', ') : TRUST_PLACEHOLDER;
  const ports = listeners.map((l) => l.servicePort ?? l.backends[0]?.port ?? '?').join(', ');
  return [
    {
      name: 'receiver.txt',
      text: [
        `# ${header}`,
        `# The server behind port(s) ${ports} must expect a PROXY protocol ${input.proxy} header on every connection`,
        `# and accept it only from: ${ips}`,
        '# (nginx: listen … proxy_protocol + set_real_ip_from; HAProxy: accept-proxy; others: see their docs).',
        '',
      ].join('\n'),
    },
  ];
}

export interface ReceiverOutput {
  receivers: HaproxyReceiverSettings[];
  traefik: TraefikSnippets | undefined;
}

/** Settings for every receiver kind present, in the order their first listener appears. */
export function receiverSettings(input: NormalizedInput, trustedIPs: readonly string[], header: string): ReceiverOutput {
  const kinds = [...new Set(input.listeners.map((l) => l.receiver))];
  let traefik: TraefikSnippets | undefined;
  const receivers = kinds.map((kind): HaproxyReceiverSettings => {
    const ls = input.listeners.filter((l) => l.receiver === kind);
    const names = ls.map((l) => l.entryPoint);
    if (kind === 'traefik') {
      traefik = traefikSnippets(names, trustedIPs, header);
      return {
        receiver: kind,
        listeners: names,
        title: TITLES[kind],
        files: [
          { name: 'traefik.yml', text: traefik.static },
          { name: 'values.yaml (Helm)', text: traefik.helmValues },
        ],
      };
    }
    const files = kind === 'postfix' ? postfixFiles(ls, header) : kind === 'dovecot' ? dovecotFiles(ls, trustedIPs, header) : genericFiles(ls, trustedIPs, input, header);
    return { receiver: kind, listeners: names, title: TITLES[kind], files };
  });
  return { receivers, traefik };
}

/** Receiver-specific traps (Traefik's are in traefik.ts). */
export function receiverWarnings(input: NormalizedInput): string[] {
  const w: string[] = [];
  const mail = input.listeners.filter((l) => l.receiver === 'postfix' || l.receiver === 'dovecot');
  if (input.listeners.some((l) => l.receiver === 'postfix')) {
    w.push(
      "Postfix has no list of trusted PROXY senders: once a port expects the header, whoever reaches that port without HAProxy can claim any client address (and dodge your RBL and CrowdSec decisions). Let only HAProxy reach the Postfix pod's PROXY ports (NetworkPolicy, or no LoadBalancer IP on them).",
    );
    if (input.proxy === 'v2') w.push('PROXY v2 needs Postfix 3.5 or later; for older Postfix (2.10–3.4) generate with proxy v1.');
  }
  if (mail.length > 0) {
    const ports = mail.map((l) => l.servicePort ?? l.backends[0]?.port).join(', ');
    w.push(
      input.ipMode === 'Proxy'
        ? `The Service's load-balancer ingress has ipMode: Proxy (KEP-1860): in-cluster clients that use its IP go out to the load balancer instead of being short-circuited by kube-proxy, so they reach HAProxy and carry a PROXY header like everyone else.`
        : `In-cluster clients (webmail, apps sending mail) that connect to the LoadBalancer IP on ${ports} never reach HAProxy: with ipMode ${input.ipMode === 'VIP' ? 'VIP' : 'unset (which means VIP)'} kube-proxy short-circuits them to the pod, without a PROXY header, and Postfix/Dovecot then refuse or time out those connections on PROXY ports. Give them the Service name on a port without PROXY protocol.`,
    );
  }
  return w;
}
