export { startLocalDataApi } from './server.js';
export type { LocalDataApi, LocalDataApiOptions } from './server.js';
export { secretsError } from './service-error.js';
