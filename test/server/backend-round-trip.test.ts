/**
 * The whole round trip of issue 11, as a site runs it: the backend tracks the action for
 * the signed-in user (token-url), the element sends the WhatsApp code, the person types it
 * from the inbox, the element verifies it, and the backend validates the result with
 * @authsignal/node before it lets the person through. Then the attacks a backend must
 * refuse, each with a token a real attacker could hold. All of it real HTTP: the demo's
 * backend (demo/backend/) and the simulator, both served by the test server.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { SIM_API } from '../helpers/sim.js';
import { type Challenge, eventsArrive, part, recordEvents, typeCode } from '../helpers/element.js';
import {
  BACKEND_ACTION,
  backendToken,
  expireNow,
  messageFor,
  signIn,
  signOut,
  trackDirectly,
  uniqueUser,
  validateOnBackend,
} from './backend.js';

/** The element as the demo page uses it: tokens from the backend's token route. */
const mountWithTokenUrl = async () => {
  const el = await fixture<Challenge>(
    html`<authsignal-whatsapp-challenge base-url=${SIM_API} token-url="/api/authsignal/token"></authsignal-whatsapp-challenge>`,
  );
  return { el, events: recordEvents(el) };
};

/** The element with a token handed to it by the page (another part of the site, or an attacker). */
const mountWithToken = async (token: string) => {
  const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>`);
  return { el, events: recordEvents(el) };
};

/** Click, read the code the user was sent, type it: the element's challenge-verified detail. */
async function verifyAsThePerson(mounted: { el: Challenge; events: ReturnType<typeof recordEvents> }, userId: string) {
  part(mounted.el, 'button')!.click();
  await eventsArrive(mounted.events, 1);
  expect(mounted.events[0]!.type, JSON.stringify(mounted.events[0]!.detail)).to.equal('challenge-started');
  const message = await messageFor(userId, mounted.events[0]!.detail.challengeId);
  await mounted.el.updateComplete;
  typeCode(mounted.el, message.code);
  await eventsArrive(mounted.events, 2);
  expect(mounted.events[1]!.type, JSON.stringify(mounted.events[1]!.detail)).to.equal('challenge-verified');
  return { token: mounted.events[1]!.detail.token as string, message };
}

describe('backend round trip: token-url -> element -> code from the inbox -> verify -> backend validate', () => {
  it('succeeds, and the backend reports the user, the action and the state', async () => {
    const user = await signIn(uniqueUser('round-trip'), '+15550104242');
    const { token, message } = await verifyAsThePerson(await mountWithTokenUrl(), user.id);
    expect(message.phoneNumber, 'the code went to the signed-in user\'s number').to.equal('+15550104242');
    expect(message.actionCode).to.equal(BACKEND_ACTION);

    const verdict = await validateOnBackend(token);
    expect(verdict.status).to.equal(200);
    expect(verdict.body.ok).to.equal(true);
    expect(verdict.body.userId).to.equal(user.id);
    expect(verdict.body.action).to.equal(BACKEND_ACTION);
    expect(verdict.body.state).to.equal('CHALLENGE_SUCCEEDED');
  });

  it('succeeds with the token posted as the form field authsignal_token', async () => {
    const user = await signIn(uniqueUser('form-post'));
    const { token } = await verifyAsThePerson(await mountWithTokenUrl(), user.id);
    const verdict = await validateOnBackend(token, 'form');
    expect(verdict.status).to.equal(200);
    expect(verdict.body).to.include({ ok: true, userId: user.id, action: BACKEND_ACTION });
  });

  it('the token route needs a signed-in user, and so does validate', async () => {
    await signOut();
    expect((await fetch('/api/authsignal/token', { method: 'POST' })).status).to.equal(401);
    expect(await validateOnBackend('anything')).to.deep.equal({ status: 401, body: { ok: false, reason: 'not_signed_in' } });
    // A cookie the server did not sign is nobody, whatever user it names.
    document.cookie = `demo_session=${btoa(JSON.stringify({ id: 'admin' })).replace(/=+$/, '')}.forged-signature; path=/`;
    expect((await fetch('/api/authsignal/token', { method: 'POST' })).status).to.equal(401);
    expect((await validateOnBackend('anything')).status).to.equal(401);
    document.cookie = 'demo_session=; path=/; max-age=0';
  });
});

describe('backend validate refuses the attacks', () => {
  it('a token from challenge-started: the challenge was started, never verified', async () => {
    const user = await signIn(uniqueUser('not-verified'));
    // What a page (or a person in the console) holds before any code was typed: the token.
    const token = await backendToken();
    const mounted = await mountWithToken(token);
    part(mounted.el, 'button')!.click();
    await eventsArrive(mounted.events, 1);
    expect(mounted.events[0]!.type).to.equal('challenge-started');
    await messageFor(user.id);

    const verdict = await validateOnBackend(token);
    expect(verdict.status).to.equal(403);
    expect(verdict.body.ok).to.equal(false);
    expect(verdict.body.reason).to.equal('not_verified');
    expect(verdict.body.state).to.equal('CHALLENGE_REQUIRED');
  });

  it('a forged token (signed by someone else, claiming to be verified)', async () => {
    const user = await signIn(uniqueUser('forged'));
    const payload = btoa(JSON.stringify({ sub: user.id, verified: true, tid: 'x', jti: 'y', exp: 4102444800 }));
    const forged = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload.replace(/=+$/, '')}.c2lnbmVkLWJ5LW1l`;
    const verdict = await validateOnBackend(forged);
    expect(verdict.status).to.equal(403);
    expect(verdict.body).to.deep.equal({ ok: false, reason: 'token_invalid' });
  });

  it('a token verified by another user, posted in this user\'s session', async () => {
    const victim = await signIn(uniqueUser('victim'));
    // The attacker passes the challenge on their own account and keeps the token...
    const attacker = await signIn(uniqueUser('attacker'));
    const { token } = await verifyAsThePerson(await mountWithTokenUrl(), attacker.id);
    // ...then posts it in the victim's session (here: the victim's cookie).
    await signIn(victim.id);
    const verdict = await validateOnBackend(token);
    expect(verdict.status).to.equal(403);
    expect(verdict.body.ok).to.equal(false);
    expect(verdict.body.reason).to.be.oneOf(['not_verified', 'wrong_user']);
  });

  it('a token verified for another action of the same user', async () => {
    const user = await signIn(uniqueUser('other-action'));
    // Another part of the site tracks a lesser action for the same person...
    const tracked = await trackDirectly(user.id, 'viewStatement', { phoneNumber: user.phoneNumber });
    const mounted = await mountWithToken(tracked.token);
    const { token } = await verifyAsThePerson(mounted, user.id);
    // ...and its verified token is posted to the route that guards signIn.
    const verdict = await validateOnBackend(token);
    expect(verdict.status).to.equal(403);
    expect(verdict.body.ok).to.equal(false);
    expect(verdict.body.reason).to.be.oneOf(['not_verified', 'wrong_action']);
  });

  it('a replayed token: accepted once, refused the second time', async () => {
    const user = await signIn(uniqueUser('replay'));
    const { token } = await verifyAsThePerson(await mountWithTokenUrl(), user.id);
    expect((await validateOnBackend(token)).body.ok).to.equal(true);
    const again = await validateOnBackend(token);
    expect(again.status).to.equal(403);
    expect(again.body).to.deep.equal({ ok: false, reason: 'token_already_used' });
    // Posted as a form field instead of JSON it is still the same token.
    expect((await validateOnBackend(token, 'form')).body.ok).to.equal(false);
  });

  it('two posts of one token at the same moment: exactly one is accepted', async () => {
    const user = await signIn(uniqueUser('race'));
    const { token } = await verifyAsThePerson(await mountWithTokenUrl(), user.id);
    const verdicts = await Promise.all([validateOnBackend(token), validateOnBackend(token), validateOnBackend(token)]);
    expect(verdicts.filter((v) => v.body.ok).length).to.equal(1);
  });

  it('an expired token', async () => {
    const user = await signIn(uniqueUser('expired'));
    const { token } = await verifyAsThePerson(await mountWithTokenUrl(), user.id);
    await expireNow(token);
    const verdict = await validateOnBackend(token);
    expect(verdict.status).to.equal(403);
    expect(verdict.body.ok).to.equal(false);
    expect(verdict.body.reason).to.equal('not_verified');
  });

  it('a verified token of an action this backend did not track (same user, same action code)', async () => {
    const user = await signIn(uniqueUser('untracked'));
    // Tracked behind the backend's back (a leaked key, another service): Authsignal calls
    // it valid, but this site never asked for it.
    const tracked = await trackDirectly(user.id, BACKEND_ACTION);
    const { token } = await verifyAsThePerson(await mountWithToken(tracked.token), user.id);
    const verdict = await validateOnBackend(token);
    expect(verdict.status).to.equal(403);
    expect(verdict.body).to.deep.equal({ ok: false, reason: 'not_tracked_here' });
  });
});
