/**
 * Where the publishers reach the Graph API, from the environment the stack
 * sets (CDK context graphApiBaseUrl / graphApiVersion, per stage); npm start
 * points it at the local stand-in.
 */
import { optionalEnv } from '../../platform/config.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v24.0';

export interface GraphConfig {
  /** Without the version, e.g. https://graph.facebook.com. */
  baseUrl: string;
  /** e.g. v24.0. */
  version: string;
  /** Per request: past it the answer counts as unknown (a publish call is then reconciled, never repeated). */
  timeoutMs: number;
  /** Between container status reads. */
  pollIntervalMs: number;
  /** Status reads before a still-processing container is left for the next run. */
  maxPolls: number;
}

export function graphConfigFromEnv(): GraphConfig {
  return {
    baseUrl: (optionalEnv('GRAPH_API_BASE_URL') ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, ''),
    version: optionalEnv('GRAPH_API_VERSION') ?? DEFAULT_GRAPH_VERSION,
    timeoutMs: Number(optionalEnv('GRAPH_API_TIMEOUT_MS') ?? 10_000),
    pollIntervalMs: Number(optionalEnv('GRAPH_CONTAINER_POLL_MS') ?? 3_000),
    maxPolls: 10,
  };
}
