/**
 * The tests' handle on the server half, all real HTTP to the test server: the demo's
 * backend (demo/backend/, in web-test-runner.config.mjs's middleware) and the simulator's
 * Server API. The page plays the browser of a signed-in person, and, where a test says so,
 * a second part of the same site (tracking another action) or an attacker.
 */
import { waitUntil } from '@open-wc/testing';

/**
 * The simulator's default secret key (sim/index.mjs DEFAULT_SECRET_KEY). Public, and only
 * ever in a browser here because the simulator is a test double: a real secret key never
 * leaves the server.
 */
export const SIM_SECRET_KEY = 'sim-secret-key-for-local-testing-only';
/** The Server API base, as @authsignal/node's `apiUrl`. */
export const SERVER_API = `${location.origin}/v1`;
/** The action the demo backend tracks and accepts (demo/backend/index.mjs DEMO_ACTION). */
export const BACKEND_ACTION = 'signIn';

/** A user id no other test (or engine running at the same time) uses. */
export const uniqueUser = (label: string) => `${label}-${crypto.randomUUID().slice(0, 13)}`;

export interface SignedInUser {
  id: string;
  phoneNumber: string;
}

/** Signs this page in to the demo site (a signed session cookie), as `userId`. */
export async function signIn(userId: string, phoneNumber = '+15550100123'): Promise<SignedInUser> {
  const response = await fetch('/api/demo/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userId, phoneNumber }),
  });
  if (!response.ok) throw new Error(`sign-in answered ${response.status}`);
  return response.json();
}

/** Signs this page out of the demo site (its session cookie is cleared). */
export async function signOut(): Promise<void> {
  await fetch('/api/demo/sign-out', { method: 'POST' });
}

/** A token from the backend's token route (what the element's token-url fetches). */
export async function backendToken(): Promise<string> {
  const response = await fetch('/api/authsignal/token', { method: 'POST', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`token route answered ${response.status}`);
  return (await response.json()).token;
}

export interface Verdict {
  status: number;
  body: { ok: boolean; reason?: string; userId?: string; action?: string; state?: string | null; idempotencyKey?: string };
}

/** Posts a token to the backend's validate route, as JSON or as the form field a form posts. */
export async function validateOnBackend(token: string, as: 'json' | 'form' = 'json'): Promise<Verdict> {
  const response = await fetch('/api/authsignal/validate', {
    method: 'POST',
    ...(as == 'json'
      ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) }
      : { body: new URLSearchParams({ authsignal_token: token }) }),
  });
  return { status: response.status, body: await response.json() };
}

/** Tracks an action through the simulator's Server API, as another part of the site would. */
export async function trackDirectly(userId: string, action: string, attributes: Record<string, unknown> = {}) {
  const response = await fetch(`${SERVER_API}/users/${encodeURIComponent(userId)}/actions/${encodeURIComponent(action)}`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa(`${SIM_SECRET_KEY}:`)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(attributes),
  });
  if (!response.ok) throw new Error(`track answered ${response.status}`);
  return response.json() as Promise<{ token: string; idempotencyKey: string; state: string }>;
}

export interface SentMessage {
  code: string;
  userId: string;
  phoneNumber: string | null;
  actionCode: string | null;
  challengeId: string;
}

/**
 * The newest WhatsApp message the simulator sent to this user (or the one of that
 * challenge). A token-url flow never shows the page its token, so the message is found by
 * user (unique per test), not by token.
 */
export async function messageFor(userId: string, challengeId?: string): Promise<SentMessage> {
  let found: SentMessage | undefined;
  await waitUntil(
    async () => {
      const inbox = await fetch(`/sim/inbox?userId=${encodeURIComponent(userId)}`);
      const { messages } = (await inbox.json()) as { messages: SentMessage[] };
      found = messages.find((m) => !challengeId || m.challengeId == challengeId);
      return !!found;
    },
    `no message for ${userId}`,
    { timeout: 5000 },
  );
  return found!;
}

/** Ends a verified token's life now (the simulator's /sim/expire). */
export async function expireNow(accessToken: string): Promise<void> {
  const response = await fetch('/sim/expire', { method: 'POST', body: JSON.stringify({ token: accessToken }) });
  if (response.status != 204) throw new Error(`/sim/expire answered ${response.status}`);
}
