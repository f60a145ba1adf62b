// The two Client API routes the element calls, with the rules of spec/CLIENT-API-NOTES.md:
// start (POST /challenge/whatsapp) and verify (POST /verify/whatsapp).
import { randomUUID } from 'node:crypto';
import { codesMatch, generateCode } from './codes.mjs';
import { parseJsonObject, sendError, sendJson } from './http.mjs';
import { ActionStore } from './actions.mjs';
import { takeStartSlot } from './rate-limit.mjs';
import { issueAccessToken } from './tokens.mjs';

/** @typedef {import('./types.mjs').Core} Core */
/** @typedef {import('./types.mjs').Ctx} Ctx */
/** @typedef {import('./types.mjs').Session} Session */

/** A code is good for this long after it was sent. */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** The wrong code that reaches this count locks the challenge. */
export const MAX_WRONG_ATTEMPTS = 5;

/**
 * Starts (or restarts: that is how "resend" works) the token's challenge and "sends" the
 * code to the inbox.
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {Session} session
 */
export function startChallenge(core, ctx, session) {
  const now = core.now();
  const slot = takeStartSlot(session.startTimes, session.startLimit, now);
  if (!slot.allowed) {
    sendError(ctx, 429, 'too_many_requests', 'The rate limit has been exceeded.', {
      'Retry-After': String(slot.retryAfterSeconds),
    });
    return;
  }
  const challengeId = randomUUID();
  const code = generateCode(session.codeLength);
  // A new challenge replaces the old one: its code stops working and attempts start over.
  session.challenge = { challengeId, code, createdAt: now, wrongAttempts: 0, consumed: false };
  core.inbox.deliver(session, {
    challengeId,
    code,
    userId: session.userId,
    sentAt: new Date(now).toISOString(),
    tokenId: session.tokenId,
    phoneNumber: session.phoneNumber ?? null,
    actionCode: session.action?.actionCode ?? null,
    locale: session.locale ?? null,
  });
  sendJson(ctx, 200, { challengeId });
}

/**
 * @param {Core} core
 * @param {Ctx} ctx
 * @param {Session} session
 * @param {string} bodyText
 */
export function verifyChallenge(core, ctx, session, bodyText) {
  const body = parseJsonObject(bodyText);
  if (!body || typeof body.verificationCode !== 'string') {
    sendError(ctx, 400, 'invalid_request', 'The body must be JSON: { "verificationCode": string }.');
    return;
  }
  const challenge = session.challenge;
  if (!challenge) {
    sendError(ctx, 400, 'invalid_request', 'No challenge has been started for this token.');
    return;
  }
  const fail = (/** @type {string} */ failureReason) => sendJson(ctx, 200, { isVerified: false, failureReason });

  // Once locked, the challenge stays locked, even for the right code, until a new start.
  if (challenge.wrongAttempts >= MAX_WRONG_ATTEMPTS) return fail('MAX_ATTEMPTS_EXCEEDED');
  if (challenge.consumed || core.now() - challenge.createdAt > CODE_TTL_MS) {
    return fail('CODE_INVALID_OR_EXPIRED');
  }
  if (!codesMatch(challenge.code, body.verificationCode)) {
    challenge.wrongAttempts += 1;
    if (challenge.wrongAttempts < MAX_WRONG_ATTEMPTS) return fail('CODE_INVALID_OR_EXPIRED');
    // The tracked action failed; a new start and the right code can still make it succeed.
    if (session.action) ActionStore.moveTo(session.action, 'CHALLENGE_FAILED', core.now());
    return fail('MAX_ATTEMPTS_EXCEEDED');
  }
  challenge.consumed = true;
  if (session.action) ActionStore.moveTo(session.action, 'CHALLENGE_SUCCEEDED', core.now());
  const accessToken = issueAccessToken(core, {
    sub: session.userId,
    challengeId: challenge.challengeId,
    tokenId: session.tokenId,
  });
  sendJson(ctx, 200, { isVerified: true, accessToken });
}
