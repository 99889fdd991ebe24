/**
 * The AWS SDK for JavaScript warns on Node 20 that its releases after the
 * first week of January 2027 need Node 22, once per copy of @aws-sdk/core
 * (this project has several) and so several times per process, and again in
 * every test worker. The project supports Node 20 (package.json engines), so
 * say it once, with what to do, and silence the SDK's own copies.
 */
const SDK_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function noteNodeSupportOnce(print: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  if (process.env[SDK_SWITCH] === 'true') return;
  process.env[SDK_SWITCH] = 'true';
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return;
  print(
    `Note: Node ${process.version} runs this project, but AWS SDK releases after the first week of January 2027 need Node 22 or later. ` +
      'Install Node 22+ (e.g. `nvm install 22`) before updating the @aws-sdk packages; Lambda already runs nodejs24.x.',
  );
}
