import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../lib/app-config.js';

const valid = { stage: 'prod', minCapacity: '0.5', maxCapacity: '8', corsOrigins: 'https://app.example.com,http://localhost:3000' };
const read = (ctx: Record<string, unknown>) => readConfig((key) => ctx[key]);

describe('CDK context', () => {
  it('reads strings from -c and typed values from cdk.json alike', () => {
    const config = read(valid);
    expect(config).toMatchObject({
      stage: 'prod',
      isDevStage: false,
      minCapacity: 0.5,
      maxCapacity: 8,
      corsOrigins: ['https://app.example.com', 'http://localhost:3000'],
      auth: { kind: 'cognito' },
      postDispatchMinutes: 5,
      segmentRefreshMinutes: 60,
      metricsRefreshMinutes: 60,
      whatsappSendMinutes: 5,
      skipBundling: false,
    });
    expect(read({ ...valid, stage: 'dev-alice', minCapacity: 0, maxCapacity: 2, corsOrigins: ['https://a.example'] })).toMatchObject({
      isDevStage: true,
      minCapacity: 0,
      corsOrigins: ['https://a.example'],
    });
  });

  it('defaults a dev stage without corsOrigins to the local dev servers; every other stage must name its origins', () => {
    expect(read({ stage: 'dev', minCapacity: 0, maxCapacity: 2 }).corsOrigins).toEqual(['http://localhost:3000', 'http://localhost:5173']);
    expect(() => read({ stage: 'prod', minCapacity: 0, maxCapacity: 2 })).toThrow(/"corsOrigins": missing: stage prod must name/);
  });

  it('points the social publishers at graph.facebook.com by default, or at the Graph base URL and version given', () => {
    expect(read(valid)).toMatchObject({ graphApiBaseUrl: 'https://graph.facebook.com', graphApiVersion: 'v24.0' });
    expect(read({ ...valid, graphApiBaseUrl: 'https://graph.example.com/', graphApiVersion: 'v25.0' })).toMatchObject({ graphApiBaseUrl: 'https://graph.example.com', graphApiVersion: 'v25.0' });
    expect(() => read({ ...valid, graphApiBaseUrl: 'http://graph.example.com' })).toThrow(/"graphApiBaseUrl": "http:\/\/graph.example.com" is not an https URL/);
    expect(() => read({ ...valid, graphApiVersion: '24' })).toThrow(/"graphApiVersion": "24" is not a version/);
  });

  it('uses an existing issuer when one is given, and then needs its audience', () => {
    expect(read({ ...valid, jwtIssuer: 'https://id.example.com/', jwtAudience: '["a","b"]' }).auth).toEqual({
      kind: 'issuer',
      issuer: 'https://id.example.com/',
      audience: ['a', 'b'],
    });
    expect(() => read({ ...valid, jwtIssuer: 'https://id.example.com/' })).toThrow(/"jwtAudience": missing/);
  });

  it.each([
    [{ stage: undefined }, /Bad CDK context "stage": missing.*-c stage=/],
    [{ stage: 'Prod!' }, /"stage": "Prod!" is not valid/],
    [{ minCapacity: 'lots' }, /"minCapacity": "lots" is not a number/],
    [{ minCapacity: '0.3' }, /"minCapacity": 0.3 is outside 0–256 or not a multiple of 0.5/],
    [{ maxCapacity: '0' }, /"maxCapacity": 0 is outside 1–256/],
    [{ minCapacity: '4', maxCapacity: '2' }, /"maxCapacity": 2 is below minCapacity 4/],
    [{ corsOrigins: '' }, /"corsOrigins": missing: stage prod must name the origins of its web app/],
    [{ corsOrigins: 'http://app.example.com' }, /"corsOrigins": http:\/\/app.example.com is not https/],
    [{ corsOrigins: 'https://app.example.com/path' }, /not a bare origin/],
    [{ corsOrigins: '[not json' }, /not a valid JSON array/],
    [{ jwtIssuer: 'http://insecure.example.com' }, /"jwtIssuer": .* is not an https URL/],
    [{ alarmEmail: 'ops' }, /"alarmEmail": "ops" is not an e-mail address/],
    [{ apiThrottleBurst: '0' }, /"apiThrottleBurst": must be a positive integer/],
    [{ postDispatchMinutes: '2.5' }, /"postDispatchMinutes": 2.5 is not a whole number/],
  ])('rejects %j with a message naming the key', (override, message) => {
    expect(() => read({ ...valid, ...override })).toThrow(ConfigError);
    expect(() => read({ ...valid, ...override })).toThrow(message);
  });
});
