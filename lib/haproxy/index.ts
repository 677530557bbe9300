// Public surface of the HAProxy / Traefik PROXY-protocol fix generator (pure).
export { generateHaproxy, type HaproxyMeta } from './generate';
export { backendsFromCluster, generateFromCluster, type ClusterBackendQuery, type ClusterBackends, type ClusterGenerateInput } from './from-cluster';
export { validateHaproxyInput, HaproxyInputError, formatIssue, escapeValue, nameProblem, type NormalizedInput, type ValidationResult } from './validate';
export { traefikSnippets, traefikWarnings, TRUST_PLACEHOLDER } from './traefik';
export { resolveTrust, type TrustOrigin, type TrustResult } from './trust';
