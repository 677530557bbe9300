// Validates a LAPI base URL and gives the form that may be shown to users.
// Credentials belong in the key / secret file, never in the URL: a URL is
// printed in reports, logs and pages, so one carrying a secret is refused.

export type LapiUrl =
  | { ok: true; base: URL; display: string }
  | { ok: false; display: string; reason: string };

/** The text shown for a URL that cannot be parsed: echoing it could echo a secret. */
export const INVALID_URL_DISPLAY = '(invalid URL)';

export function parseLapiUrl(raw: string): LapiUrl {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim())) {
    // "crowdsec-service:8080" would otherwise parse as scheme "crowdsec-service:".
    return { ok: false, display: INVALID_URL_DISPLAY, reason: 'the CrowdSec LAPI URL needs a scheme, e.g. http://crowdsec-service.crowdsec:8080' };
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, display: INVALID_URL_DISPLAY, reason: 'the CrowdSec LAPI URL is not a valid absolute URL (expected e.g. http://crowdsec-service.crowdsec:8080)' };
  }
  const display = `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, display, reason: `the CrowdSec LAPI URL must use http or https, not ${url.protocol.replace(/:$/, '')}` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, display, reason: 'the CrowdSec LAPI URL must not contain credentials; put the bouncer key in EDGELENS_CROWDSEC_KEY or EDGELENS_CROWDSEC_KEY_FILE' };
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, display, reason: 'the CrowdSec LAPI URL must not contain a query or fragment' };
  }
  // Endpoints are resolved relative to the base, so a path prefix (reverse proxy) must end in "/".
  const base = new URL(url.href);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return { ok: true, base, display };
}
