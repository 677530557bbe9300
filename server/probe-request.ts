// POST /api/v1/probes/run input: names of known targets and kinds, nothing else. A body that
// carries an address (host, port, url, …) is refused outright: the dashboard API is not an open
// proxy that probes whatever a browser asks for (SSRF). Use the CLI to probe arbitrary addresses.
import { probesRunRequestSchema, type ProbesRunRequest } from '@/lib/model';
import { ApiError } from './api-error';
import { ProbeSelectionError } from './probe-scheduler';

/** Keys that would turn the API into a proxy; refused with their own error code. */
const ADDRESS_KEYS = /^(host|hostname|hosts|port|address|addresses|addr|ip|ips|url|uri|endpoint|target|sni|server)$/i;

function findAddressKey(value: unknown, depth = 0): string | null {
  if (depth > 4 || typeof value !== 'object' || value === null) return null;
  for (const [k, v] of Object.entries(value)) {
    if (ADDRESS_KEYS.test(k)) return k;
    const nested = findAddressKey(v, depth + 1);
    if (nested) return nested;
  }
  return null;
}

/** Parses the body text (empty = run everything); every problem is an ApiError 400. */
export function parseRunRequest(text: string): ProbesRunRequest {
  if (text.trim() === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'bad-json', 'request body is not valid JSON', { cause: err });
  }
  const addressKey = findAddressKey(raw);
  if (addressKey) {
    throw new ApiError(
      400,
      'no-open-proxy',
      `"${addressKey}" is not accepted: the API probes only configured targets, by name ({"targets": ["name"]}). To probe any address, use the CLI: edgelens probe tcp|h3 HOST:PORT`,
    );
  }
  const parsed = probesRunRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'body';
    throw new ApiError(400, 'invalid-request', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function selectionError(err: unknown): never {
  if (err instanceof ProbeSelectionError) throw new ApiError(400, err.code, err.message, { cause: err });
  throw err;
}
