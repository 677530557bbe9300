// A planted violation for scripts/lint-boundaries.test.ts: a "pure" folder reading a file.
import { readFileSync } from 'node:fs';

export const readsAFile = (path: string): string => readFileSync(path, 'utf8');
