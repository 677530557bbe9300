import { describe, expect, it } from 'vitest';
import { CHECKLIST_PHASES, clusterReportSchema, type ClusterReport } from '../../model/cluster';
import type { ClusterSnapshot } from '../../model/cluster';
import { NOW, loadLabScenario } from '../__fixtures__/load';
import { parseWhatIfChange } from './parse-change';
import { planWhatIf } from './plan';

function plan(snapshot: ClusterSnapshot, ...changes: string[]) {
  const report = planWhatIf(snapshot, changes.map(parseWhatIfChange), { now: NOW });
  const whatIf = report.whatIf;
  if (!whatIf) throw new Error('no whatIf in the report');
  return { report, whatIf };
}
const rules = (fs: ReadonlyArray<{ rule: string }>) => fs.map((f) => f.rule);
const lbOf = (r: ClusterReport, ip: string) => r.loadBalancers.find((lb) => lb.ip === ip);

describe('planWhatIf on homelab-before: Traefik to its own IP with ETP=Local (the issue’s “done” case)', () => {
  const before = loadLabScenario('homelab-before');
  const { report, whatIf } = plan(before, 'traefik/traefik:etp=Local,ip=10.0.20.203');

  it('is the changed cluster’s report plus whatIf, in the CONTRACT shape', () => {
    expect(() => clusterReportSchema.parse(report)).not.toThrow();
    expect(lbOf(report, '10.0.20.203')?.services.map((s) => [`${s.namespace}/${s.name}`, s.externalTrafficPolicy, s.state])).toEqual([['traefik/traefik', 'Local', 'assigned']]);
    expect(lbOf(report, '10.0.20.200')?.services).toHaveLength(9);
    expect(whatIf.changes).toEqual([{ namespace: 'traefik', name: 'traefik', etp: 'Local', ip: '10.0.20.203' }]);
  });

  it('resolves etp-cluster-snat and quic-etp-cluster-spread and creates no shared-ip-* error', () => {
    expect(rules(whatIf.resolved)).toEqual(['etp-cluster-snat', 'quic-etp-cluster-spread']);
    expect(whatIf.resolved.every((f) => f.subjects.some((s) => s.name === 'traefik'))).toBe(true);
    expect(rules(whatIf.new).filter((r) => r.startsWith('shared-ip-'))).toEqual([]);
    expect(whatIf.new.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('lists the tunnel config and the DNS zone as still pointing at 10.0.20.200, and what stays there', () => {
    expect(whatIf.blastRadius).toEqual(
      expect.arrayContaining([
        { kind: 'ConfigMap', namespace: 'cloudflared', name: 'cloudflared-config', ip: '10.0.20.200', where: 'data[config.yaml] lines 7, 11, 15' },
        expect.objectContaining({ kind: 'ConfigMap', namespace: 'dns', name: 'split-horizon-zone', ip: '10.0.20.200', where: expect.stringContaining('data[home.example.org.db]') }),
        { kind: 'Service', namespace: 'tfstate', name: 'postgres', ip: '10.0.20.200', where: 'stays on 10.0.20.200 (TCP/5432)' },
      ]),
    );
    // Traefik itself is not blast radius, and nothing refers to the new IP.
    expect(whatIf.blastRadius.some((b) => b.name === 'traefik')).toBe(false);
    expect(whatIf.blastRadius.every((b) => b.ip === '10.0.20.200')).toBe(true);
  });

  it('gives an ordered checklist: every phase once, in order, each step with a verification and a rollback', () => {
    const phases = whatIf.checklist.map((s) => s.phase);
    expect([...new Set(phases)]).toEqual([...CHECKLIST_PHASES]);
    const order = phases.map((p) => CHECKLIST_PHASES.indexOf(p ?? 'pre-flight'));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const s of whatIf.checklist) {
      expect(s.step.length).toBeGreaterThan(20);
      expect(s.verify.length).toBeGreaterThan(10);
      expect(s.rollback.length).toBeGreaterThan(10);
    }
  });

  it('writes concrete commands with the snapshot’s names and IPs', () => {
    const by = (phase: string) => whatIf.checklist.filter((s) => s.phase === phase);
    const text = (phase: string) => by(phase).map((s) => `${s.step}\n${s.verify}\n${s.rollback}`).join('\n');

    expect(text('lower-ttl')).toContain('ConfigMap dns/split-horizon-zone');
    expect(text('lower-ttl')).toContain('$TTL 300 → 60');
    expect(text('lower-ttl')).toContain('dig +short photos.home.example.org @10.0.20.10');

    const move = by('move-service')[0];
    expect(move?.step).toContain(`kubectl -n traefik patch svc traefik --type merge -p '{"metadata":{"annotations":{"metallb.io/loadBalancerIPs":"10.0.20.203"}},"spec":{"externalTrafficPolicy":"Local"}}'`);
    expect(move?.step).toContain('k8s-node4');
    expect(move?.verify).toContain("kubectl -n traefik get svc traefik -o jsonpath='{.status.loadBalancer.ingress[*].ip}' prints 10.0.20.203");
    expect(move?.rollback).toContain(`'{"metadata":{"annotations":{"metallb.io/loadBalancerIPs":"10.0.20.200"}},"spec":{"externalTrafficPolicy":"Cluster"}}'`);

    const repoint = text('repoint');
    expect(repoint).toContain('Repoint ConfigMap cloudflared/cloudflared-config');
    expect(repoint).toContain('kubectl -n cloudflared rollout restart deployment/cloudflared');
    expect(repoint).toContain('traefik.traefik.svc.cluster.local:443');
    expect(repoint).toContain('dig +short photos.home.example.org @10.0.20.10 prints 10.0.20.203');

    expect(by('verify-old-ip')[0]?.verify).toMatch(/^nc -vz 10\.0\.20\.200 5432 \(tfstate\/postgres, the PostgreSQL Terraform state database\) connects/);
    expect(text('verify-client-ip')).toContain('edgelens logs -');
    expect(text('verify-client-ip')).toContain('--node-ip 10.0.20.101');
    expect(text('restore-ttl')).toContain('$TTL back to 300');
  });

  it('verdict safe, with the commands of each step listed one per entry', () => {
    expect(whatIf.verdict).toBe('safe');
    expect(whatIf.verdictReason).toBe('resolves 2 findings and adds no error');
    expect(whatIf.hidden).toEqual([]);
    const move = whatIf.checklist.find((s) => s.phase === 'move-service');
    expect(move?.commands?.step).toEqual([`kubectl -n traefik patch svc traefik --type merge -p '{"metadata":{"annotations":{"metallb.io/loadBalancerIPs":"10.0.20.203"}},"spec":{"externalTrafficPolicy":"Local"}}'`]);
    expect(move?.commands?.verify?.[0]).toBe("kubectl -n traefik get svc traefik -o jsonpath='{.status.loadBalancer.ingress[*].ip}'");
    expect(move?.commands?.rollback?.[0]).toContain('"metallb.io/loadBalancerIPs":"10.0.20.200"');
    for (const s of whatIf.checklist) for (const c of [...(s.commands?.step ?? []), ...(s.commands?.verify ?? []), ...(s.commands?.rollback ?? [])]) expect(c).not.toMatch(/&&|\n/);
  });

  it('does not touch the snapshot it was given', () => {
    const fresh = loadLabScenario('homelab-before');
    expect(JSON.stringify(before)).toBe(JSON.stringify(fresh));
  });
});

describe('planWhatIf: the same change in place predicts the conflict', () => {
  const { whatIf } = plan(loadLabScenario('homelab-before'), 'traefik/traefik:etp=Local');

  it('new findings: shared-ip-mixed-etp and allocation-failed for traefik/traefik', () => {
    expect(rules(whatIf.new)).toEqual(expect.arrayContaining(['shared-ip-mixed-etp', 'allocation-failed']));
    expect(whatIf.new.find((f) => f.rule === 'allocation-failed')?.evidence.join('\n')).toContain("can't change sharing key for \"traefik/traefik\"");
  });

  it('no IP moves, so no blast radius; an unsafe plan gets only the pre-flight, which says stop and offers no patch', () => {
    expect(whatIf.blastRadius).toEqual([]);
    expect(whatIf.checklist.map((s) => s.phase)).toEqual(['pre-flight']);
    expect(whatIf.checklist[0]?.step).toMatch(/^Unsafe: traefik\/traefik loses its IP/);
    expect(whatIf.checklist[0]?.step).toMatch(/STOP: the change adds 2 errors \(shared-ip-mixed-etp, allocation-failed\)/);
    const commands = whatIf.checklist.flatMap((s) => [...(s.commands?.step ?? []), ...(s.commands?.verify ?? []), ...(s.commands?.rollback ?? [])]);
    expect(commands.some((c) => c.includes('patch svc traefik'))).toBe(false);
    expect(whatIf.checklist.some((s) => s.step.includes('patch svc traefik'))).toBe(false);
  });

  it('verdict unsafe: Traefik loses its IP; its SNAT/QUIC findings are hidden by the new error, not resolved', () => {
    expect(whatIf.verdict).toBe('unsafe');
    expect(whatIf.verdictReason).toMatch(/^traefik\/traefik loses its IP/);
    expect(rules(whatIf.resolved)).toEqual([]);
    expect(rules(whatIf.hidden ?? [])).toEqual(expect.arrayContaining(['etp-cluster-snat', 'quic-etp-cluster-spread']));
  });
});

describe('planWhatIf: a no-op', () => {
  it('ETP=Local on a Service that already is Local: verdict no-change, no checklist', () => {
    const { whatIf } = plan(loadLabScenario('homelab-before'), 'mail/mailserver:etp=Local');
    expect(whatIf.verdict).toBe('no-change');
    expect(whatIf.verdictReason).toContain('nothing would change');
    expect(whatIf.checklist).toEqual([]);
    expect(whatIf.resolved).toEqual([]);
    expect(whatIf.new).toEqual([]);
  });
});

describe('planWhatIf: sharing keys and the other scenarios', () => {
  it('key= change on a shared IP: MetalLB refuses it (shared-ip-key-mismatch, allocation-failed)', () => {
    const { whatIf } = plan(loadLabScenario('homelab-before'), 'dolt/dolt:key=other');
    const mismatch = whatIf.new.find((f) => f.rule === 'shared-ip-key-mismatch');
    expect(mismatch?.subjects).toEqual([{ kind: 'Service', namespace: 'dolt', name: 'dolt' }]);
    expect(rules(whatIf.new)).toContain('allocation-failed');
    expect(whatIf.verdict).toBe('unsafe');
    expect(whatIf.verdictReason).toMatch(/^dolt\/dolt loses its IP/);
    expect(whatIf.checklist.find((s) => s.phase === 'move-service')).toBeUndefined();
  });

  it('shared-ip-conflict: giving the refused Traefik its own IP resolves the conflict and the allocation failure', () => {
    const { report, whatIf } = plan(loadLabScenario('shared-ip-conflict'), 'traefik/traefik:ip=10.0.20.203');
    expect(rules(whatIf.resolved)).toEqual(expect.arrayContaining(['shared-ip-mixed-etp', 'allocation-failed']));
    expect(whatIf.new.filter((f) => f.severity === 'error')).toEqual([]);
    expect(lbOf(report, '10.0.20.203')?.announcer).toEqual({ node: 'k8s-node4', source: 'ServiceL2Status' });
    expect(whatIf.blastRadius.map((b) => `${b.kind} ${b.namespace}/${b.name}`)).toEqual(expect.arrayContaining(['ConfigMap cloudflared/cloudflared-config', 'ConfigMap dns/split-horizon-zone']));
  });

  it('homelab-after: moving Traefik back onto the shared IP with key=shared brings the SNAT warnings back and names what points at 10.0.20.203', () => {
    const { whatIf } = plan(loadLabScenario('homelab-after'), 'traefik/traefik:etp=Cluster,ip=10.0.20.200,key=shared');
    expect(rules(whatIf.new)).toEqual(expect.arrayContaining(['etp-cluster-snat', 'quic-etp-cluster-spread']));
    expect(whatIf.new.filter((f) => f.severity === 'error')).toEqual([]);
    expect(whatIf.blastRadius.filter((b) => b.kind === 'ConfigMap').map((b) => `${b.namespace}/${b.name} ${b.ip}`)).toEqual(['cloudflared/cloudflared-config 10.0.20.203', 'dns/split-horizon-zone 10.0.20.203']);
    // Nothing else stays on 10.0.20.203: no "still answers" phase, no client-IP phase for an ETP=Cluster result.
    expect(whatIf.checklist.map((s) => s.phase)).not.toContain('verify-old-ip');
    expect(whatIf.checklist.map((s) => s.phase)).not.toContain('verify-client-ip');
  });
});
