/**
 * Graph API error answers, shaped as Graph sends them:
 * `{ error: { message, type, code, error_subcode?, fbtrace_id } }`.
 * Codes as documented or widely reported (INTEGRATIONS.md): 190 (subcode 463
 * = expired) for tokens, 100 for bad parameters and unknown objects, 9007 /
 * 2207027 for a container that is not ready, 9 / 2207042 for the publishing
 * limit (community sources).
 */
import { randomBytes } from 'node:crypto';

export interface GraphErrorAnswer {
  status: number;
  headers?: Record<string, string>;
  body: { error: { message: string; type: string; code: number; error_subcode?: number; is_transient?: boolean; fbtrace_id: string } };
}

export function graphError(status: number, code: number, message: string, extra: { type?: string; subcode?: number; headers?: Record<string, string> } = {}): GraphErrorAnswer {
  return {
    status,
    ...(extra.headers ? { headers: extra.headers } : {}),
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        is_transient: false,
        fbtrace_id: randomBytes(9).toString('base64url'),
      },
    },
  };
}

const invalidToken = (detail: string) => ({ 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${detail}"` });

export const errors = {
  noToken: () => graphError(400, 104, 'An access token is required to request this resource.'),
  badToken: () => graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', { headers: invalidToken('Invalid OAuth access token') }),
  expiredToken: () =>
    graphError(400, 190, `Error validating access token: Session has expired on ${new Date(Date.now() - 3_600_000).toUTCString()}.`, {
      subcode: 463,
      headers: invalidToken('Session has expired'),
    }),
  badVersion: (version: string) => graphError(400, 2635, `(#2635) Unknown or unsupported Graph API version ${version}.`),
  missingParam: (name: string) => graphError(400, 100, `(#100) The parameter ${name} is required`),
  badParam: (message: string) => graphError(400, 100, `(#100) ${message}`),
  noObject: (id: string) =>
    graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, {
      type: 'GraphMethodException',
      subcode: 33,
    }),
  notReady: () => graphError(400, 9007, 'Media ID is not available', { subcode: 2207027 }),
  limitReached: () => graphError(400, 9, 'Application request limit reached: the account has published 50 posts in the last 24 hours.', { subcode: 2207042 }),
  unknownPath: (path: string) => graphError(400, 2500, `Unknown path components: ${path}`),
};
