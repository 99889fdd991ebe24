/**
 * The README's shell examples as steps: every fenced block whose language is
 * bash, sh or shell, split into commands (a command ends where bash can parse
 * what came so far), each with the expectation written under it (`# → …`).
 * Blocks whose info string also says `aws` need an AWS account: they are
 * parsed, not run.
 */
import { spawnSync } from 'node:child_process';

export interface Step {
  /** 1-based README line of the command's first line. */
  line: number;
  command: string;
  /** The text after `# → `, when the README gives the answer. */
  expected?: string;
}

export interface ShellBlock {
  line: number;
  /** Needs an AWS account: checked for syntax only. */
  aws: boolean;
  steps: Step[];
}

const SHELLS = new Set(['bash', 'sh', 'shell']);
export const EXPECT_MARK = '# → ';

/** True when bash can parse `text` as complete commands (no open quote, loop or continuation). */
export function isComplete(text: string): boolean {
  if (/\\\s*$/.test(text)) return false;
  return spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' }).status === 0;
}

export function shellBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`README line ${start + 1}: the fenced block is never closed`);
    if (!SHELLS.has(open[1]!)) continue;
    blocks.push({ line: start + 1, aws: open[2]!.split(/\s+/).includes('aws'), steps: splitSteps(body, start + 2) });
  }
  return blocks;
}

function splitSteps(body: string[], firstLine: number): Step[] {
  const steps: Step[] = [];
  let pending: string[] = [];
  let pendingLine = 0;
  body.forEach((text, k) => {
    const line = firstLine + k;
    if (pending.length === 0) {
      const trimmed = text.trim();
      if (trimmed.startsWith(EXPECT_MARK.trim())) {
        const last = steps.at(-1);
        if (!last) throw new Error(`README line ${line}: an expected answer with no command above it`);
        if (last.expected !== undefined) throw new Error(`README line ${line}: a second expected answer for the command of line ${last.line}`);
        last.expected = trimmed.slice(EXPECT_MARK.trim().length).trim();
        return;
      }
      if (trimmed === '' || trimmed.startsWith('#')) return;
      pendingLine = line;
    }
    pending.push(text);
    const command = pending.join('\n');
    if (isComplete(command)) {
      steps.push({ line: pendingLine, command });
      pending = [];
    }
  });
  if (pending.length > 0) throw new Error(`README line ${pendingLine}: the command never ends (an open quote, loop or trailing \\)`);
  return steps;
}
