// Scenario files: Kubernetes `List` documents exactly as `kubectl get ... -A -o yaml`
// prints them. Any List works, so a snapshot of a real cluster is a scenario too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';
import { z } from 'zod';
import { kubeObjectSchema, type KubeObject } from '../lib/model/kube';
import { scenarioDir } from './paths';

const SCENARIO_NAME = /^[a-z0-9-]+$/;

/** Scenario names (file names without `.yaml`) in `dir`, sorted; empty when the folder is missing. */
export function listScenarios(dir: string = scenarioDir()): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .filter((n) => SCENARIO_NAME.test(n))
    .sort();
}

/** Reads and validates one scenario. Throws an Error (with cause) naming the file and the bad item. */
export function loadScenario(name: string, dir: string = scenarioDir()): KubeObject[] {
  if (!SCENARIO_NAME.test(name)) {
    throw new Error(`invalid scenario name ${JSON.stringify(name)}: use lowercase letters, digits and dashes`);
  }
  const file = join(dir, `${name}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const known = listScenarios(dir);
    throw new Error(`unknown scenario "${name}" (${file} not readable; available: ${known.join(', ') || 'none'})`, { cause });
  }
  return parseKubeList(text, file);
}

/**
 * Parses YAML/JSON text holding a `List` (or `*List`), a single object, or several
 * `---` documents, into validated objects. `source` names the input in errors.
 */
export function parseKubeList(text: string, source: string): KubeObject[] {
  let docs: unknown[];
  try {
    // CORE_SCHEMA: timestamps stay the strings kubectl printed.
    docs = loadAll(text, null, { schema: CORE_SCHEMA });
  } catch (err) {
    const first = err instanceof YAMLException ? err.message.split('\n')[0] : 'parse error';
    throw new Error(`${source}: invalid YAML: ${first}`, { cause: err });
  }
  const raw: unknown[] = [];
  for (const value of docs) {
    if (value === null || value === undefined) continue;
    raw.push(...itemsOf(value));
  }
  return raw.map((item, i) => {
    const parsed = kubeObjectSchema.safeParse(item);
    if (!parsed.success) {
      throw new Error(`${source}: item ${i} (${describe(item)}) is not a Kubernetes object: ${z.prettifyError(parsed.error)}`, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  });
}

function itemsOf(value: unknown): unknown[] {
  if (typeof value === 'object' && value !== null && 'kind' in value && 'items' in value) {
    const { kind, items } = value;
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)) return items;
  }
  return [value];
}

function describe(item: unknown): string {
  if (typeof item !== 'object' || item === null) return typeof item;
  const kind = 'kind' in item && typeof item.kind === 'string' ? item.kind : '?';
  const meta = 'metadata' in item && typeof item.metadata === 'object' && item.metadata !== null ? item.metadata : {};
  const name = 'name' in meta && typeof meta.name === 'string' ? meta.name : '?';
  const ns = 'namespace' in meta && typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
  return `${kind} ${ns}${name}`;
}
