// Sliding-window limit on challenge starts: each start is a WhatsApp message, which is what
// a real server protects. Only starts that were let through count.

/**
 * @typedef {{ max: number, windowMs: number }} StartLimit
 * @typedef {{ allowed: true } | { allowed: false, retryAfterSeconds: number }} SlotResult
 */

/**
 * Takes a slot if one is free. `startTimes` is the token's own history (oldest first); it is
 * pruned and appended to in place.
 * @param {number[]} startTimes epoch ms of earlier allowed starts
 * @param {StartLimit} limit
 * @param {number} now epoch ms
 * @returns {SlotResult}
 */
export function takeStartSlot(startTimes, limit, now) {
  while (startTimes.length > 0 && now - startTimes[0] >= limit.windowMs) startTimes.shift();
  if (startTimes.length < limit.max) {
    startTimes.push(now);
    return { allowed: true };
  }
  // The next slot frees when the start that would make room leaves the window.
  const freesAt = startTimes[startTimes.length - limit.max] + limit.windowMs;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
}
