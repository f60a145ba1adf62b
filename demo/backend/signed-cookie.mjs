// A cookie value the browser can hold but not forge: `value.signature`, where the signature
// is an HMAC-SHA256 of the value under a key only the server knows. The demo site keeps its
// signed-in user's id in one, the way a real site keeps a session.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * @param {string} value
 * @param {string} key
 */
const signatureOf = (value, key) => createHmac('sha256', key).update(value).digest('base64url');

/**
 * @param {string} value any text; it is base64url-encoded so it cannot break the cookie syntax
 * @param {string} key
 * @returns {string} what to put in the cookie
 */
export function sign(value, key) {
  const encoded = Buffer.from(value, 'utf8').toString('base64url');
  return `${encoded}.${signatureOf(encoded, key)}`;
}

/**
 * @param {string | undefined} signed a cookie value made by sign()
 * @param {string} key
 * @returns {string | undefined} the value, or undefined when the signature does not match
 */
export function unsign(signed, key) {
  if (!signed) return undefined;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const encoded = signed.slice(0, dot);
  const expected = Buffer.from(signatureOf(encoded, key));
  const given = Buffer.from(signed.slice(dot + 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

/**
 * The value of one cookie of a `Cookie` request header.
 * @param {string} header
 * @param {string} name
 * @returns {string | undefined}
 */
export function readCookie(header, name) {
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}
