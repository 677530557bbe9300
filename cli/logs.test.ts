// `edgelens logs` as a user runs it: a real child process through bin/edgelens.mjs.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { logReportSchema, type LogReport } from '@/lib/model';

const home = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => join(home, 'lib', 'logs', '__fixtures__', name);
const scenario = (name: string) => join(home, 'lab', 'scenarios', `${name}.yaml`);
const tmp = mkdtempSync(join(tmpdir(), 'edgelens-cli-logs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], input?: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // An empty HOME/KUBECONFIG so a developer's own cluster never leaks into the test.
    const env = { ...process.env, HOME: tmp, KUBECONFIG: join(tmp, 'none'), EDGELENS_MODE: '' };
    const child = execFile(process.execPath, [join(home, 'bin', 'edgelens.mjs'), 'logs', ...args], { env, cwd: tmp, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof err.code === 'number' ? err.code : err ? 99 : 0;
      resolve({ code, stdout, stderr });
    });
    // Always end stdin: a command that reads it must see EOF, not wait for the test's timeout.
    child.stdin?.end(input ?? '');
  });
}

function report(stdout: string): LogReport {
  return logReportSchema.parse(JSON.parse(stdout));
}

/** Traefik v3 JSON access-log lines from the given clients, one per entry. */
function jsonLog(clients: string[], router = 'web@kubernetes'): string {
  return clients
    .map((ip, i) =>
      JSON.stringify({
        ClientAddr: `${ip}:5${String(i).padStart(4, '0')}`,
        ClientHost: ip,
        DownstreamStatus: 200,
        RequestMethod: 'GET',
        RequestPath: '/',
        RouterName: router,
        entryPointName: 'websecure',
        StartUTC: `2024-05-01T12:0${i % 10}:00Z`,
        time: `2024-05-01T12:0${i % 10}:00Z`,
      }),
    )
    .join('\n')
    .concat('\n');
}

