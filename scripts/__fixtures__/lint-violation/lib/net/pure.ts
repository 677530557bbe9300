// The control for scripts/lint-boundaries.test.ts: pure code, which lint accepts.
import { isUtf8 } from 'node:buffer';

export const looksLikeText = (b: Uint8Array): boolean => isUtf8(b);
