// Public API of lib/logs: pure, streaming analysis of Traefik access logs.
export {
  createLogAccumulator,
  LogAccumulator,
  DEFAULT_MAX_LINE_BYTES,
  DEFAULT_MAX_CLIENTS,
  DEFAULT_MAX_ROWS,
  DEFAULT_MAX_MINUTES,
} from './accumulator';
export type { LogAccumulatorOptions } from './accumulator';
export { analyzeLogStream, analyzeLogText } from './stream';
export type { LogAnalysisOptions } from './stream';
export { parseJsonLine, parseClfLine } from './records';
export type { LogRecord } from './fields';
export { detectFormat } from './format';
export type { DetectedFormat, LogFormat, FormatOption } from './format';
export type { ClfVariant } from './clf-line';
export { buildLogReport } from './report';
export type { ReportOptions } from './report';
export { mergeStates, emptyState, OTHER_ROUTERS } from './state';
export type { AccumulatorState } from './state';
export { SNAT_MIN_RATIO, PRESERVED_MAX_RATIO, FORWARDED_MIN_SHARE } from './verdict';
export { podLogReport } from './pod-log-report';
export type { PodLogObservation } from './pod-log-report';
export { sniffInput, SNIFF_BYTES } from './sniff';
export type { InputKind } from './sniff';
export { SUSPECT_MAX_SOURCES } from './verdict';
export type { NodeSource } from './verdict';