describe('edgelens logs FILE', () => {
  it('prints the CONTRACT JSON, counts malformed and blank lines, and exits 1 on client-ip-snat', async () => {
    const r = await run([fixture('traefik-v3.json.log'), '--node-ip', '10.0.20.101,10.0.20.102', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const rep = report(r.stdout);
    expect(rep).toMatchObject({ format: 'json', lines: 13, parsed: 9, malformed: 3, blank: 1 });
    expect(rep.classes.node).toBe(3);
    expect(rep.findings.map((f) => [f.rule, f.severity])).toEqual([['client-ip-snat', 'error']]);
    expect(rep.routers.find((r) => r.router === 'immich-immich-9c2f1a@kubernetescrd')).toMatchObject({ verdict: 'snat', snatRatio: 1 });
  });

  it('exits 0 when client IPs are preserved', async () => {
    const file = join(tmp, 'preserved.log');
    writeFileSync(file, jsonLog(['203.0.113.7', '198.51.100.23', '203.0.113.45', '192.168.1.20']));
    const r = await run([file, '--node-ip', '10.0.20.101', '--json']);
    expect(r.code).toBe(0);
    expect(report(r.stdout)).toMatchObject({ verdict: 'preserved', parsed: 4, malformed: 0 });
  });

  it('takes node IPs, pod ranges and LB IPs from --snapshot (a kubectl List)', async () => {
    const file = join(tmp, 'nodes.log');
    writeFileSync(file, jsonLog(['10.0.20.103', '10.0.20.103', '10.0.20.101', '10.244.2.1', '10.0.20.200']));
    const without = report((await run([file, '--json'])).stdout);
    expect(without.topClients.find((c) => c.ip === '10.0.20.103')?.class).toBe('private');
    const r = await run([file, '--snapshot', scenario('homelab-before'), '--json']);
    expect(r.code).toBe(1);
    const rep = report(r.stdout);
    expect(rep.classes).toMatchObject({ node: 3, pod: 1, lb: 1 });
    expect(rep.verdict).toBe('snat');
  });

  it('reads CLF with --format clf and the same lines from stdin with -', async () => {
    const file = await run([fixture('traefik-common.log'), '--format', 'clf', '--node-ip', '10.0.20.101,10.0.20.102', '--json']);
    const fromFile = report(file.stdout);
    expect(fromFile.format).toBe('clf');
    expect(fromFile.malformed).toBeGreaterThan(0);
    const stdin = await run(['-', '--format', 'clf', '--node-ip', '10.0.20.101,10.0.20.102', '--json'], readFileSync(fixture('traefik-common.log'), 'utf8'));
    expect(stdin.code).toBe(file.code);
    expect(report(stdin.stdout)).toEqual(fromFile);
  });

  it('reads a pipe without "-" too', async () => {
    const r = await run(['--json'], jsonLog(['203.0.113.9']));
    expect(report(r.stdout)).toMatchObject({ lines: 1, parsed: 1, verdict: 'preserved' });
  });

  it('prints the verdict in words, the routers and the findings without --json', async () => {
    const r = await run([fixture('traefik-v3.json.log'), '--node-ip', '10.0.20.101,10.0.20.102']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Verdict: ▲ MIXED');
    expect(r.stdout).toMatch(/ROUTER\s+ENTRYPOINT\s+REQUESTS\s+SNAT\s+VERDICT\s+HTTP\/3\s+SERVICE/);
    // HTTP/3: protocols were logged and none was HTTP/3 ("no", not "unknown"); the Traefik service as logged.
    expect(r.stdout).toMatch(/immich-immich-9c2f1a@kubernetescrd\s+websecure\s+3\s+100%\s+✖ snat\s+no\s+immich-immich-server-2283@kubernetescrd/);
    expect(r.stdout).toMatch(/10\.0\.20\.101\s+node\s+2/);
    expect(r.stdout).toContain('✖ ERROR  client-ip-snat');
  });

  it('warns in text output when no cluster addresses were given', async () => {
    const r = await run([fixture('traefik-v3.json.log')]);
    expect(r.stdout).toContain('no node IPs, pod ranges or LB IPs were known');
  });
});

describe('edgelens logs: bad usage and unreadable input are exit 2 with one line', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a missing file', [join(tmp, 'nope.log')], /nope\.log.*no such file/],
    ['a directory', [tmp], /is a directory/],
    ['a bad --node-ip', [fixture('traefik-v3.json.log'), '--node-ip', '10.0.20.300'], /--node-ip takes IP addresses, got "10\.0\.20\.300"/],
    ['a bad --pod-cidr', [fixture('traefik-v3.json.log'), '--pod-cidr', 'pods'], /--pod-cidr/],
    ['a bad --format', [fixture('traefik-v3.json.log'), '--format', 'xml'], /--format takes auto, json or clf/],
    ['a cluster flag with a FILE', [fixture('traefik-v3.json.log'), '--tail', '10'], /--tail only applies to --from-cluster/],
    ['FILE and --from-cluster', [fixture('traefik-v3.json.log'), '--from-cluster'], /FILE or --from-cluster/],
    ['a bad --since', ['--from-cluster', '--lab', '--since', 'soon'], /--since takes a duration/],
    ['a bad --selector', ['--from-cluster', '--lab', '--selector', 'a in (b'], /--selector: unbalanced/],
    ['a missing snapshot', [fixture('traefik-v3.json.log'), '--snapshot', join(tmp, 'none.yaml')], /none\.yaml.*no such file/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('an unparsable snapshot', async () => {
    const bad = join(tmp, 'bad-snapshot.yaml');
    writeFileSync(bad, 'items: [ {unclosed\n');
    const r = await run([fixture('traefik-v3.json.log'), '--snapshot', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('edgelens logs --from-cluster (the lab)', () => {
  it('homelab-before: reads every Traefik replica and finds SNAT (exit 1)', async () => {
    const r = await run(['--from-cluster', '--lab', '--tail', '300', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const rep = report(r.stdout);
    expect(rep.sources).toHaveLength(3);
    expect(rep.sources?.every((s) => s.lines === 300 && s.error === undefined)).toBe(true);
    expect(rep.sampling).toMatchObject({ from: 'pods', tailLines: 300 });
    expect(rep.verdict).toBe('snat');
    expect(rep.findings.filter((f) => f.rule === 'client-ip-snat').length).toBe(rep.routers.length);
  });

  it('homelab-after: preserved (exit 0), and the sources show in the text output', async () => {
    const r = await run(['--lab', '--scenario', 'homelab-after', '--tail', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verdict: ✔ PRESERVED');
    expect(r.stdout).toContain('Sources: pods of LoadBalancer Service traefik/traefik (last 100 lines');
    expect(r.stdout).toMatch(/traefik\/traefik-\S+\s+k8s-node\d\s+100\s/);
  });

  it('no Traefik pod to read is exit 2 with the reason', async () => {
    const r = await run(['--from-cluster', '--lab', '--selector', 'app=nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('no running pod matches the label selector "app=nope"');
  });
});

describe('no false all-clear from stdin (the README example)', () => {
  // `kubectl -n traefik logs deploy/traefik | edgelens logs -`: 98% of 2,000 requests from the five nodes.
  const nodes = ['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.104', '10.0.20.105'];
  const clients = Array.from({ length: 2000 }, (_, i) => (i < 1960 ? (nodes[i % 5] ?? '') : `93.184.216.${i % 40}`));
  const log = jsonLog(clients);

  it('with no node list: suspect-snat naming the addresses, exit 1', async () => {
    const r = await run(['-', '--json'], log);
    expect(r.code).toBe(1);
    const rep = report(r.stdout);
    expect(rep).toMatchObject({ verdict: 'suspect-snat', nodeSource: 'none' });
    expect(rep.suspects?.map((s) => s.ip).sort()).toEqual(nodes);
  });

  it('with --node-ip naming 2 of 5 nodes: suspect-snat, exit 1, and the text says how to confirm', async () => {
    const r = await run(['-', '--node-ip', '10.0.20.101,10.0.20.102'], log);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Verdict: ▲ SUSPECT SNAT');
    expect(r.stdout).toContain('node addresses from: --node-ip only (may be incomplete)');
    expect(r.stdout).toMatch(/Confirm with --snapshot/);
  });

  it('stdin judged with the node list read from the cluster (here the lab): snat, nodeSource cluster', async () => {
    const r = await run(['-', '--lab', '--json'], log);
    expect(r.code).toBe(1);
    expect(report(r.stdout)).toMatchObject({ verdict: 'snat', nodeSource: 'cluster' });
  });

  it('with a snapshot that lists the nodes: snat, exit 1', async () => {
    const r = await run(['-', '--snapshot', scenario('homelab-before'), '--json'], log);
    expect(r.code).toBe(1);
    expect(report(r.stdout)).toMatchObject({ verdict: 'snat', nodeSource: 'snapshot' });
  });
});

describe('input that is not plain text', () => {
  it('reads a gzip file (a rotated access.log.1.gz) and gzip on stdin', async () => {
    const gz = join(tmp, 'access.log.1.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('traefik-v3.json.log'))));
    const file = await run([gz, '--no-cluster', '--json']);
    expect(file.stderr).toBe('');
    expect(report(file.stdout)).toMatchObject({ lines: 13, parsed: 9, malformed: 3 });
    const piped = await run(['-', '--json'], gzipSync(readFileSync(fixture('traefik-v3.json.log'))));
    expect(report(piped.stdout)).toMatchObject({ lines: 13, parsed: 9 });
  });

  it('UTF-16 and binary input are exit 2 with one line saying what they look like', async () => {
    const u16 = join(tmp, 'access-utf16.log');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(fixture('traefik-v3.json.log'), 'utf8'), 'utf16le')]));
    const r = await run([u16]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('is not a text access log: it looks like UTF-16 little-endian text');
    const bin = await run(['-'], Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    expect(bin.code).toBe(2);
    expect(bin.stderr).toMatch(/stdin is not a text access log: it looks like binary data/);
  });
});
