// Tracked actions and the users they belong to: the Server API's side of the simulator.
// A track (POST /v1/users/{userId}/actions/{action}) creates an action in state
// CHALLENGE_REQUIRED; a verified WhatsApp code moves it to CHALLENGE_SUCCEEDED; validate
// and getAction read it.

/** Most actions kept; the oldest go first (a loop of tracks must not grow memory for ever). */
export const MAX_ACTIONS = 10_000;

/**
 * @typedef {'CHALLENGE_REQUIRED' | 'CHALLENGE_SUCCEEDED' | 'CHALLENGE_FAILED'} ActionState
 */

/**
 * @typedef {object} TrackedAction
 * @property {string} userId
 * @property {string} actionCode
 * @property {string} idempotencyKey
 * @property {ActionState} state
 * @property {string} createdAt ISO 8601
 * @property {string} stateUpdatedAt ISO 8601
 * @property {'WHATSAPP' | undefined} verificationMethod set once a code was verified
 */

export class ActionStore {
  /** @type {Map<string, TrackedAction>} */
  #actions = new Map();
  /** The phone number each user was last tracked with. @type {Map<string, string>} */
  #phoneNumbers = new Map();

  /**
   * @param {string} userId
   * @param {string} actionCode
   * @param {string} idempotencyKey
   */
  static key(userId, actionCode, idempotencyKey) {
    return JSON.stringify([userId, actionCode, idempotencyKey]);
  }

  /**
   * The action for this idempotency key, created in CHALLENGE_REQUIRED when it is new: a
   * second track with the same key is the same action, as idempotency keys promise.
   * @param {{ userId: string, actionCode: string, idempotencyKey: string, now: number }} init
   * @returns {TrackedAction}
   */
  track({ userId, actionCode, idempotencyKey, now }) {
    const key = ActionStore.key(userId, actionCode, idempotencyKey);
    const existing = this.#actions.get(key);
    if (existing) return existing;
    const at = new Date(now).toISOString();
    /** @type {TrackedAction} */
    const action = {
      userId,
      actionCode,
      idempotencyKey,
      state: 'CHALLENGE_REQUIRED',
      createdAt: at,
      stateUpdatedAt: at,
      verificationMethod: undefined,
    };
    this.#actions.set(key, action);
    while (this.#actions.size > MAX_ACTIONS) {
      this.#actions.delete(/** @type {string} */ (this.#actions.keys().next().value));
    }
    return action;
  }

  /**
   * @param {string} userId
   * @param {string} actionCode
   * @param {string} idempotencyKey
   * @returns {TrackedAction | undefined}
   */
  find(userId, actionCode, idempotencyKey) {
    return this.#actions.get(ActionStore.key(userId, actionCode, idempotencyKey));
  }

  /**
   * @param {TrackedAction} action
   * @param {ActionState} state
   * @param {number} now
   */
  static moveTo(action, state, now) {
    action.state = state;
    action.stateUpdatedAt = new Date(now).toISOString();
    if (state === 'CHALLENGE_SUCCEEDED') action.verificationMethod = 'WHATSAPP';
  }

  /**
   * Remembers the number a user's codes go to (`phoneNumber` of a track); a later track
   * without one keeps using it.
   * @param {string} userId
   * @param {string | undefined} phoneNumber
   * @returns {string | undefined} the number now on record
   */
  phoneNumberOf(userId, phoneNumber) {
    if (phoneNumber) {
      // Re-insert, so the map stays ordered by last use and can be trimmed from the front.
      this.#phoneNumbers.delete(userId);
      this.#phoneNumbers.set(userId, phoneNumber);
      while (this.#phoneNumbers.size > MAX_ACTIONS) {
        this.#phoneNumbers.delete(/** @type {string} */ (this.#phoneNumbers.keys().next().value));
      }
    }
    return this.#phoneNumbers.get(userId);
  }
}
