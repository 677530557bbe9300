import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SnapshotError, parseSnapshot } from './parse';

const fixture = (name: string): string => readFileSync(join(fileURLToPath(new URL('.', import.meta.url)), '__fixtures__', name), 'utf8');
const kinds = (text: string): string[] => parseSnapshot(text).objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);

function snapshotError(text: string): SnapshotError {
  try {
    parseSnapshot(text);
  } catch (e) {
    if (e instanceof SnapshotError) return e;
    throw e;
  }
  throw new Error('expected a SnapshotError');
}

describe('parseSnapshot', () => {
  it('reads a `kubectl get -o json` List and keeps every field kubectl printed', () => {
    const snap = parseSnapshot(fixture('kubectl-get-svc-endpointslices-nodes.json'));
    expect(snap.source).toBe('snapshot');
    expect(snap.gaps).toEqual([]);
    expect(snap.objects.map((o) => o.kind)).toEqual(['Service', 'EndpointSlice', 'Node']);
    const slice = snap.objects[1];
    expect(slice?.metadata).toMatchObject({ name: expect.stringMatching(/^traefik-/), namespace: 'traefik', ownerReferences: [{ kind: 'Service', name: 'traefik' }] });
    expect(slice?.endpoints).toHaveLength(3);
  });

  it('reads several YAML documents, mixing single objects and Lists, ignoring empty documents', () => {
    expect(kinds(fixture('multi-doc.yaml'))).toEqual(['v1 Service mail/mailserver', 'metallb.io/v1beta1 IPAddressPool metallb-system/homelab']);
  });

  it('fills in kind and apiVersion for items of an API *List', () => {
    expect(kinds(fixture('api-servicelist.json'))).toEqual(['v1 Service traefik/traefik']);
  });

  it('flattens a List of *Lists', () => {
    expect(kinds(fixture('nested-lists.yaml'))).toEqual(['v1 Node /k8s-node1', 'discovery.k8s.io/v1 EndpointSlice mail/mailserver-2nsfp']);
  });

  it('keeps good items and reports the ones without apiVersion, kind or metadata.name as gaps', () => {
    const snap = parseSnapshot(fixture('bad-items.yaml'), { source: 'lab' });
    expect(snap.source).toBe('lab');
    expect(snap.objects.map((o) => o.metadata.name)).toEqual(['cloudflared-config']);
    expect(snap.gaps).toEqual([
      { kind: 'Service', reason: 'invalid', detail: 'item 2 (Service no name) lacks metadata.name; skipped' },
      { kind: 'unknown', reason: 'invalid', detail: 'item 3 (no kind orphan) lacks kind; skipped' },
    ]);
  });

  it('refuses empty input with one clear line', () => {
    expect(snapshotError('').message).toBe('snapshot is empty: expected the output of kubectl get ... -o yaml (or -o json)');
    expect(snapshotError(' \n\t\n').message).toMatch(/^snapshot is empty/);
  });

  it('refuses unparsable YAML and JSON, naming the place and keeping the parser error as cause', () => {
    const yamlError = snapshotError('apiVersion: v1\nitems:\n- kind: Service\n  metadata: {name: a\n');
    expect(yamlError.message).toMatch(/^snapshot is not valid YAML at line \d+, column \d+: /);
    expect(yamlError.message).not.toContain('\n');
    expect(yamlError.cause).toBeInstanceOf(Error);
    const jsonError = snapshotError('{"apiVersion": "v1", "items": [');
    expect(jsonError.message).toMatch(/^snapshot is not valid JSON: /);
    expect(jsonError.cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses input that holds no Kubernetes object', () => {
    expect(snapshotError('hello world').message).toBe('snapshot has no Kubernetes objects: item 1 (string) is not an object');
    expect(snapshotError('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n').message).toBe('snapshot has no Kubernetes objects: the List is empty');
    expect(snapshotError('error: the server does not have a resource type "servicel2statuses"').message).toMatch(/^snapshot has no Kubernetes objects: item 1 \(no kind no name\) lacks apiVersion, kind, metadata\.name$/);
  });
});
