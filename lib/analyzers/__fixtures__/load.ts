// Test helper: reads kubectl-shaped YAML fixtures (a `List` or `---` documents)
// into a ClusterSnapshot. Kept free of lib/snapshot so analyzer tests depend on
// nothing but the model; it throws loudly on anything unexpected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { kubeObjectSchema, type KubeObject } from '../../model/kube';
import type { ClusterSnapshot } from '../../model/cluster';
import type { Finding } from '../../model/finding';
import { buildInventory } from '../inventory';
import { analyzeLoadBalancers } from '../load-balancers';
import type { ClusterRule } from '../rule';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = join(here, '..', '..', '..');

function objectsOf(text: string, file: string): KubeObject[] {
  const out: KubeObject[] = [];
  const docs = loadAll(text, null, { schema: CORE_SCHEMA });
  for (const value of docs) {
    if (value === null || value === undefined) continue;
    const items: unknown[] =
      typeof value === 'object' && 'items' in value && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      // Validate the envelope but keep the object as written (the schema would drop unknown metadata).
      kubeObjectSchema.parse(item);
      out.push(item as KubeObject);
    }
  }
  return out;
}

/** Fixture files from lib/analyzers/__fixtures__, concatenated into one snapshot. */
export function loadFixtures(...names: string[]): ClusterSnapshot {
  return { source: 'snapshot', gaps: [], objects: names.flatMap((n) => objectsOf(readFileSync(join(here, n), 'utf8'), n)) };
}

/** A lab scenario (lab/scenarios/NAME.yaml) read as a snapshot. */
export function loadLabScenario(name: string): ClusterSnapshot {
  const file = join(repoRoot, 'lab', 'scenarios', `${name}.yaml`);
  return { source: 'lab', gaps: [], objects: objectsOf(readFileSync(file, 'utf8'), file) };
}

/** The fixed clock of the fixtures (events are from 2025-11-20 morning). */
export const NOW = new Date('2025-11-20T10:00:00Z');

/** Runs one rule the way analyzeCluster does. */
export function runRule(rule: ClusterRule, snapshot: ClusterSnapshot, now: Date = NOW): Finding[] {
  const inventory = buildInventory(snapshot);
  return rule.check({ inventory, lb: analyzeLoadBalancers(inventory) }, { now });
}

/** "Service ns/name" for each subject: compact to assert on. */
export function subjectNames(f: Finding): string[] {
  return f.subjects.map((s) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`);
}
