/**
 * Whole-template snapshots, so any infrastructure change shows up in review.
 * Asset hashes and the schema hash are masked (they change with any code or
 * schema edit and are asserted elsewhere); a fixed route list keeps route
 * table growth from churning this file.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { InfraRoute } from '../../lib/routes.js';
import { buildTestApp } from './build.js';

const routes: InfraRoute[] = [
  { method: 'GET', path: '/v1/health', domain: 'health', auth: 'none' },
  { method: 'POST', path: '/v1/webhooks/whatsapp', domain: 'health', auth: 'signature' },
  { method: 'GET', path: '/v1/things/{id}', domain: 'health', auth: 'jwt' },
];

function masked(template: Template): unknown {
  return JSON.parse(JSON.stringify(template.toJSON()).replace(/[0-9a-f]{64}/g, '<hash>'));
}

describe('template snapshots (asset hashes masked)', () => {
  const { stateful, stateless } = buildTestApp({ stage: 'prod', alarmEmail: 'ops@example.com' }, routes);

  it('stateful stack', () => {
    expect(masked(Template.fromStack(stateful))).toMatchSnapshot();
  });

  it('stateless stack', () => {
    const json = masked(Template.fromStack(stateless));
    expect(JSON.stringify(json)).not.toMatch(/[0-9a-f]{64}/);
    expect(json).toMatchSnapshot();
  });
});
