import { describe, expect, it } from 'vitest';
import { clientIpEnv, ConfigError, EDGELENS_ENV_NAMES, loadAccessConfig } from './config';

describe('server config: one schema', () => {
  it('covers access, log sampling and CrowdSec variables', () => {
    for (const name of ['EDGELENS_AUTH_TOKEN', 'EDGELENS_AUTH_TOKEN_FILE', 'EDGELENS_AUTH', 'EDGELENS_ALLOWED_HOSTS', 'EDGELENS_METRICS_AUTH', 'EDGELENS_LOGS_SELECTOR', 'EDGELENS_CROWDSEC_KEY_FILE']) {
      expect(EDGELENS_ENV_NAMES).toContain(name);
    }
    expect(clientIpEnv({ EDGELENS_CROWDSEC_URL: 'http://lapi:8080', OTHER: 'x' })).toEqual(expect.objectContaining({ EDGELENS_CROWDSEC_URL: 'http://lapi:8080' }));
    expect(clientIpEnv({ OTHER: 'x' })).not.toHaveProperty('OTHER');
  });
  it('access: token or file, not both; host names checked; bind loopback by default', () => {
    expect(loadAccessConfig({})).toMatchObject({ bind: '127.0.0.1', bindIsLoopback: true, auth: 'open', token: null, metricsNeedToken: false });
    expect(loadAccessConfig({ EDGELENS_AUTH_TOKEN_FILE: '/run/t', EDGELENS_HOST: '0.0.0.0' })).toMatchObject({ auth: 'token', token: { file: '/run/t' }, bindIsLoopback: false });
    expect(() => loadAccessConfig({ EDGELENS_AUTH_TOKEN: 'x'.repeat(20), EDGELENS_AUTH_TOKEN_FILE: '/run/t' })).toThrow(ConfigError);
    expect(() => loadAccessConfig({ EDGELENS_ALLOWED_HOSTS: 'ok.example, bad host' })).toThrow(/is not a host name/);
    expect(loadAccessConfig({ EDGELENS_ALLOWED_HOSTS: 'A.Example, b.example' }).allowedHosts).toEqual(['a.example', 'b.example']);
    expect(() => loadAccessConfig({ EDGELENS_AUTH: 'basic' })).toThrow(ConfigError);
  });
});
