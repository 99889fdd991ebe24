/**
 * One bash process for all the README's commands, as a reader's terminal is:
 * variables a command sets are there for the next. Each command runs with its
 * stdout and stderr in files; bash's own stdout carries only the end markers.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface StepResult {
  rc: number;
  stdout: string;
  stderr: string;
}

export class ShellSession {
  private buffer = '';
  private waiting?: (line: string) => void;
  private counter = 0;

  private constructor(
    private readonly bash: ChildProcessWithoutNullStreams,
    private readonly outputDir: string,
  ) {
    bash.stdout.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      const done = /@@step-done \d+ \d+\n/.exec(this.buffer);
      if (done && this.waiting) {
        this.buffer = this.buffer.slice(done.index + done[0].length);
        this.waiting(done[0]);
      }
    });
  }

  static start(cwd: string, env: NodeJS.ProcessEnv, outputDir: string): ShellSession {
    const bash = spawn('bash', ['--noprofile', '--norc'], { cwd, env, stdio: 'pipe' });
    bash.stdin.write('set -o pipefail\n');
    return new ShellSession(bash, outputDir);
  }

  async run(command: string, timeoutMs: number): Promise<StepResult> {
    const n = ++this.counter;
    const out = path.join(this.outputDir, `${n}.out`);
    const err = path.join(this.outputDir, `${n}.err`);
    const finished = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiting = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
    });
    // A group, not a subshell: assignments and `source` stay in this shell.
    this.bash.stdin.write(`{\n${command}\n} >'${out}' 2>'${err}' </dev/null\necho "@@step-done ${n} $?"\n`);
    const marker = await finished;
    const rc = Number(/@@step-done \d+ (\d+)/.exec(marker)![1]);
    return { rc, stdout: await readFile(out, 'utf8'), stderr: await readFile(err, 'utf8') };
  }

  close(): void {
    this.bash.stdin.end();
    this.bash.kill('SIGTERM');
  }
}
