import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../lib/model/kube';
import { checkFields, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from './selectors';

const labels = { 'kubernetes.io/service-name': 'traefik', app: 'web', tier: 'edge' };

describe('label selectors', () => {
  const match = (s: string, l: Record<string, string> | null = labels) => matchesLabels(parseLabelSelector(s), l);

  it('matches equality, inequality and existence, ANDed by commas', () => {
    expect(match('kubernetes.io/service-name=traefik')).toBe(true);
    expect(match('kubernetes.io/service-name==traefik')).toBe(true);
    expect(match('kubernetes.io/service-name=other')).toBe(false);
    expect(match('app!=db')).toBe(true);
    expect(match('app!=web')).toBe(false);
    expect(match('missing!=x')).toBe(true);
    expect(match('app')).toBe(true);
    expect(match('!app')).toBe(false);
    expect(match('!missing')).toBe(true);
    expect(match('app=web,tier=edge')).toBe(true);
    expect(match('app=web, tier=core')).toBe(false);
  });

  it('supports set-based requirements with commas inside parentheses', () => {
    expect(match('tier in (edge, core)')).toBe(true);
    expect(match('tier notin (edge,core)')).toBe(false);
    expect(match('app in (web),tier notin (core)')).toBe(true);
  });

  it('treats an empty selector as match-all and missing labels as empty', () => {
    expect(match('')).toBe(true);
    expect(match('app', null)).toBe(false);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow(SelectorError);
    expect(() => parseLabelSelector('a=b,')).toThrow(SelectorError);
    expect(() => parseLabelSelector('-bad')).toThrow(SelectorError);
  });
});

describe('field selectors', () => {
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'traefik.1', namespace: 'traefik' },
    reason: 'nodeAssigned',
    type: 'Normal',
    involvedObject: { kind: 'Service', name: 'traefik', namespace: 'traefik' },
    source: { component: 'metallb-speaker' },
  };
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: { nodeName: 'k8s-node2' } };

  it('matches the fields the API server supports per kind', () => {
    const m = (s: string, o: KubeObject) => matchesFields(parseFieldSelector(s), o);
    expect(m('reason=nodeAssigned', event)).toBe(true);
    expect(m('reason=IPAllocated', event)).toBe(false);
    expect(m('involvedObject.name=traefik,involvedObject.kind=Service', event)).toBe(true);
    expect(m('source=metallb-speaker', event)).toBe(true);
    expect(m('metadata.namespace=traefik,metadata.name!=other', event)).toBe(true);
    expect(m('spec.nodeName=k8s-node2', pod)).toBe(true);
    expect(m('spec.nodeName==k8s-node1', pod)).toBe(false);
  });

  it('rejects unsupported field labels like kube-apiserver', () => {
    expect(() => checkFields('Service', parseFieldSelector('spec.type=LoadBalancer'))).toThrow('field label not supported: spec.type');
    expect(() => checkFields('Pod', parseFieldSelector('reason=x'))).toThrow(SelectorError);
    expect(() => checkFields('Event', parseFieldSelector('reason=x,metadata.name=y'))).not.toThrow();
    expect(() => parseFieldSelector('nonsense')).toThrow(SelectorError);
  });
});
