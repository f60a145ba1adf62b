// The WhatsApp messages the simulator "sent": where a test or the demo reads the code.

/** @typedef {import('./types.mjs').InboxMessage} InboxMessage */
/** @typedef {import('./types.mjs').Session} Session */

/** GET /sim/inbox without a token lists at most this many. */
export const RECENT_LIMIT = 50;
/** A token keeps at most this many of its own messages (only reachable with a raised startLimit). */
const PER_TOKEN_LIMIT = 1000;

/** Users whose messages are kept by user id; the least recently messaged go first. */
const MAX_USERS = 10_000;

export class Inbox {
  /** Most recent first, across all tokens. @type {InboxMessage[]} */
  #recent = [];
  /**
   * Oldest first, per user id: a page whose token came from its backend (token-url) never
   * sees the token, but knows its user. @type {Map<string, InboxMessage[]>}
   */
  #byUser = new Map();

  /**
   * @param {Session} session
   * @param {InboxMessage} message
   */
  deliver(session, message) {
    session.messages.push(message);
    if (session.messages.length > PER_TOKEN_LIMIT) session.messages.shift();
    this.#recent.unshift(message);
    if (this.#recent.length > RECENT_LIMIT) this.#recent.pop();
    const mine = this.#byUser.get(message.userId) ?? [];
    // Re-inserted, so the map's first key is always the user messaged longest ago.
    this.#byUser.delete(message.userId);
    this.#byUser.set(message.userId, mine);
    mine.push(message);
    if (mine.length > PER_TOKEN_LIMIT) mine.shift();
    if (this.#byUser.size > MAX_USERS) this.#byUser.delete(/** @type {string} */ (this.#byUser.keys().next().value));
  }

  /**
   * @param {string} userId
   * @returns {InboxMessage[]} the user's messages (of every token), most recent first
   */
  forUser(userId) {
    return [...(this.#byUser.get(userId) ?? [])].reverse();
  }

  /** @returns {InboxMessage[]} most recent first */
  recent() {
    return [...this.#recent];
  }

  /**
   * @param {Session | undefined} session
   * @returns {InboxMessage[]} all of the token's messages, most recent first
   */
  forSession(session) {
    return session ? [...session.messages].reverse() : [];
  }
}
