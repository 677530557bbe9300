import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listScenarios, loadScenario, parseKubeList } from './scenarios';
import { FIXTURES } from './test-utils';

describe('scenarios', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'edgelens-scenarios-'));
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: List\nitems:\n- kind: Service\n  metadata: {}\n');
    writeFileSync(join(dir, 'bad-yaml.yaml'), 'items: [\n');
    writeFileSync(join(dir, 'Not_A_Name.yaml'), 'kind: List\nitems: []\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists scenario names from *.yaml, sorted', () => {
    expect(listScenarios(FIXTURES)).toEqual(['mini-after', 'mini-before']);
    expect(listScenarios(dir)).toEqual(['bad-yaml', 'broken']);
    expect(listScenarios(join(dir, 'does-not-exist'))).toEqual([]);
  });

  it('loads a kubectl List into validated objects', () => {
    const objs = loadScenario('mini-before', FIXTURES);
    expect(objs.map((o) => o.kind)).toContain('ServiceL2Status');
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'traefik');
    expect(svc?.metadata.namespace).toBe('traefik');
    expect(svc?.metadata.creationTimestamp).toBe('2025-01-12T14:00:00Z');
  });

  it('rejects names that could escape the folder', () => {
    expect(() => loadScenario('../etc/passwd', FIXTURES)).toThrow(/invalid scenario name/);
    expect(() => loadScenario('Mini', FIXTURES)).toThrow(/invalid scenario name/);
  });

  it('names the missing scenario and the available ones', () => {
    const err: unknown = (() => {
      try {
        loadScenario('nope', FIXTURES);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/unknown scenario "nope".*mini-after, mini-before/);
    expect((err as Error).cause).toBeDefined();
  });

  it('reports the bad item and keeps the validation error as cause', () => {
    expect(() => loadScenario('broken', dir)).toThrow(/item 0 \(Service \?\) is not a Kubernetes object/);
    try {
      loadScenario('broken', dir);
    } catch (e) {
      expect((e as Error).cause).toBeDefined();
    }
    expect(() => loadScenario('bad-yaml', dir)).toThrow(/invalid YAML/);
  });

  it('accepts single objects, *List kinds and multi-document YAML', () => {
    const text = [
      'apiVersion: v1\nkind: ServiceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a, namespace: x}',
      'apiVersion: v1\nkind: Node\nmetadata: {name: n1}',
    ].join('\n---\n');
    expect(parseKubeList(text, 'inline').map((o) => o.metadata.name)).toEqual(['a', 'n1']);
  });
});
