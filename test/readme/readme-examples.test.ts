/**
 * Every shell example of the README, run in order against a fresh local stack
 * started as the README says (`npm start` in a folder of its own, on a free port),
 * in one bash session. A command fails the test when it exits non-zero, when any
 * curl call in it gets an HTTP error (curl runs with `--fail-with-body`, from a
 * curlrc of the test's own), or when its answer differs from the `# → …` under it
 * (test/readme/expected.ts). The README's "Examples are tests" section is the
 * contributors' side of this.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareAnswer, globMatches } from './expected.js';
import { shellBlocks, type Step } from './extract.js';
import { checkoutFarm, freePort, REPO, startInBackground, type BackgroundStart } from './local-start.js';
import { ShellSession, type StepResult } from './shell-session.js';

const READY = 'Press Ctrl-C to stop.';
const STEP_TIMEOUT_MS = 90_000;
// Only what a terminal has: nothing of the test run's own settings reaches the examples.
const KEPT_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SHELL', 'TERM'];

function terminalEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of KEPT_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...extra };
}

function lastHttpStatus(stderr: string): number | undefined {
  const all = [...stderr.matchAll(/^HTTP (\d{3})$/gm)];
  return all.length ? Number(all.at(-1)![1]) : undefined;
}

/** Why the step failed, or undefined. */
function verdict(step: Step, result: StepResult): string | undefined {
  const status = lastHttpStatus(result.stderr);
  const expectsError = step.expected !== undefined && /^[45]\d\d\s/.test(step.expected);
  if (result.rc !== 0 && !(expectsError && result.rc === 22)) return `exited with ${result.rc}${status ? ` (last HTTP status ${status})` : ''}`;
  const serverErrors = [...result.stderr.matchAll(/^HTTP (5\d\d)$/gm)];
  if (serverErrors.length) return `a curl call got HTTP ${serverErrors[0]![1]}`;
  return step.expected === undefined ? undefined : compareAnswer(step.expected, result.stdout, status);
}

/** The ```text block after the one that runs `npm start`: each of its lines must be in the banner, in order. */
function bannerLines(markdown: string, startLine: number): string[] {
  const lines = markdown.split('\n');
  let i = startLine;
  while (i < lines.length && !/^```text\s*$/.test(lines[i]!)) {
    if (/^```(bash|sh|shell)\b/.test(lines[i]!)) return [];
    i++;
  }
  const out: string[] = [];
  for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) if (lines[i]!.trim()) out.push(lines[i]!.trim());
  return out;
}

describe('README examples', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('run in order against a fresh npm start and answer what the README shows', { timeout: 600_000 }, async () => {
    const markdown = await readFile(path.join(REPO, 'README.md'), 'utf8');
    const blocks = shellBlocks(markdown).filter((b) => !b.aws);
    const steps = blocks.flatMap((b) => b.steps);
    expect(steps.length).toBeGreaterThan(50);

    const farm = await checkoutFarm();
    const work = await mkdtemp(path.join(tmpdir(), 'readme-steps-'));
    cleanups.push(() => rm(farm, { recursive: true, force: true }), () => rm(work, { recursive: true, force: true }));
    const curlHome = path.join(work, 'curl');
    await mkdir(curlHome);
    // Stricter than a reader's curl: an HTTP error fails the command, and each call's status goes to stderr.
    await writeFile(path.join(curlHome, '.curlrc'), 'fail-with-body\nmax-time = 60\nwrite-out = "%{stderr}HTTP %{http_code}\\n"\n');
    const env = terminalEnv({ CURL_HOME: curlHome });
    const port = await freePort();

    let server: BackgroundStart | undefined;
    const shell = ShellSession.start(farm, env, work);
    cleanups.push(async () => shell.close(), async () => server?.stop());

    for (const step of steps) {
      const where = `README line ${step.line}: ${step.command.split('\n')[0]}`;
      if (/^npm ci(\s|$)/.test(step.command)) continue; // the test runs after it
      if (/^npm start(\s|$|#)/.test(step.command)) {
        server = await startInBackground(step.command, farm, { ...env, PORT: String(port) }, READY, 240_000);
        const banner = server.output().split('\n').map((l) => l.trim());
        let at = 0;
        for (const line of bannerLines(markdown, step.line)) {
          const found = banner.findIndex((b, k) => k >= at && globMatches(line.replace(/3000/g, String(port)), b));
          expect(found, `${where}: the banner the README shows has "${line}", npm start printed:\n${server.output()}`).toBeGreaterThanOrEqual(0);
          at = found + 1;
        }
        continue;
      }
      const result = await shell.run(step.command, STEP_TIMEOUT_MS);
      const why = verdict(step, result);
      expect(why, `${where}\n${step.command}\n→ ${why}\n--- stdout\n${result.stdout.slice(0, 3000)}\n--- stderr\n${result.stderr.slice(0, 3000)}`).toBeUndefined();
    }
    expect(server, 'the README never runs npm start').toBeDefined();
  });
});
