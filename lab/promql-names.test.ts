import { describe, expect, it } from 'vitest';
import { promqlMetricNames } from './promql-names';

describe('promqlMetricNames', () => {
  it('finds the series and skips functions, labels, keywords, strings and durations', () => {
    expect(promqlMetricNames('histogram_quantile(0.95, sum by (le, target) (rate(edgelens_probe_handshake_seconds_bucket{job=~"a|b", kind!="h3"}[5m])))')).toEqual(['edgelens_probe_handshake_seconds_bucket']);
    expect(promqlMetricNames('time() - edgelens_source_last_success_timestamp_seconds')).toEqual(['edgelens_source_last_success_timestamp_seconds']);
    expect(promqlMetricNames('(sum by (rule) (x{severity="error"}) unless sum by (rule) (x offset 15m)) or y > 0 and on (target) z == 1e3')).toEqual(['x', 'y', 'z']);
  });
});
