import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../lib/model/kube';
import { parseSnapshot } from '../../lib/snapshot/parse';
import { findTraefikPods, looksLikeTraefikService } from './targets';

const objects = parseSnapshot(readFileSync(fileURLToPath(new URL('../../lab/scenarios/homelab-before.yaml', import.meta.url)), 'utf8')).objects;

function pod(name: string, labels: Record<string, string>, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'edge', labels },
    spec: { containers: [{ name: 'sidecar' }, { name: 'traefik' }], nodeName: 'n1' },
    status: { phase: 'Running' },
    ...extra,
  };
}

describe('findTraefikPods', () => {
  it('finds every replica behind the Traefik LoadBalancer Service, with the container to read', () => {
    const sel = findTraefikPods(objects);
    expect(sel.describe).toBe('pods of LoadBalancer Service traefik/traefik');
    expect(sel.pods).toHaveLength(3);
    expect(sel.pods.every((p) => p.namespace === 'traefik' && p.container === 'traefik' && p.node)).toBe(true);
    expect(sel.problems).toEqual([]);
    // Other services sharing the IP are not Traefik.
    expect(objects.filter(looksLikeTraefikService).map((s) => s.metadata.name)).toEqual(['traefik']);
  });

  it('uses a configured label selector instead, and says when it matches nothing', () => {
    const byLabel = findTraefikPods(objects, { selector: 'app.kubernetes.io/name=traefik', namespace: 'traefik' });
    expect(byLabel.pods.map((p) => p.name)).toEqual(findTraefikPods(objects).pods.map((p) => p.name));
    const none = findTraefikPods(objects, { selector: 'app=nope' });
    expect(none.pods).toEqual([]);
    expect(none.problems).toEqual([{ kind: 'Pod', reason: 'not-found', detail: 'no running pod matches the label selector "app=nope"' }]);
  });

  it('picks the traefik container of a multi-container pod and skips finished replicas', () => {
    const sel = findTraefikPods(
      [pod('traefik-a', { app: 'traefik' }), pod('traefik-old', { app: 'traefik' }, { status: { phase: 'Failed' } }), pod('web', { app: 'web' })],
      {},
    );
    expect(sel.describe).toBe('pods labelled app.kubernetes.io/name=traefik');
    expect(sel.pods).toEqual([{ namespace: 'edge', name: 'traefik-a', container: 'traefik', node: 'n1' }]);
  });

  it('explains an empty result by the gap that caused it (pods could not be listed)', () => {
    const gap = { kind: 'Pod', reason: 'forbidden' as const, detail: 'pods is forbidden', rbac: 'apiGroups: [""], resources: ["pods"], verbs: ["list","watch"]' };
    const sel = findTraefikPods(objects.filter((o) => o.kind !== 'Pod'), { gaps: [gap] });
    expect(sel.pods).toEqual([]);
    expect(sel.problems).toEqual([gap]);
  });

  it('says how to configure it when nothing looks like Traefik', () => {
    const sel = findTraefikPods([pod('web', { app: 'web' })]);
    expect(sel.problems[0]).toMatchObject({ kind: 'Service', reason: 'not-found' });
    expect(sel.problems[0]?.detail).toContain('--selector');
  });
});
