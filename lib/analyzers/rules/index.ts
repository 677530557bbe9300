// Every cluster rule, in CONTRACT.md's table order (the driver sorts by this order after severity).
import type { ClusterRule } from '../rule';
import { rule as sharedIpMixedEtp } from './shared-ip-mixed-etp';
import { rule as sharedIpLocalSelectorMismatch } from './shared-ip-local-selector-mismatch';
import { rule as sharedIpPortConflict } from './shared-ip-port-conflict';
import { rule as sharedIpKeyMismatch } from './shared-ip-key-mismatch';
import { rule as allocationFailed } from './allocation-failed';
import { rule as etpLocalAnnouncerWithoutEndpoint } from './etp-local-announcer-without-endpoint';
import { rule as l2AdvertisementExcludesEndpoints } from './l2-advertisement-excludes-endpoints';
import { rule as l2AdvertisementSharedIpSelector } from './l2-advertisement-shared-ip-selector';
import { rule as l2AdvertisementInterfaceMissing } from './l2-advertisement-interface-missing';
import { rule as serviceLbNoNode } from './servicelb-no-node';
import { rule as etpClusterSnat } from './etp-cluster-snat';
import { rule as quicEtpClusterSpread } from './quic-etp-cluster-spread';
import { rule as quicUdpPortMissing } from './quic-udp-port-missing';
import { rule as etpLocalSingleEndpoint } from './etp-local-single-endpoint';
import { rule as lbIpReferenced } from './lb-ip-referenced';

export const CLUSTER_RULES: readonly ClusterRule[] = [
  sharedIpMixedEtp,
  sharedIpLocalSelectorMismatch,
  sharedIpPortConflict,
  sharedIpKeyMismatch,
  allocationFailed,
  etpLocalAnnouncerWithoutEndpoint,
  l2AdvertisementExcludesEndpoints,
  l2AdvertisementSharedIpSelector,
  l2AdvertisementInterfaceMissing,
  serviceLbNoNode,
  etpClusterSnat,
  quicEtpClusterSpread,
  quicUdpPortMissing,
  etpLocalSingleEndpoint,
  lbIpReferenced,
];
