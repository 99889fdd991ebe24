/** `npm run demo` loads only a running local stack (local/demo/target.ts). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findDemoTarget, isLoopbackHost } from '../../local/demo/target.js';

describe('isLoopbackHost', () => {
  it('accepts only addresses that never leave the machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['10.0.0.1', '0.0.0.0', 'abc123.execute-api.eu-west-1.amazonaws.com', 'localhost.example.com', '127.0.0.1.nip.io', '::ffff:10.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('findDemoTarget', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const withStackFile = async (content: object) => {
    dir = await mkdtemp(path.join(tmpdir(), 'demo-target-'));
    await writeFile(path.join(dir, 'stack.json'), JSON.stringify(content));
    return dir;
  };
  const live = { pid: process.pid, api: 'http://127.0.0.1:3000', databaseUrl: 'postgres://app_master:x@127.0.0.1:5432/marketing', startedAt: '' };

  it('takes the stack a running npm start describes', async () => {
    await expect(findDemoTarget(await withStackFile(live))).resolves.toEqual({ api: live.api, databaseUrl: live.databaseUrl, dataDir: dir });
  });

  it('refuses a folder without a running npm start', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'demo-target-'));
    await expect(findDemoTarget(dir)).rejects.toThrow(/No running npm start found/);
  });

  it('refuses a stack file whose process has ended', async () => {
    await expect(findDemoTarget(await withStackFile({ ...live, pid: 2 ** 22 + 12345 }))).rejects.toThrow(/is not running/);
  });

  it('refuses an API or database that is not on loopback', async () => {
    await expect(findDemoTarget(await withStackFile({ ...live, api: 'https://abc123.execute-api.eu-west-1.amazonaws.com' }))).rejects.toThrow(/not http:/);
    await rm(dir, { recursive: true, force: true });
    await expect(findDemoTarget(await withStackFile({ ...live, api: 'http://10.1.2.3:3000' }))).rejects.toThrow(/API is on 10.1.2.3/);
    await rm(dir, { recursive: true, force: true });
    await expect(findDemoTarget(await withStackFile({ ...live, databaseUrl: 'postgres://u:p@db.cluster-x.eu-west-1.rds.amazonaws.com/m' }))).rejects.toThrow(
      /database is on db\.cluster/,
    );
  });
});
