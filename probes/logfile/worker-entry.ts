// Entry file of the log worker thread. Bundle it on its own (esbuild, ESM,
// platform node) next to the CLI bundle and pass its URL to analyzeLogFile
// as `workerUrl`. It imports no zod and no model runtime code, so the bundle
// is small and the thread starts fast.
import { parentPort, workerData, isMainThread } from 'node:worker_threads';
import { runRangeJob, type RangeJob } from './range-job';

export type WorkerReply = { ok: true; state: ReturnType<typeof runRangeJob> } | { ok: false; error: string };

if (!isMainThread && parentPort) {
  let reply: WorkerReply;
  try {
    reply = { ok: true, state: runRangeJob(workerData as RangeJob) };
  } catch (err) {
    reply = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort.postMessage(reply);
}
