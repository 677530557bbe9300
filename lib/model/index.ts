export * from './kube';
export * from './finding';
export * from './cluster';
export * from './api';
export * from './logs';
export * from './probe';
export * from './crowdsec';
export * from './haproxy';
