import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/model';
import { findingAnchors } from './anchors';
import { describeCounts, severityCounts } from './severity-counts';

const finding = (rule: string, severity: Finding['severity']): Finding => ({ rule, severity, subjects: [], message: `${rule} fired`, evidence: [], fix: '' });

describe('severity counts', () => {
  it('counts findings by severity in the words the user reads', () => {
    const f = [finding('a', 'error'), finding('b', 'warning'), finding('c', 'warning'), finding('d', 'info')];
    expect(describeCounts(severityCounts(f))).toBe('1 error, 2 warnings, 1 info');
    expect(describeCounts(severityCounts([]))).toBe('no findings');
  });
});

describe('finding anchors', () => {
  it('numbers each rule separately in report order, so ids do not move when other rules change', () => {
    expect(findingAnchors([finding('a', 'info'), finding('b', 'error'), finding('a', 'warning')])).toEqual(['finding-a-0', 'finding-b-0', 'finding-a-1']);
  });
});
