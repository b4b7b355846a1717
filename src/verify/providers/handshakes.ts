/**
 * Handshakes providers need answered before they send events. Each runs only after the request's signature
 * verified (except Dropbox's unsigned GET challenge, which carries no event).
 */
import { createHmac } from 'node:crypto';
import { jsonString } from '../engine/json-path.ts';
import { headerValue } from '../engine/signature-header.ts';
import type { HandshakeHook } from '../engine/spec.ts';
import type { HandshakeResponse } from '../types.ts';

/** Longest challenge echoed back (providers send short random strings). */
const MAX_CHALLENGE_LENGTH = 1024;

function text(body: string): HandshakeResponse {
  return { status: 200, contentType: 'text/plain; charset=utf-8', body };
}

function usable(challenge: string | undefined): challenge is string {
  return challenge !== undefined && challenge !== '' && challenge.length <= MAX_CHALLENGE_LENGTH;
}

/** Slack Events API `url_verification`: echo `challenge`. */
export const slackUrlVerification: HandshakeHook = ({ json }) => {
  const challenge = jsonString(json, 'challenge');
  return jsonString(json, 'type') === 'url_verification' && usable(challenge) ? text(challenge) : undefined;
};

/** Zoom `endpoint.url_validation`: answer `plainToken` with its HMAC-SHA256 (hex) under the secret token. */
export const zoomUrlValidation: HandshakeHook = ({ json, secret }) => {
  const plainToken = jsonString(json, 'payload.plainToken');
  if (
    jsonString(json, 'event') !== 'endpoint.url_validation' ||
    !usable(plainToken) ||
    secret === undefined
  ) {
    return undefined;
  }
  const encryptedToken = createHmac('sha256', secret).update(plainToken).digest('hex');
  return {
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ plainToken, encryptedToken }),
  };
};

/** Twitch EventSub `webhook_callback_verification`: echo `challenge` as plain text. */
export const twitchCallbackVerification: HandshakeHook = ({ request, json }) => {
  const type = headerValue(request.headers, 'Twitch-Eventsub-Message-Type');
  const challenge = jsonString(json, 'challenge');
  return type === 'webhook_callback_verification' && usable(challenge) ? text(challenge) : undefined;
};

/** Dropbox endpoint verification: a GET with `?challenge=…`, echoed back (unsigned, carries no event). */
export const dropboxChallenge: HandshakeHook = ({ request }) => {
  if (request.method.toUpperCase() !== 'GET') return undefined;
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const challenge = new URLSearchParams(query).get('challenge') ?? undefined;
  return usable(challenge) ? text(challenge) : undefined;
};

/** Trello checks a new callback URL with an unsigned HEAD request that must answer 200. */
export const trelloHeadCheck: HandshakeHook = ({ request }) =>
  request.method.toUpperCase() === 'HEAD' ? text('') : undefined;

/** Discord interactions PING (`type: 1`) must be answered with a PONG (`{"type":1}`). */
export const discordPing: HandshakeHook = ({ json }) =>
  jsonString(json, 'type') === '1'
    ? { status: 200, contentType: 'application/json', body: '{"type":1}' }
    : undefined;

/** Okta event hook verification: a GET with `X-Okta-Verification-Challenge`, answered as JSON. */
export const oktaVerification: HandshakeHook = ({ request }) => {
  const challenge = headerValue(request.headers, 'X-Okta-Verification-Challenge');
  if (request.method.toUpperCase() !== 'GET' || !usable(challenge)) return undefined;
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ verification: challenge }) };
};
