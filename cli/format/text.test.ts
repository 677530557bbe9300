import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/model';
import { formatFinding } from './text';

const base: Finding = { rule: 'etp-cluster-snat', severity: 'warning', subjects: [], message: 'm', evidence: [], fix: 'Switch it: kubectl patch x Then done.' };

describe('formatFinding', () => {
  it('prints each fix command on a line of its own, ready to paste', () => {
    const out = formatFinding({ ...base, steps: [{ text: 'Switch it', command: 'kubectl patch x' }, { text: 'Then done.' }] });
    expect(out).toContain('  fix:\n    - Switch it\n      $ kubectl patch x\n    - Then done.');
  });

  it('keeps the one-line fix when no step has a command', () => {
    expect(formatFinding({ ...base, fix: 'Do it.', steps: [{ text: 'Do it.' }] })).toContain('  fix: Do it.');
  });
});
