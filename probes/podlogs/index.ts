// Public API of probes/podlogs: Traefik access logs read from the pods through the Kubernetes API.
export { readTraefikLogs, POD_LOG_RBAC } from './read-logs';
export type { ReadTraefikLogsOptions, TraefikLogRead } from './read-logs';
export { findTraefikPods, looksLikeTraefikService } from './targets';
export type { PodTarget, TargetSelection } from './targets';
export { parseSelector, matchesSelector, SelectorSyntaxError } from './selector';
export { DEFAULT_TAIL_LINES, DEFAULT_LIMIT_BYTES, parseDurationSeconds, parseByteSize, formatBytes } from './options';
export type { PodLogSelection } from './options';
