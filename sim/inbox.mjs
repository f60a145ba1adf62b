// The WhatsApp messages the simulator "sent": where a test or the demo reads the code.

/** @typedef {import('./types.mjs').InboxMessage} InboxMessage */
/** @typedef {import('./types.mjs').Session} Session */

/** GET /sim/inbox without a token lists at most this many. */
export const RECENT_LIMIT = 50;
/** A token keeps at most this many of its own messages (only reachable with a raised startLimit). */
const PER_TOKEN_LIMIT = 1000;

export class Inbox {
  /** Most recent first, across all tokens. @type {InboxMessage[]} */
  #recent = [];

  /**
   * @param {Session} session
   * @param {InboxMessage} message
   */
  deliver(session, message) {
    session.messages.push(message);
    if (session.messages.length > PER_TOKEN_LIMIT) session.messages.shift();
    this.#recent.unshift(message);
    if (this.#recent.length > RECENT_LIMIT) this.#recent.pop();
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
