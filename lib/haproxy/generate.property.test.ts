// Property tests: random valid inputs always give a config the real HAProxy accepts;
// order never changes the output; a value with a forbidden character is always
// rejected, wherever it is put. EDGELENS_FUZZ_RUNS=1500 runs a longer haproxy -c fuzz
// (add --testTimeout=200000); the default 40 keeps CI fast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';

const parse = (text: string): unknown => load(text, { schema: CORE_SCHEMA });
import { generateHaproxy } from './generate';
import { parseIp } from './ip';
import { haproxyCheck } from '../../lab/haproxy-bin';
import { HaproxyInputError } from './validate';

const META = { generatedBy: 'edgelens property test', source: 'fast-check' };

const ip4 = fc.ipV4();
const ip6 = fc.ipV6();
const specificIp = fc.oneof(ip4, ip6).filter((s) => parseIp(s)?.bytes.some((b) => b !== 0) ?? false);
const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,24}$/);
const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
// Up to HAProxy's timer limit (2^31-1 ms); longer values are a rejection, tested in validate.test.ts.
const duration = fc
  .tuple(fc.integer({ min: 1, max: 99999 }), fc.constantFrom(...(Object.keys(UNIT_MS) as Array<keyof typeof UNIT_MS>)))
  .filter(([n, u]) => n * UNIT_MS[u] <= 2_147_483_647)
  .map(([n, u]) => `${n}${u}`);
