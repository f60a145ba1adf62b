/**
 * Turns whatever arrived in the code field into the ASCII digits the API expects.
 *
 * People paste "123 456", "123-456" or "Your code is 123456"; phones set to Arabic,
 * Persian or Hindi type their own digits; some keyboards type full-width ones. All of
 * them mean the same code.
 */

/** Code points of the zero digit of each script whose digits are accepted. */
const ZEROS = [
  0x30, // ASCII
  0x660, // Arabic-Indic
  0x6f0, // Extended Arabic-Indic (Persian, Urdu)
  0x966, // Devanagari
  0x9e6, // Bengali
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
