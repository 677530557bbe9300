// Structured fixes (docs/contract.md "Structured fixes"): every finding of every
// lab scenario carries steps, each with at most one pasteable shell command.
import { describe, expect, it } from 'vitest';
import { joinSteps, stepsOf, withSteps, type Finding } from '../model/finding';
import { NOW, loadLabScenario } from './__fixtures__/load';
import { analyzeCluster } from './analyze-cluster';
import type { ClusterRule } from './rule';

const SCENARIOS = ['homelab-before', 'homelab-after', 'shared-ip-conflict'];

describe('structured fixes', () => {
  for (const name of SCENARIOS) {
    it(`${name}: every finding has steps, and each command is one shell command`, () => {
      const report = analyzeCluster(loadLabScenario(name), { now: NOW });
      expect(report.findings.length).toBeGreaterThan(0);
      for (const f of report.findings) {
        expect(f.steps?.length, f.rule).toBeGreaterThan(0);
        for (const s of f.steps ?? []) {
          if (s.command === undefined) continue;
          // One command: no chaining, no line breaks, no leftover prose in parentheses after it.
          expect(s.command, f.rule).not.toMatch(/&&|;\s|\n/);
          expect(s.command.trim()).toBe(s.command);
        }
        expect(f.fix).toBe(joinSteps(f.steps ?? []));
      }
    });
  }

  it('homelab-before: the shared Traefik move is two commands (own IP, then ETP=Local), not one paragraph', () => {
    const report = analyzeCluster(loadLabScenario('homelab-before'), { now: NOW });
    const snat = report.findings.find((f) => f.rule === 'etp-cluster-snat' && f.subjects[0]?.name === 'traefik');
    const commands = (snat?.steps ?? []).flatMap((s) => (s.command ? [s.command] : []));
    expect(commands[0]).toMatch(/^kubectl -n traefik annotate svc traefik metallb\.io\/allow-shared-ip- metallb\.io\/loadBalancerIPs=\S+ --overwrite$/);
    expect(commands[1]).toBe(`kubectl -n traefik patch svc traefik -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
  });

  it('the driver gives a rule without steps its fix as one step', () => {
    const bare: ClusterRule = {
      id: 'lb-ip-referenced',
      severity: 'info',
      check: () => [{ rule: 'lb-ip-referenced', severity: 'info', subjects: [], message: 'm', evidence: [], fix: 'do the thing' }],
    };
    const report = analyzeCluster(loadLabScenario('homelab-before'), { now: NOW }, [bare]);
    expect(report.findings[0]?.steps).toEqual([{ text: 'do the thing' }]);
  });

  it('stepsOf / withSteps keep steps a finding already has', () => {
    const f: Finding = { rule: 'x', severity: 'error', subjects: [], message: 'm', evidence: [], fix: 'a: b', steps: [{ text: 'a', command: 'b' }] };
    expect(stepsOf(f)).toEqual([{ text: 'a', command: 'b' }]);
    expect(withSteps(f).steps).toEqual([{ text: 'a', command: 'b' }]);
    expect(joinSteps([{ text: 'Run it:', command: 'ls' }, { text: 'Done.' }])).toBe('Run it: ls Done.');
  });
});
