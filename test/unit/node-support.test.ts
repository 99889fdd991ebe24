import { afterEach, describe, expect, it } from 'vitest';
import { noteNodeSupportOnce } from '../../local/node-support.js';

const SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const before = process.env[SWITCH];
afterEach(() => {
  if (before === undefined) delete process.env[SWITCH];
  else process.env[SWITCH] = before;
});

describe('the Node-version note', () => {
  it('is printed at most once per process, says what to do, and silences the SDK', () => {
    delete process.env[SWITCH];
    const lines: string[] = [];
    noteNodeSupportOnce((line) => lines.push(line));
    noteNodeSupportOnce((line) => lines.push(line));
    const old = Number(process.versions.node.split('.')[0]) < 22;
    expect(lines).toHaveLength(old ? 1 : 0);
    if (old) expect(lines[0]).toMatch(/Install Node 22\+/);
    expect(process.env[SWITCH]).toBe('true');
  });
});
