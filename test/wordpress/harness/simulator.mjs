// The Authsignal simulator (sim/) on its own port, and what a person's phone and browser
// would do against it: start a challenge, read the code from the inbox, verify it.
import { startSimulatorServer } from '../../../sim/node-server.mjs';

/** The secret key the simulator is started with, and the plugin is configured with. */
export const SECRET_KEY = 'wp-test-secret-key-7f3a9c';

/** @returns {ReturnType<typeof startSimulatorServer>} */
export function startSimulator() {
  return startSimulatorServer({ port: 0, host: '127.0.0.1', simulatorOptions: { secretKey: SECRET_KEY } });
}

/**
 * @param {string} url
 * @param {unknown} body
 * @param {Record<string, string>} headers
 */
async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/**
 * The Server API's track, as a site's backend calls it.
 * @param {string} simUrl
 * @param {string} userId
 * @param {string} action
 * @param {Record<string, unknown>} attributes
 * @returns {Promise<{ token: string, idempotencyKey: string }>}
 */
export function track(simUrl, userId, action, attributes) {
  return postJson(`${simUrl}/v1/users/${encodeURIComponent(userId)}/actions/${encodeURIComponent(action)}`, attributes, {
    authorization: `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`,
  });
}

/**
 * The newest code the inbox holds for a user (or a track token).
 * @param {string} simUrl
 * @param {{ userId?: string, token?: string }} who
 */
export async function latestCode(simUrl, { userId, token }) {
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const { messages } = await (await fetch(`${simUrl}/sim/inbox${query}`)).json();
  const message = messages.find((m) => userId === undefined || m.userId === userId);
  if (!message) throw new Error(`no WhatsApp message in the simulator's inbox for ${userId ?? token}`);
  return /** @type {string} */ (message.code);
}

/**
 * What the element does with a track token and the person's code: start, read the code,
 * verify. Resolves to the verified result token (the element's `challenge-verified` token).
 * @param {string} simUrl
 * @param {string} trackToken
 */
export async function verifyWithCode(simUrl, trackToken) {
  const bearer = { authorization: `Bearer ${trackToken}` };
  await postJson(`${simUrl}/v1/client/challenge/whatsapp`, {}, bearer);
  const code = await latestCode(simUrl, { token: trackToken });
  const verified = await postJson(`${simUrl}/v1/client/verify/whatsapp`, { verificationCode: code }, bearer);
  if (!verified.isVerified) throw new Error(`the simulator did not accept its own code: ${JSON.stringify(verified)}`);
  return /** @type {string} */ (verified.accessToken);
}

/**
 * Waits for a new WhatsApp message to a user (one not in `seen`), as the person's phone would.
 * @param {string} simUrl
 * @param {string} userId
 * @param {Set<string>} seen challengeIds already read
 * @param {number} [timeoutMs]
 */
export async function waitForNewCode(simUrl, userId, seen, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { messages } = await (await fetch(`${simUrl}/sim/inbox`)).json();
    const message = messages.find((m) => m.userId === userId && !seen.has(m.challengeId));
    if (message) {
      seen.add(message.challengeId);
      return /** @type {string} */ (message.code);
    }
    if (Date.now() > deadline) throw new Error(`no new WhatsApp message for user ${userId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The challengeIds the inbox already holds for a user.
 * @param {string} simUrl
 * @param {string} userId
 */
export async function seenChallenges(simUrl, userId) {
  const { messages } = await (await fetch(`${simUrl}/sim/inbox`)).json();
  return new Set(messages.filter((m) => m.userId === userId).map((m) => /** @type {string} */ (m.challengeId)));
}
