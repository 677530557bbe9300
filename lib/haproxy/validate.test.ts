import { describe, expect, it } from 'vitest';
import { generateHaproxy } from './generate';
import { HaproxyInputError, validateHaproxyInput } from './validate';

const META = { generatedBy: 'edgelens test', source: 'unit test' };
const GOOD = { backends: [{ name: 'traefik-a', address: '10.42.1.5', port: 8443 }] };

function rejection(input: unknown, meta = META): HaproxyInputError {
  try {
    generateHaproxy(input, meta);
  } catch (e) {
    if (e instanceof HaproxyInputError) return e;
    throw e;
  }
  throw new Error(`accepted: ${JSON.stringify(input)}`);
}

// [what, input, field named in the message, text the reason must contain]
const CASES: Array<[string, unknown, string, string]> = [
  ['newline in a server name', { backends: [{ name: 'a\nlisten evil', address: '10.0.0.1', port: 1 }] }, 'backends[0].name: "a\\nlisten evil"', 'a newline'],
  ['space in a server name', { backends: [{ name: 'a b', address: '10.0.0.1', port: 1 }] }, 'backends[0].name: "a b"', 'a space'],
  ['# in a server name', { backends: [{ name: 'a#b', address: '10.0.0.1', port: 1 }] }, 'backends[0].name: "a#b"', "'#'"],
  ['double quote in a name', { backends: [{ name: 'a"b', address: '10.0.0.1', port: 1 }] }, 'backends[0].name: "a\\"b"', 'double quote'],
  ['single quote in a name', { backends: [{ name: "a'b", address: '10.0.0.1', port: 1 }] }, 'backends[0].name', 'single quote'],
  ['carriage return in the entry point', { ...GOOD, entryPoint: 'web\r' }, 'entryPoint: "web\\r"', 'carriage return'],
  ['dot in the entry point (breaks Traefik CLI keys)', { ...GOOD, entryPoint: 'web.secure' }, 'entryPoint: "web.secure"', "contains '.'"],
  ['empty name', { backends: [{ name: '', address: '10.0.0.1', port: 1 }] }, 'backends[0].name', 'is empty'],
  ['non-ASCII look-alike in a name', { backends: [{ name: 'trаefik', address: '10.0.0.1', port: 1 }] }, 'backends[0].name: "tr\\u0430efik"', 'only letters'],
  ['an address followed by a directive', { backends: [{ address: '1.2.3.4\n listen evil', port: 1 }] }, 'backends[0].address: "1.2.3.4\\n listen evil"', 'not an IPv4 or IPv6 address'],
  ['a hostname as address', { backends: [{ address: 'traefik.local', port: 1 }] }, 'backends[0].address', 'no hostnames'],
  ['address with a port', { backends: [{ address: '10.0.0.1:8443', port: 1 }] }, 'backends[0].address', 'not an IPv4'],
  ['bracketed IPv6', { backends: [{ address: '[2001:db8::1]', port: 1 }] }, 'backends[0].address', 'brackets'],
  ['IPv6 with zone id', { backends: [{ address: 'fe80::1%eth0', port: 1 }] }, 'backends[0].address', 'zone ids'],
  ['octet out of range', { backends: [{ address: '10.0.0.256', port: 1 }] }, 'backends[0].address', 'not an IPv4'],
  ['leading zero octet', { backends: [{ address: '10.0.0.010', port: 1 }] }, 'backends[0].address', 'not an IPv4'],
  ['unspecified backend', { backends: [{ address: '0.0.0.0', port: 8443 }] }, 'backends[0].address', 'unspecified'],
  ['port 0', { backends: [{ address: '10.0.0.1', port: 0 }] }, 'backends[0].port: 0', 'integer from 1 to 65535'],
  ['port 70000', { backends: [{ address: '10.0.0.1', port: 70000 }] }, 'backends[0].port: 70000', 'integer from 1 to 65535'],
  ['fractional port', { backends: [{ address: '10.0.0.1', port: 443.5 }] }, 'backends[0].port: 443.5', 'integer'],
  ['port as a string', { backends: [{ address: '10.0.0.1', port: '443\nbind' }] }, 'backends[0].port: "443\\nbind"', 'number'],
  ['bad bind address', { ...GOOD, binds: [{ address: '0.0.0.0 ssl crt /x', port: 443 }] }, 'binds[0].address', 'not an IPv4'],
  ['bind port 0', { ...GOOD, binds: [{ address: '0.0.0.0', port: 0 }] }, 'binds[0].port', '1 to 65535'],
  ['duplicate bind', { ...GOOD, binds: [{ address: '0.0.0.0', port: 443 }, { address: '0.0.0.0', port: 443 }] }, 'binds[1]', 'already bound'],
  ['duration with a directive', { ...GOOD, check: { inter: '2s\n    server x 1.1.1.1:1' } }, 'check.inter: "2s\\n', 'not a duration'],
  ['duration without unit', { ...GOOD, timeouts: { connect: '5' } }, 'timeouts.connect: "5"', 'not a duration'],
  ['timer beyond HAProxy\'s 24.8 days', { ...GOOD, timeouts: { tunnel: '25d' } }, 'timeouts.tunnel: "25d"', 'longer than HAProxy allows'],
  ['fall 0', { ...GOOD, check: { fall: 0 } }, 'check.fall: 0', 'integer from 1 to 100'],
  ['maxconn negative', { ...GOOD, maxconn: -1 }, 'maxconn: -1', 'integer from 1'],
  ['no backends', { backends: [] }, 'backends: []', 'at least one Traefik endpoint'],
  ['no binds', { ...GOOD, binds: [] }, 'binds: []', 'at least one'],
  ['unknown proxy version', { ...GOOD, proxy: 'v3' }, 'proxy: "v3"', ''],
  ['bad trusted IP', { ...GOOD, trustedIPs: ['10.0.0.0/33'] }, 'trustedIPs[0]: "10.0.0.0/33"', 'not an IP address or CIDR'],
  ['bad egress', { ...GOOD, egress: 'eth0' }, 'egress: "eth0"', 'not an IPv4'],
  ['egress family mismatch', { backends: [{ address: '2001:db8::1', port: 8443 }], egress: '192.0.2.1' }, 'egress: "192.0.2.1"', 'cannot connect'],
  ['same server name twice', { backends: [{ name: 'a', address: '10.0.0.1', port: 1 }, { name: 'a', address: '10.0.0.2', port: 1 }] }, 'backends[1].name: "a"', 'already used'],
  ['bad service name', { ...GOOD, source: { kind: 'service', namespace: 'traefik', name: 'x y' } }, 'source.name: "x y"', 'a space'],
  ['bad http entry point', { ...GOOD, http: { backends: GOOD.backends, entryPoint: 'web#' } }, 'http.entryPoint: "web#"', "'#'"],
  ['http entry point equal to https', { ...GOOD, http: { backends: GOOD.backends, entryPoint: 'websecure' } }, 'http.entryPoint', 'must differ'],
];

