import { describe, expect, it } from 'vitest';
import { containerMemoryLimit, serverNodeOptions } from './heap';

describe('server heap sizing', () => {
  it('reads the cgroup v2 limit, then v1; "max" and v1 "unlimited" are no limit', () => {
    expect(containerMemoryLimit((p) => (p.endsWith('memory.max') ? '536870912\n' : ''))).toBe(536870912);
    expect(containerMemoryLimit((p) => (p.endsWith('memory.max') ? 'max\n' : '1'))).toBeNull();
    const v1 = (p: string) => {
      if (p.endsWith('memory.max')) throw new Error('ENOENT');
      return '9223372036854771712';
    };
    expect(containerMemoryLimit(v1)).toBeNull();
  });

  it('gives the server 40 % of a 512 MiB limit and keeps an explicit setting', () => {
    expect(serverNodeOptions(undefined, 512 * 2 ** 20)).toBe('--max-old-space-size=204');
    expect(serverNodeOptions('--enable-source-maps', 512 * 2 ** 20)).toBe('--enable-source-maps --max-old-space-size=204');
    expect(serverNodeOptions('--max-old-space-size=300', 512 * 2 ** 20)).toBe('--max-old-space-size=300');
    expect(serverNodeOptions(undefined, null)).toBeUndefined();
  });
});
