// The probe target file the e2e server reads (EDGELENS_PROBE_TARGETS_FILE, set in
// playwright.config.ts) and e2e/edge.spec.ts writes at runtime, after starting its own Caddy.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROBE_TARGETS_FILE = join(tmpdir(), 'edgelens-e2e-probe-targets.json');
