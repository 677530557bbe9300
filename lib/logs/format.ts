// Which access-log format is this? Decided once from the head of the input,
// so every chunk (and every worker thread) parses with the same rules.
import { scanClfLine, CLF_COMMON, CLF_GENERIC, type ClfVariant } from './clf-line';
import { JsonLineScanner, ENTRY } from './json-line';
import { newLineFields } from './fields';

export type LogFormat = 'json' | 'clf';
export type FormatOption = 'auto' | LogFormat;

export interface DetectedFormat {
  format: LogFormat;
  /** For CLF: `common` when any sampled line carries the router/service/duration tail, else `genericCLF`. */
  clfVariant: ClfVariant;
}

/** How much of the head the detector reads. */
export const DETECT_BYTES = 64 * 1024;
const DETECT_LINES = 500;

/**
 * Counts the sampled lines that parse as JSON entries and as CLF entries and
 * takes the majority (JSON on a tie). With no entry at all, a first
 * non-blank line that starts with "{" means JSON, anything else CLF.
 * `complete` says the sample is the whole input, so a last line without a
 * newline is sampled too.
 */
export function detectFormat(sample: Buffer, complete: boolean): DetectedFormat {
  const scanner = new JsonLineScanner();
  const fields = newLineFields();
  let json = 0;
  let common = 0;
  let generic = 0;
  let firstChar = -1;
  let p = 0;
  let n = 0;
  while (p < sample.length && n < DETECT_LINES) {
    let nl = sample.indexOf(10, p);
    if (nl < 0) {
      if (!complete) break;
      nl = sample.length;
    }
    let s = p;
    let e = nl;
    p = nl + 1;
    while (e > s && (sample[e - 1] === 13 || sample[e - 1] === 32 || sample[e - 1] === 9)) e--;
    while (s < e && (sample[s] === 32 || sample[s] === 9)) s++;
    if (s === e) continue;
    n++;
    if (firstChar < 0) firstChar = sample[s] ?? -1;
    if (scanner.scan(sample, s, e, fields) === ENTRY) json++;
    const c = scanClfLine(sample, s, e, 'any', fields);
    if (c === CLF_COMMON) common++;
    else if (c === CLF_GENERIC) generic++;
  }
  const clfVariant: ClfVariant = common === 0 && generic > 0 ? 'genericCLF' : 'common';
  if (json === 0 && common + generic === 0) return { format: firstChar === 0x7b || firstChar < 0 ? 'json' : 'clf', clfVariant };
  return { format: json >= common + generic ? 'json' : 'clf', clfVariant };
}
