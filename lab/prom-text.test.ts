import { describe, expect, it } from 'vitest';
import { parsePrometheusText, samplesOf } from './prom-text';

describe('parsePrometheusText', () => {
  it('reads families, labels with escapes, histograms and special values', () => {
    const fams = parsePrometheusText(
      [
        '# HELP up_x Whether.',
        '# TYPE up_x gauge',
        'up_x{source="kube",why="a \\"q\\" \\\\ \\n"} 0',
        '# TYPE h histogram',
        'h_bucket{le="0.1"} 3',
        'h_bucket{le="+Inf"} 4',
        'h_sum 0.2',
        'h_count 4',
        'n NaN',
      ].join('\n').replace('n NaN', '# TYPE n gauge\nn NaN'),
    );
    expect(samplesOf(fams, 'up_x', { source: 'kube' })[0]).toEqual({ name: 'up_x', labels: { source: 'kube', why: 'a "q" \\ \n' }, value: 0 });
    expect(fams.get('h')?.type).toBe('histogram');
    expect(samplesOf(fams, 'h_count')[0]?.value).toBe(4);
    expect(Number.isNaN(samplesOf(fams, 'n')[0]?.value)).toBe(true);
  });

  it('refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheusText('# TYPE a gauge\na{b=c} 1')).toThrow(/not quoted/);
    expect(() => parsePrometheusText('# TYPE a gauge\na 1x')).toThrow(/bad value/);
    expect(() => parsePrometheusText('b 1')).toThrow(/no TYPE/);
    expect(() => parsePrometheusText('# TYPE a gauge\na{b="\\q"} 1')).toThrow(/bad escape/);
    expect(() => parsePrometheusText('# TYPE a bogus')).toThrow(/bad type/);
  });
});
