/**
 * Whether this invocation is the container's first, as Powertools counted it:
 * only an on-demand initialisation has a cold start (provisioned concurrency
 * and SnapStart initialise ahead of any request). Each consumer (the logger's
 * context, the ColdStart metric) holds its own flag, true exactly once.
 */
export function coldStartFlag(): () => boolean {
  let first = true;
  return () => {
    if (!first) return false;
    first = false;
    return process.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
  };
}
