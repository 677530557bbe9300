// Test helpers for the lab: read a streaming (watch / follow) HTTP response line by line.
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

export interface LineStream {
  /** The next line; rejects after `timeoutMs` (default 5 s) or when the stream ended without one. */
  next(timeoutMs?: number): Promise<string>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  close(): void;
  status: number;
  contentType: string | null;
}

export async function openLines(url: string, headers: Record<string, string> = {}): Promise<LineStream> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  if (!res.body) throw new Error(`no body from ${url}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let done = false;
  let buf = '';
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done: d } = await reader.read();
        if (d) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
        wake();
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      wake();
    }
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    ended,
    close: () => ac.abort(),
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (lines.length === 0) {
        if (done) throw new Error('stream ended');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no line within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return lines.shift() as string;
    },
  };
}

export interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; metadata?: { name?: string; namespace?: string; resourceVersion?: string }; [k: string]: unknown };
}

export async function nextEvent(s: LineStream, timeoutMs?: number): Promise<WatchEvent> {
  return JSON.parse(await s.next(timeoutMs)) as WatchEvent;
}
