// A planted violation for scripts/lint-boundaries.test.ts: a "pure" folder starting a thread.
import { Worker } from 'worker_threads';

export const startsAWorker = (url: URL): Worker => new Worker(url);
