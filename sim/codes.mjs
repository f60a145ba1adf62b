// One-time codes: drawn from node:crypto, one digit at a time, so every digit (a leading
// zero included) is equally likely, as with a real OTP.
import { randomInt, timingSafeEqual } from 'node:crypto';

/**
 * @param {number} length digits in the code
 * @returns {string}
 */
export function generateCode(length) {
  let code = '';
  for (let i = 0; i < length; i += 1) code += String(randomInt(10));
  return code;
}

/**
 * Constant-time comparison, as a real server must do it so the code cannot be guessed
 * digit by digit from response times.
 * @param {string} expected
 * @param {string} given
 */
export function codesMatch(expected, given) {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
