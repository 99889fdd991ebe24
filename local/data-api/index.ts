export { startLocalDataApi } from './server.js';
export type { LocalDataApi, LocalDataApiOptions } from './server.js';
