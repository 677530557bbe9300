import { describe, expect, it } from 'vitest';
import type { ProbeTargetSource, ProbeVerdict } from './probe';
import { describeProbeTotals, ofProbed, probeTotals, type Countable } from './probe-totals';

const t = (name: string, source: ProbeTargetSource, tcp?: ProbeVerdict, h3?: ProbeVerdict, probe = true): Countable => ({
  name,
  source,
  probe,
  ...(tcp ? { tcp: { verdict: tcp } } : {}),
  ...(h3 ? { h3: { verdict: h3 } } : {}),
});

// The lab's own live targets (server/lab-targets.ts): a working HTTP/3 server, one whose UDP
// port drops everything, a closed port; plus a discovered LB address that is only listed.
const LAB = [
  t('lab-h3', 'lab', 'ok', 'ok'),
  t('lab-h3-udp-dropped', 'lab', 'ok', 'failing'),
  t('lab-closed-port', 'lab', 'failing', 'failing'),
  t('lb-10-0-20-200', 'discovered', undefined, undefined, false),
];

describe('probeTotals: one way to count probe targets', () => {
  it('counts probed targets only, by source, and names the failing ones per kind', () => {
    const totals = probeTotals(LAB);
    expect(totals.targets).toEqual(['lab-h3', 'lab-h3-udp-dropped', 'lab-closed-port']);
    expect(totals.bySource).toEqual({ config: 0, lab: 3, discovered: 0 });
    expect(totals.listed).toBe(1);
    expect(totals.h3).toEqual({ probed: ['lab-h3', 'lab-h3-udp-dropped', 'lab-closed-port'], ok: ['lab-h3'], intermittent: [], failing: ['lab-h3-udp-dropped', 'lab-closed-port'] });
    expect(totals.tcp.failing).toEqual(['lab-closed-port']);
    expect(totals.failing).toEqual(['lab-h3-udp-dropped', 'lab-closed-port']);
    expect(describeProbeTotals(totals)).toBe(
      '3 probed targets (3 lab) · HTTP/3 on 3 probed targets: 1 ok, 2 failing (lab-h3-udp-dropped, lab-closed-port) · TCP/TLS on 3 probed targets: 2 ok, 1 failing (lab-closed-port)',
    );
  });

  it('a discovered target counts once it is probed (EDGELENS_PROBE_DISCOVERED), never while only listed', () => {
    expect(probeTotals([t('lb', 'discovered', undefined, undefined, false)]).targets).toEqual([]);
    expect(probeTotals([t('lb', 'discovered', 'ok', 'ok')]).bySource).toEqual({ config: 0, lab: 0, discovered: 1 });
  });

  it('intermittent is not failing; a target not run yet is pending', () => {
    const totals = probeTotals([t('a', 'config', 'ok', 'intermittent'), t('b', 'config')]);
    expect(totals.failing).toEqual([]);
    expect(totals.h3.intermittent).toEqual(['a']);
    expect(totals.pending).toEqual(['b']);
    expect(totals.withResults).toEqual(['a']);
    expect(describeProbeTotals(totals)).toBe(
      '2 probed targets (2 configured) · HTTP/3 on 1 probed target: 0 ok, 1 intermittent (a), 0 failing · TCP/TLS on 1 probed target: 1 ok, 0 failing · 1 not run yet (b)',
    );
  });

  it('the denominator says what it counts when some targets are TCP-only', () => {
    const totals = probeTotals([t('a', 'config', 'ok', 'failing'), t('tcp-only', 'config', 'ok')]);
    expect(ofProbed(totals, 'h3')).toBe('of 1 target probed for HTTP/3');
    expect(ofProbed(totals, 'tcp')).toBe('of 2 probed targets');
  });

  it('nothing probed says so, with the listed ones', () => {
    expect(describeProbeTotals(probeTotals([]))).toBe('No probed target');
    expect(describeProbeTotals(probeTotals([LAB[3] as Countable]))).toBe('No probed target (1 listed, not probed)');
  });
});
