/**
 * Turns whatever arrived in the code field into the ASCII digits the API expects.
 *
 * People paste "123 456", "123-456" or "Your code is 123456"; phones set to Arabic,
 * Persian or Hindi type their own digits; some keyboards type full-width ones. All of
 * them mean the same code.
 */

import { within } from './client.js';

/** Code points of the zero digit of each script whose digits are accepted. */
const ZEROS = [
  0x30, // ASCII
  0x660, // Arabic-Indic
  0x6f0, // Extended Arabic-Indic (Persian, Urdu)
  0x966, // Devanagari
  0x9e6, // Bengali
  0xa66, // Gurmukhi
  0xae6, // Gujarati
  0xb66, // Odia
  0xbe6, // Tamil
  0xc66, // Telugu
  0xce6, // Kannada
  0xd66, // Malayalam
  0xe50, // Thai
  0xed0, // Lao
  0x1040, // Myanmar
  0x17e0, // Khmer
  0xff10, // full-width
];

/** The digits of `text`, as ASCII, in order; every other character dropped. */
export const normalizeCode = (text: string): string => {
  let digits = '';
  for (const char of text) {
    const point = char.codePointAt(0)!;
    const zero = ZEROS.find((z) => point >= z && point <= z + 9);
    if (zero !== undefined) digits += point - zero;
  }
  return digits;
};

/** Digits in a code when `code-length` is not a small positive integer. */
export const DEFAULT_CODE_LENGTH = 6;

/** `length` (a number or a numeric string) if it is a usable number of digits, 1 to 12; else the default. */
export const validCodeLength = (length: unknown): number => {
  const n = within(length, 1, 12);
  return n !== undefined && Number.isInteger(n) ? n : DEFAULT_CODE_LENGTH;
};

/**
 * The code in the field after an input: at most `length` digits. When the inserted text
 * (a paste, an autofill, a WhatsApp message copied whole) holds a run of exactly `length`
 * digits, that run is the code: "123456 is your code. It expires in 10 minutes." gives
 * "123456", also into a field that already held "12".
 */
export const codeAfterInput = (before: string, after: string, length: number): string => {
  let start = 0;
  let end = 0;
  while (start < before.length && before[start] == after[start]) start++;
  while (end < before.length - start && before.at(-1 - end) == after.at(-1 - end)) end++;
  const inserted = after.slice(start, after.length - end);
  const run = inserted.split(/\P{Nd}+/u).map(normalizeCode).find((digits) => digits.length == length);
  return run ?? normalizeCode(after).slice(0, length);
};
