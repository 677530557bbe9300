// How much of each Traefik pod's log to read, shared by `edgelens logs
// --from-cluster` and the server (EDGELENS_LOGS_*). Pure.

export interface PodLogSelection {
  /** Label selector for the Traefik pods; default: the pods behind Traefik's LoadBalancer Service(s). */
  selector?: string;
  /** Only this namespace (for the selector and the Service lookup); default all. */
  namespace?: string;
  /** Last N lines per pod (pods/log `tailLines`). */
  tailLines?: number;
  /** Only lines newer than this (pods/log `sinceSeconds`). */
  sinceSeconds?: number;
  /** At most this many bytes per pod (pods/log `limitBytes`; also enforced while reading). */
  limitBytes?: number;
}

export const DEFAULT_TAIL_LINES = 2000;
/** 8 MiB per pod: ~7,000 Traefik JSON lines, far above the default tail. */
export const DEFAULT_LIMIT_BYTES = 8 * 1024 * 1024;
/** Pods read at once. */
export const DEFAULT_CONCURRENCY = 8;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * "90", "90s", "15m", "1h30m", "2d" → seconds (whole, ≥ 1). Returns null for
 * anything else (the caller words the error: a flag or an env variable).
 */
export function parseDurationSeconds(text: string): number | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n >= 1 && Number.isSafeInteger(n) ? n : null;
  }
  if (!/^(\d+(\.\d+)?[smhd])+$/.test(t)) return null;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 1);
  const s = Math.ceil(total);
  return s >= 1 && Number.isSafeInteger(s) ? s : null;
}

/** 1048576 → "1 MiB"; for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  if (n < 1024 * 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`;
  return `${Math.round((n / (1024 * 1024 * 1024)) * 10) / 10} GiB`;
}

/** "16M", "512k", "1048576", "2GiB" → bytes; null when not a size. */
export function parseByteSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase().replace(/i?b$/, '').replace(/^$/, '');
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const n = Math.floor(Number(m[1]) * mult);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}
