/**
 * Defaults for the environment the handlers read while their modules load:
 * lambdas/platform/observability.ts builds the container's metrics writer at
 * import and decides then whether it is disabled. local/stack.ts imports this module first, so it runs before
 * lambdas/app.js loads every domain (setting it later, with the rest of the
 * handlers' environment, came too late: metrics stayed enabled).
 */
// EMF metrics are for CloudWatch; locally they would flood the terminal.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

export {};
