import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { watchChild } from './watched-child';

describe('watchChild', () => {
  it('keeps the output and stops the process it was given', async () => {
    const proc = spawn(process.execPath, ['-e', "process.stdout.write('ready\\n'); process.stderr.write('warn\\n'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'pipe'] });
    const w = watchChild(proc);
    while (!w.output().includes('warn')) await new Promise((r) => setTimeout(r, 20));
    expect(w.output()).toContain('ready');
    expect(w.exited()).toBe(false);
    await w.stop();
    expect(w.exited()).toBe(true);
    expect(proc.signalCode).toBe('SIGTERM');
  });

  it('kills with SIGKILL a process that ignores SIGTERM, after the grace period', async () => {
    const proc = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); process.stdout.write('up'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'pipe'] });
    const w = watchChild(proc);
    while (!w.output().includes('up')) await new Promise((r) => setTimeout(r, 20));
    await w.stop(200);
    expect(proc.signalCode).toBe('SIGKILL');
  });

  it('a binary that cannot start counts as exited, with the reason in its output', async () => {
    const w = watchChild(spawn('/nonexistent/edgelens-test-binary', [], { stdio: ['ignore', 'pipe', 'pipe'] }));
    while (!w.exited()) await new Promise((r) => setTimeout(r, 10));
    expect(w.output()).toContain('ENOENT');
    await w.stop();
  });
});
