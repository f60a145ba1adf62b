// Reads a small request body, JSON or an HTML form post, from the raw Node request: the
// dev server has no body parser, and the validate route takes both (the element's form
// field posts `authsignal_token=...`).

/** A validate or sign-in body is a few hundred bytes; anything much larger is not ours. */
const MAX_BYTES = 16 * 1024;

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {string} contentType the request's Content-Type header
 * @returns {Promise<Record<string, unknown> | undefined>} the fields, or undefined when the
 *   body is too large, not JSON/form-encoded, or not an object
 */
export async function readFields(req, contentType) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BYTES) return undefined;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (type === 'application/json' || (type === '' && text.trim() === '')) {
    if (text.trim() === '') return {};
    try {
      const value = JSON.parse(text);
      return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
