/**
 * Social publishing on the local stack: the Graph API stand-in (accepting any
 * token; one starting with EXPIRED answers 190) with the publishers pointed at
 * it, and the post-dispatch handler run every few seconds, as EventBridge runs
 * it in AWS. Tokens are sealed and opened with the local key provider (no
 * KMS: platform/crypto picks it when DATA_API_ENDPOINT is set).
 */
import { startGraphStandIn } from './stand-ins/graph-api.js';

export interface LocalSocialPublishing {
  graphApiUrl: string;
  stop(): Promise<void>;
}

export async function startLocalSocialPublishing(options: { everySeconds: number; port?: number; log: (line: string) => void }): Promise<LocalSocialPublishing> {
  const graph = await startGraphStandIn({ acceptAnyToken: true, ...(options.port ? { port: options.port } : {}) });
  Object.assign(process.env, { GRAPH_API_BASE_URL: graph.url, GRAPH_API_VERSION: graph.version });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  if (options.everySeconds > 0) {
    const { handler } = await import('../lambdas/workers/post-dispatch/handler.js');
    const tick = () => {
      running = handler()
        .then((run) => {
          if (run.claimed > 0) options.log(`post-dispatch: claimed ${run.claimed}: ${run.published} published, ${run.failed} failed, ${run.deferred} deferred, ${run.unknown} unknown (held for a reconcile)`);
        })
        .catch((error: unknown) => options.log(`post-dispatch run failed: ${(error as Error).message}`))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, options.everySeconds * 1000);
        });
    };
    timer = setTimeout(tick, options.everySeconds * 1000);
  }
  return {
    graphApiUrl: `${graph.url}/${graph.version}`,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await graph.stop();
    },
  };
}
