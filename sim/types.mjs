// Shared JSDoc types. No runtime code.

/**
 * The part of a Koa context the simulator uses. Real Koa (as in @web/dev-server and
 * @web/test-runner) and the minimal context of node-server.mjs both provide it.
 * @typedef {object} Ctx
 * @property {string} method
 * @property {string} path
 * @property {string} url request target: path and query
 * @property {Record<string, string | string[] | undefined>} query
 * @property {(name: string) => string} get request header, '' when absent
 * @property {(name: string, value: string) => void} set response header
 * @property {number} status
 * @property {unknown} body
 * @property {boolean} [respond] false when the middleware writes to `res` itself
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 */

/**
 * The simulator's state and settings, shared by the route handlers.
 * @typedef {object} Core
 * @property {string} secret HS256 secret of every token it signs
 * @property {() => number} now its clock, epoch ms
 * @property {import('./sessions.mjs').SessionStore} sessions
 * @property {import('./inbox.mjs').Inbox} inbox
 * @property {import('./request-log.mjs').RequestLog} log
 * @property {string} secretKey the Server API's secret key (HTTP Basic user name)
 * @property {import('./actions.mjs').ActionStore} actions tracked actions (Server API)
 * @property {Set<string>} expiredAccessTokens jti of accessTokens ended early by /sim/expire
 * @property {boolean} hidePassThroughSecrets /sim/requests leaves out the cookie and
 *   Authorization of requests that only passed through (a site's routes, the Server API)
 */

/**
 * A scripted answer; see README.md.
 * @typedef {object} Fault
 * @property {'challenge' | 'verify'} [route]
 * @property {number} [status]
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body]
 * @property {string} [rawBody]
 * @property {number} [delayMs]
 * @property {number} [bodyDelayMs]
 * @property {'before-headers' | 'mid-body'} [drop]
 * @property {false} [cors]
 */

/**
 * @typedef {object} Challenge
 * @property {string} challengeId
 * @property {string} code
 * @property {number} createdAt epoch ms
 * @property {number} wrongAttempts
 * @property {boolean} consumed
 */

/**
 * @typedef {object} InboxMessage
 * @property {string} challengeId
 * @property {string} code
 * @property {string} userId
 * @property {string} sentAt ISO 8601
 * @property {string} tokenId the token's jti
 * @property {string | null} phoneNumber where the code went: the track's `phoneNumber`,
 *   or null (a /sim/token token, or a track without one)
 * @property {string | null} actionCode the tracked action, null for a /sim/token token
 * @property {string | null} locale the track's `locale` (the message's language), or null
 */

/**
 * Everything the simulator knows about one bearer token, keyed by its jti.
 * @typedef {object} Session
 * @property {string} tokenId
 * @property {string} userId
 * @property {number} expiresAt epoch ms
 * @property {number} codeLength
 * @property {import('./rate-limit.mjs').StartLimit} startLimit
 * @property {Challenge | undefined} challenge
 * @property {number[]} startTimes
 * @property {Fault[]} faults
 * @property {InboxMessage[]} messages oldest first
 * @property {{ route: 'challenge' | 'verify', fault: Fault, until: number } | undefined} resendGuard
 * @property {import('./actions.mjs').TrackedAction | undefined} action the tracked action this
 *   token was minted for (Server API track); undefined for a /sim/token token
 * @property {string | undefined} phoneNumber the WhatsApp number its codes go to
 * @property {string | undefined} locale the language of its messages (track `locale`)
 */

export {};
