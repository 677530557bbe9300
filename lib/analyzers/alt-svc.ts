// Parses an Alt-Svc header (RFC 7838): `h3=":443"; ma=2592000, h3-29=":443"` → alternatives.
// Pure; tolerant of the sloppy values real servers send.

export interface AltSvcEntry {
  /** ALPN protocol id, e.g. `h3`, `h3-29`. */
  protocol: string;
  /** Empty when the alternative is on the same host. */
  host: string;
  port: number | null;
  maxAgeSeconds: number | null;
}

export function parseAltSvc(value: string | null | undefined): AltSvcEntry[] {
  if (!value) return [];
  const out: AltSvcEntry[] = [];
  for (const part of splitOutsideQuotes(value, ',')) {
    const [first, ...params] = splitOutsideQuotes(part, ';').map((s) => s.trim());
    if (!first || first.toLowerCase() === 'clear') continue;
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    const protocol = decodeURIComponentSafe(first.slice(0, eq).trim());
    const authority = first.slice(eq + 1).trim().replace(/^"|"$/g, '');
    const colon = authority.lastIndexOf(':');
    const host = colon >= 0 ? authority.slice(0, colon).replace(/^\[|\]$/g, '') : authority;
    const portText = colon >= 0 ? authority.slice(colon + 1) : '';
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : null;
    let maxAgeSeconds: number | null = null;
    for (const p of params) {
      const m = /^ma\s*=\s*"?(\d+)"?$/i.exec(p);
      if (m?.[1]) maxAgeSeconds = Number(m[1]);
    }
    out.push({ protocol, host, port, maxAgeSeconds });
  }
  return out;
}

/** The HTTP/3 alternatives (`h3`, and draft ids like `h3-29`) of an Alt-Svc value. */
export function h3Alternatives(value: string | null | undefined): AltSvcEntry[] {
  return parseAltSvc(value).filter((e) => e.protocol === 'h3' || e.protocol.startsWith('h3-'));
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter((p) => p.trim().length > 0);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