describe('haproxy input validation', () => {
  it.each(CASES)('rejects %s with the field, the escaped value and a reason', (_what, input, fieldAndValue, reason) => {
    const err = rejection(input);
    expect(err.message).toContain(fieldAndValue);
    expect(err.message).toContain(reason);
    // The message is one line: the bad value never breaks it.
    expect(err.message).not.toMatch(/[\r\n]/);
    expect(err.issues.length).toBeGreaterThan(0);
  });

  it('reports every bad field at once, not just the first', () => {
    const err = rejection({ backends: [{ name: 'a b', address: 'x', port: 0 }], binds: [{ address: 'y', port: 1 }] });
    expect(err.issues.map((i) => i.field).sort()).toEqual(['backends[0].address', 'backends[0].name', 'backends[0].port', 'binds[0].address']);
  });

  it('rejects a newline in the header metadata, which would escape the comment line', () => {
    const err = rejection(GOOD, { generatedBy: 'edgelens', source: 'x\nlisten evil' });
    expect(err.message).toContain('meta.source: "x\\nlisten evil"');
  });

  it('accepts IPv6 forms and normalises them', () => {
    const r = validateHaproxyInput({ backends: [{ address: '2001:DB8:0:0:0:0:0:1', port: 8443 }, { address: '::ffff:192.0.2.1', port: 8443 }] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.input.listeners[0]?.backends.map((b) => b.address.text)).toEqual(['2001:db8::1', '::ffff:c000:201']);
  });
});
