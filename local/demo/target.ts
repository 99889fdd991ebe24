/**
 * Which stack `npm run demo` writes to, and why never a deployed one.
 *
 * It takes nothing from the environment but LOCAL_DATA_DIR (no API or database URL
 * variable, so a shell set up for a deployed stage cannot point it elsewhere). It reads
 * the `stack.json` that a running `npm start` writes there, and refuses unless that
 * process is alive on this machine, both URLs name a loopback address, and the API
 * answers as the local stack does: to tokens signed with this folder's dev key, which
 * no deployed stage accepts.
 */
import path from 'node:path';
import { readStackFile } from '../stack-file.js';

export class DemoRefused extends Error {}

export interface DemoTarget {
  api: string;
  databaseUrl: string;
  dataDir: string;
}

/** 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function loopbackUrl(what: string, text: string, protocols: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DemoRefused(`The ${what} in stack.json is not a URL.`);
  }
  if (!protocols.includes(url.protocol)) throw new DemoRefused(`The ${what} ${url.origin} is not ${protocols.join(' or ')}.`);
  if (!isLoopbackHost(url.hostname)) {
    throw new DemoRefused(`The ${what} is on ${url.hostname}, not this machine's loopback address: the demo only loads the local stack.`);
  }
  return url;
}

export async function findDemoTarget(dataDir: string = path.resolve(process.env.LOCAL_DATA_DIR ?? '.local')): Promise<DemoTarget> {
  const stack = await readStackFile(dataDir);
  if (!stack) {
    throw new DemoRefused(`No running npm start found in ${dataDir} (no stack.json). Start it first (npm start), with the same LOCAL_DATA_DIR.`);
  }
  if (!Number.isInteger(stack.pid) || !isRunning(stack.pid)) {
    throw new DemoRefused(`The npm start that wrote ${path.join(dataDir, 'stack.json')} (pid ${stack.pid}) is not running. Start it again.`);
  }
  loopbackUrl('API', stack.api, ['http:']);
  loopbackUrl('database', stack.databaseUrl, ['postgres:', 'postgresql:']);
  return { api: stack.api.replace(/\/$/, ''), databaseUrl: stack.databaseUrl, dataDir };
}
