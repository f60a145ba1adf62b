// Per-token state, keyed by the token's jti. Browsers run the test files in parallel
// against one server, so nothing here is global: each token has its own challenge,
// attempts, rate limit, fault queue and messages.

/** @typedef {import('./types.mjs').Session} Session */

/** State of a token is kept this long after the token expired, then dropped. */
export const KEEP_AFTER_EXPIRY_MS = 60 * 60 * 1000;
/** Hard cap, in case something mints long-lived tokens in a loop. */
export const MAX_SESSIONS = 10_000;
/** How often (by the simulator's clock) expired sessions are swept. */
const SWEEP_EVERY_MS = 60 * 1000;

export const DEFAULT_CODE_LENGTH = 6;
export const DEFAULT_START_LIMIT = Object.freeze({ max: 5, windowMs: 60 * 1000 });

export class SessionStore {
  /** @type {Map<string, Session>} */
  #sessions = new Map();
  #lastSweep = -Infinity;

  /** @param {() => number} now */
  constructor(now) {
    this.now = now;
  }

  /**
   * @param {Pick<Session, 'tokenId' | 'userId' | 'expiresAt'> & Partial<Session>} init
   * @returns {Session}
   */
  create(init) {
    /** @type {Session} */
    const session = {
      codeLength: DEFAULT_CODE_LENGTH,
      startLimit: DEFAULT_START_LIMIT,
      challenge: undefined,
      startTimes: [],
      faults: [],
      messages: [],
      resendGuard: undefined,
      action: undefined,
      phoneNumber: undefined,
      locale: undefined,
      ...init,
    };
    this.#sessions.set(session.tokenId, session);
    // Map order is insertion order, so the first key is the oldest session.
    while (this.#sessions.size > MAX_SESSIONS) {
      this.#sessions.delete(/** @type {string} */ (this.#sessions.keys().next().value));
    }
    return session;
  }

  /**
   * The session of a verified token payload. A token signed with this simulator's secret
   * but unknown here (a shared `secret` across restarts) gets a fresh session with the
   * defaults, unless it expired so long ago that its state would have been dropped anyway.
   * @param {Record<string, any>} claims
   * @returns {Session | undefined}
   */
  forClaims(claims) {
    const existing = this.#sessions.get(claims.jti);
    if (existing) return existing;
    const expiresAt = claims.exp * 1000;
    if (this.now() - expiresAt > KEEP_AFTER_EXPIRY_MS) return undefined;
    return this.create({ tokenId: claims.jti, userId: String(claims.sub ?? ''), expiresAt });
  }

  /**
   * The session of a token id, if it is still kept; never creates one.
   * @param {string} tokenId
   * @returns {Session | undefined}
   */
  find(tokenId) {
    return this.#sessions.get(tokenId);
  }

  /** Drops sessions whose token expired over an hour ago; cheap enough to call per request. */
  sweep() {
    const now = this.now();
    if (now - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = now;
    for (const [id, session] of this.#sessions) {
      if (now - session.expiresAt > KEEP_AFTER_EXPIRY_MS) this.#sessions.delete(id);
    }
  }

  get size() {
    return this.#sessions.size;
  }
}
