/**
 * Authsignal's own browser SDK, @authsignal/browser, against the simulator: setToken,
 * whatsapp.challenge() and whatsapp.verify({ code }) give the SDK's success shapes with a
 * token the backend tracked. Then the SDK and the element on one token: the SDK verifies a
 * challenge the element started, which shows both speak the same Client API. Each verified
 * token is validated by the demo backend (@authsignal/node), closing the loop.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { Authsignal } from '@authsignal/browser';
import { SIM_API, newToken, requestsWith } from '../helpers/sim.js';
import { type Challenge, eventsArrive, part, recordEvents } from '../helpers/element.js';
import { BACKEND_ACTION, backendToken, messageFor, signIn, uniqueUser, validateOnBackend } from './backend.js';

/** The SDK pointed at the simulator: its baseUrl is the API root, it appends /client/... itself. */
const sdk = () => new Authsignal({ tenantId: 'simulator-tenant', baseUrl: `${location.origin}/v1` });

/** A code of the same length that is certainly not `code`. */
const wrongCode = (code: string) => code.replace(/./g, (d) => String((Number(d) + 1) % 10));

describe('@authsignal/browser against the simulator', () => {
  it('whatsapp.challenge() answers { data: { challengeId } } and the code goes to the tracked number', async () => {
    const user = await signIn(uniqueUser('sdk-challenge'), '+5511988887777');
    const authsignal = sdk();
    authsignal.setToken(await backendToken());
    const result = await authsignal.whatsapp.challenge();
    expect(Object.keys(result)).to.deep.equal(['data']);
    expect(Object.keys(result.data!)).to.deep.equal(['challengeId']);
    const message = await messageFor(user.id, result.data!.challengeId);
    expect(message.phoneNumber).to.equal('+5511988887777');
  });

  it('whatsapp.verify({ code }): a wrong code is { isVerified: false, failureReason }, the right one { isVerified: true, token }', async () => {
    const user = await signIn(uniqueUser('sdk-verify'));
    const authsignal = sdk();
    authsignal.setToken(await backendToken());
    const { data } = await authsignal.whatsapp.challenge();
    const { code } = await messageFor(user.id, data!.challengeId);

    const wrong = await authsignal.whatsapp.verify({ code: wrongCode(code) });
    expect(wrong).to.deep.equal({ data: { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' } });

    const right = await authsignal.whatsapp.verify({ code });
    expect(Object.keys(right)).to.deep.equal(['data']);
    expect(Object.keys(right.data!).sort()).to.deep.equal(['isVerified', 'token']);
    expect(right.data!.isVerified).to.equal(true);
    expect(right.data!.token).to.be.a('string').and.not.be.empty;

    // The SDK found `accessToken` in the answer (it renames it `token`) and now uses it as
    // its bearer: the next call carries it. An answer naming it otherwise would not be.
    await authsignal.whatsapp.challenge();
    const carried = (await requestsWith(right.data!.token!)).filter((r) => r.path.endsWith('/client/challenge/whatsapp'));
    expect(carried.map((r) => r.headers.authorization)).to.deep.equal([`Bearer ${right.data!.token}`]);

    // The SDK's token is what a site posts to its backend, and the backend accepts it.
    const verdict = await validateOnBackend(right.data!.token!);
    expect(verdict.body).to.include({ ok: true, userId: user.id, action: BACKEND_ACTION, state: 'CHALLENGE_SUCCEEDED' });
  });

  it('reads the simulator\'s errors in its own error shape', async () => {
    const authsignal = sdk();
    authsignal.setToken('not-a-token-the-simulator-issued');
    const refused = await authsignal.whatsapp.challenge();
    expect(refused.data).to.equal(undefined);
    expect(refused.errorCode).to.equal('invalid_token');
    expect(refused.error).to.be.a('string').and.not.be.empty;

    authsignal.setToken(await newToken({ expiresIn: -60 }));
    expect((await authsignal.whatsapp.challenge()).errorCode).to.equal('expired_token');
  });

  it('verifies a challenge the element started, on the same token', async () => {
    const user = await signIn(uniqueUser('sdk-and-element'));
    const token = await backendToken();
    const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge base-url=${SIM_API} .token=${token}></authsignal-whatsapp-challenge>`);
    const events = recordEvents(el);
    part(el, 'button')!.click();
    await eventsArrive(events, 1);
    expect(events[0]!.type).to.equal('challenge-started');
    const { code } = await messageFor(user.id, events[0]!.detail.challengeId);

    // The code the element asked for, checked by the official SDK with the same token.
    const authsignal = sdk();
    authsignal.setToken(token);
    const verified = await authsignal.whatsapp.verify({ code });
    expect(verified.data?.isVerified).to.equal(true);
    expect((await validateOnBackend(verified.data!.token!)).body).to.include({ ok: true, userId: user.id });
  });
});
