// What a line scanner extracts from one access-log entry: byte ranges into a
// buffer, so the hot loop can intern values without making strings.

export interface LineFields {
  /** The buffer the ranges below point into (the log chunk, or a scratch buffer on the slow path). */
  src: Buffer;
  /** ClientHost value: one address, or a whole X-Forwarded-For list. */
  hostStart: number;
  hostEnd: number;
  /** Index of the first ',' in the ClientHost value, or -1 (a list means the value came from X-Forwarded-For). */
  hostComma: number;
  /** RouterName value, or -1/-1 when absent. */
  routerStart: number;
  routerEnd: number;
  /** entryPointName value, or -1/-1 when absent (always absent in CLF). */
  epStart: number;
  epEnd: number;
  /** A non-empty request_X-Forwarded-For header was kept in the entry. */
  xff: boolean;
  /** Epoch minute of the entry, NaN when it has no usable timestamp. */
  minute: number;
  /** DownstreamStatus, -1 when unknown or not asked for. */
  status: number;
}

export function newLineFields(): LineFields {
  return {
    src: Buffer.alloc(0),
    hostStart: 0,
    hostEnd: 0,
    hostComma: -1,
    routerStart: -1,
    routerEnd: -1,
    epStart: -1,
    epEnd: -1,
    xff: false,
    minute: NaN,
    status: -1,
  };
}

/** A parsed entry as plain values (for tests, the API and small inputs). */
export interface LogRecord {
  /** ClientHost exactly as logged (may be an X-Forwarded-For list). */
  clientHost: string;
  /** The originating address: the first entry of the list, without port or brackets. */
  client: string;
  /** The address came from X-Forwarded-For (a list in ClientHost, or a kept request_X-Forwarded-For header). */
  forwarded: boolean;
  /** RouterName, "-" when the entry has none (no router matched). */
  router: string;
  entryPoint: string | null;
  /** Minute start, ISO 8601 UTC, or null. */
  minute: string | null;
  status: number | null;
}

/** Start/end of the first entry of the ClientHost value, spaces trimmed. */
export function firstHostRange(f: LineFields): [number, number] {
  const src = f.src;
  let s = f.hostStart;
  let e = f.hostComma >= 0 ? f.hostComma : f.hostEnd;
  while (s < e && src[s] === 32) s++;
  while (e > s && src[e - 1] === 32) e--;
  return [s, e];
}
