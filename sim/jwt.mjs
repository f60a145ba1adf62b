// HS256 JSON Web Tokens with node:crypto only. The simulator signs the bearer tokens it
// hands out and the accessTokens it answers a verified code with, so that a tampered or
// foreign token is refused exactly as a real server would refuse it.
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** @param {string | Buffer} input */
function base64url(input) {
  return Buffer.from(input).toString('base64url');
}

/**
 * @param {string} signingInput `header.payload`
 * @param {string} secret
 */
function signature(signingInput, secret) {
  return createHmac('sha256', secret).update(signingInput).digest('base64url');
}

/**
 * @param {Record<string, unknown>} payload
 * @param {string} secret
 * @returns {string}
 */
export function signJwt(payload, secret) {
  const signingInput = `${HEADER}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${signature(signingInput, secret)}`;
}

/**
 * Checks the signature only; what the claims mean (expiry, kind of token) is the caller's
 * business, because a fault may be scripted for an expired token.
 * @param {string} token
 * @param {string} secret
 * @returns {Record<string, any> | undefined} the payload, or undefined when the token is not
 *   a well-formed HS256 JWT signed with `secret`
 */
export function verifyJwt(token, secret) {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, given] = parts;
  if (header !== HEADER) return undefined;
  // Compare the encoded strings, not decoded bytes: base64url decoding ignores the spare
  // bits of the last character, so a decoded comparison would accept an altered signature.
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}