const cidr = fc.oneof(
  fc.tuple(ip4, fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(ip6, fc.integer({ min: 0, max: 128 })).map(([a, p]) => `${a}/${p}`),
);

function endpointKey(address: string, port: number): string {
  return `${parseIp(address)?.text}|${port}`;
}

const backend = fc.record({ name: fc.option(name, { nil: undefined }), address: specificIp, port: fc.integer({ min: 1, max: 65535 }) });
/** Backends with unique names and endpoints (duplicate names for different endpoints are a rejection, tested elsewhere). */
const backends = fc
  .uniqueArray(backend, { minLength: 1, maxLength: 6, selector: (b) => endpointKey(b.address, b.port) })
  .filter((bs) => {
    const names = bs.map((b) => b.name ?? `auto:${endpointKey(b.address, b.port)}`);
    return new Set(names).size === names.length && !bs.some((b) => b.name?.startsWith('ip'));
  });
const bindAddress = fc.oneof(fc.constantFrom('0.0.0.0', '::'), specificIp);
// Main and :80 binds use disjoint port ranges so they never collide.
const binds = (min: number, max: number) =>
  fc.uniqueArray(fc.record({ address: bindAddress, port: fc.integer({ min, max }) }), {
    minLength: 1,
    maxLength: 4,
    selector: (b) => endpointKey(b.address, b.port),
  });

const validInput = fc
  .record({
    backends,
    binds: binds(1, 32767),
    http: fc.option(fc.record({ backends, binds: binds(32768, 65535), entryPoint: fc.constantFrom('web', 'http', 'plain-80', 'null') }), { nil: undefined }),
    proxy: fc.constantFrom('v1', 'v2'),
    check: fc.record({ inter: duration, fall: fc.integer({ min: 1, max: 100 }), rise: fc.integer({ min: 1, max: 100 }) }),
    timeouts: fc.record({ connect: duration, client: duration, server: duration, tunnel: duration, check: duration }),
    maxconn: fc.integer({ min: 1, max: 1_000_000 }),
    entryPoint: fc.oneof(fc.constantFrom('websecure', 'https', 'true', '443', '-'), fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/)),
    egress: fc.option(specificIp, { nil: undefined }),
    trustedIPs: fc.option(fc.array(fc.oneof(specificIp, cidr), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    source: fc.oneof(
      fc.constant({ kind: 'manual' as const }),
      fc.record({ kind: fc.constant('service' as const), namespace: name, name }),
    ),
    mode: fc.option(fc.constantFrom('pod', 'nodeport'), { nil: undefined }),
  })
  .filter((i) => i.http?.entryPoint !== i.entryPoint)
  // HAProxy's `source` must be the same family as every server it applies to.
  .map((i) => {
    const fam = i.egress === undefined ? undefined : parseIp(i.egress)?.family;
    const all = [...i.backends, ...(i.http?.backends ?? [])];
    return fam !== undefined && all.some((b) => parseIp(b.address)?.family !== fam) ? { ...i, egress: undefined } : i;
  });

/**
 * The general shape: 1–4 listeners for any receiver, each on its own port range (so binds never
 * collide), some health-checked on another port (kube-proxy's healthCheckNodePort).
 */
const receiver = fc.constantFrom('traefik', 'postfix', 'dovecot', 'generic');
const listenersInput = fc
  .record({
    listeners: fc
      .array(
        fc.record({
          receiver,
          servicePort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
          backends,
          healthCheck: fc.option(fc.record({ port: fc.integer({ min: 1, max: 65535 }), path: fc.constantFrom('/healthz', '/', '/ready-z/1.0') }), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 4 },
      )
      .chain((ls) =>
        fc.tuple(...ls.map((_, i) => binds(1 + i * 16000, 16000 + i * 16000))).map((bs) => ls.map((l, i) => ({ ...l, name: `l${i}-${l.receiver}`, binds: bs[i] ?? [] }))),
      ),
    proxy: fc.constantFrom('v1', 'v2'),
    check: fc.record({ inter: duration, fall: fc.integer({ min: 1, max: 100 }), rise: fc.integer({ min: 1, max: 100 }) }),
    egress: fc.option(specificIp, { nil: undefined }),
    ipMode: fc.option(fc.constantFrom('VIP', 'Proxy'), { nil: undefined }),
    mode: fc.option(fc.constantFrom('pod', 'nodeport'), { nil: undefined }),
  })
  .map((i) => {
    const fam = i.egress === undefined ? undefined : parseIp(i.egress)?.family;
    const all = i.listeners.flatMap((l) => l.backends);
    return fam !== undefined && all.some((b) => parseIp(b.address)?.family !== fam) ? { ...i, egress: undefined } : i;
  });

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('generateHaproxy properties', () => {
  it('every random valid input gives a config that haproxy -c accepts', () => {
    // Generated first, checked in one batch: one temp dir, 40 haproxy runs.
    const inputs = fc.sample(validInput, { numRuns: Number(process.env.EDGELENS_FUZZ_RUNS ?? 40) });
    const outs = inputs.map((i) => generateHaproxy(i, META));
    const results = haproxyCheck(outs.map((o) => o.haproxyCfg));
    results.forEach((r, i) => {
      if (r.status !== 0) throw new Error(`haproxy -c rejected input ${JSON.stringify(inputs[i])}:\n${r.output}\n${outs[i]?.haproxyCfg}`);
    });
    expect(results.every((r) => r.output.includes('Configuration file is valid'))).toBe(true);
  });

  it('every random multi-port input (Traefik, Postfix, Dovecot, generic; HTTP health checks) gives a config haproxy -c accepts', () => {
    const inputs = fc.sample(listenersInput, { numRuns: Number(process.env.EDGELENS_FUZZ_RUNS ?? 40) });
    const outs = inputs.map((i) => generateHaproxy(i, META));
    const results = haproxyCheck(outs.map((o) => o.haproxyCfg));
    results.forEach((r, i) => {
      if (r.status !== 0) throw new Error(`haproxy -c rejected input ${JSON.stringify(inputs[i])}:\n${r.output}\n${outs[i]?.haproxyCfg}`);
    });
    // Every listener's receiver gets settings, and health-checked ones say so in the config.
    outs.forEach((o, i) => {
      const kinds = new Set(inputs[i]?.listeners.map((l) => l.receiver));
      expect(new Set(o.receivers?.map((r) => r.receiver))).toEqual(kinds);
      expect(o.traefik === undefined).toBe(!kinds.has('traefik'));
      if (inputs[i]?.listeners.some((l) => l.healthCheck)) expect(o.haproxyCfg).toContain('option httpchk GET ');
    });
  });

  it('the same input in any order gives byte-identical output', () => {
    fc.assert(
      fc.property(validInput, fc.integer(), (input, seed) => {
        const a = generateHaproxy(input, META);
        const b = generateHaproxy(
          {
            ...input,
            backends: shuffle(input.backends, seed),
            binds: shuffle(input.binds, seed + 1),
            trustedIPs: input.trustedIPs && shuffle(input.trustedIPs, seed + 2),
            http: input.http && { ...input.http, backends: shuffle(input.http.backends, seed + 3), binds: shuffle(input.http.binds, seed + 4) },
          },
          META,
        );
        expect(b).toEqual(a);
      }),
      { numRuns: 150 },
    );
  });

  it('the Traefik snippets are YAML that carries exactly trustedIPs (or the placeholder) for each entry point', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        const out = generateHaproxy(input, META);
        const eps = [input.entryPoint, ...(input.http ? [input.http.entryPoint] : [])];
        const ips = out.trustedIPs.length > 0 ? out.trustedIPs : ['HAPROXY_SOURCE_IP'];
        const perEp = Object.fromEntries(eps.map((ep) => [ep, { proxyProtocol: { trustedIPs: ips } }]));
        expect(parse(out.traefik?.static ?? '')).toEqual({ entryPoints: perEp });
        expect(parse(out.traefik?.helmValues ?? '')).toEqual({ ports: perEp });
        expect(parse(out.traefik?.helmValuesLegacy ?? '')).toEqual({ additionalArguments: out.traefik?.cli });
        expect(out.traefik?.cli).toEqual(eps.map((ep) => `--entryPoints.${ep}.proxyProtocol.trustedIPs=${ips.join(',')}`));
      }),
      { numRuns: 150 },
    );
  });

  it('a forbidden character anywhere in a name, address or duration is rejected with a one-line reason', () => {
    const bad = fc.constantFrom('\n', '\r', ' ', '#', '"', "'", '\t', '\\', '\u2028', '{', ';', '$');
    const poisoned = fc.tuple(fc.string({ maxLength: 10 }), bad, fc.string({ maxLength: 10 })).map(([a, c, b]) => `${a}${c}${b}`);
    const place = fc.constantFrom('backend.name', 'backend.address', 'bind.address', 'entryPoint', 'check.inter', 'timeouts.client', 'egress', 'trustedIPs', 'source.name', 'http.entryPoint');
    fc.assert(
      fc.property(validInput, poisoned, place, (input, value, where) => {
        const [first, ...rest] = input.backends;
        const b0 = first ?? { address: '192.0.2.1', port: 1 };
        const patched: Record<string, unknown> = {
          'backend.name': { ...input, backends: [{ ...b0, name: value }, ...rest] },
          'backend.address': { ...input, backends: [{ ...b0, address: value }, ...rest] },
          'bind.address': { ...input, binds: [{ address: value, port: 443 }] },
          entryPoint: { ...input, entryPoint: value },
          'check.inter': { ...input, check: { ...input.check, inter: value } },
          'timeouts.client': { ...input, timeouts: { ...input.timeouts, client: value } },
          egress: { ...input, egress: value },
          trustedIPs: { ...input, trustedIPs: [value] },
          'source.name': { ...input, source: { kind: 'service', namespace: 'traefik', name: value } },
          'http.entryPoint': { ...input, http: { backends: input.backends, entryPoint: value } },
        };
        let error: unknown;
        try {
          generateHaproxy(patched[where], META);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(HaproxyInputError);
        const message = (error as HaproxyInputError).message;
        expect(message).not.toMatch(/[\r\n\u2028]/);
        expect((error as HaproxyInputError).issues.some((i) => i.field.replace(/\[\d+\]/g, '').startsWith(where.replace('backend.', 'backends.').replace('bind.', 'binds.')))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
