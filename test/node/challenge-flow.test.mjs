// The flow's transition function (src/challenge-flow.ts), state by state, in Node: no DOM,
// no timers, no fetch. Each row is one rule of ../shared/DESIGN.md §3: from a state, an
// event gives a next state and the effects the runner must carry out, in order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transition } from '../../dist/challenge-flow.js';

const T0 = 1_000_000; // a monotonic time, ms
const HOST = {
  token: 'tok-1',
  region: 'eu',
  baseUrl: undefined,
  tokenUrl: undefined,
  connected: true,
  renewable: false,
  stale: false,
  timeout: 15_000,
  cooldown: 30,
  codeLength: 6,
};
const host = (changes = {}) => ({ ...HOST, ...changes });
const settingsOf = ({ token, region, baseUrl, tokenUrl }) => ({ token, region, baseUrl, tokenUrl });

const flow = (changes = {}) => ({
  began: settingsOf(HOST),
  token: HOST.token,
  abort: new AbortController(),
  cooldown: 30,
  ...changes,
});
const withChallenge = (changes = {}) => flow({ challengeId: 'ch-1', ...changes });
const cooldown = (seconds = 30, at = T0) => ({ until: at + seconds * 1000, seconds, limit: false });
const rateLimit = (seconds = 30, at = T0) => ({ until: at + seconds * 1000, seconds, limit: true });

const idle = (changes = {}) => ({ name: 'idle', ...changes });
const codeSent = (changes = {}) => ({ name: 'code-sent', flow: withChallenge(), wait: cooldown(), ...changes });
const sending = (changes = {}) => ({ name: 'sending', flow: flow(), deadline: T0 + 15_000, timeout: 15_000, back: idle(), ...changes });
const verifying = (changes = {}) => ({ name: 'verifying', flow: withChallenge(), wait: cooldown(), ...changes });
const verified = (changes = {}) => ({ name: 'verified', flow: withChallenge(), token: 'access-1', ...changes });

/**
 * Effects as short strings, to read a row at a glance: "send start", "abort", and for an
 * outcome whose calls it settles (the request's, or the call's own) and whether it is
 * reported by an event: "settle start started" then "emit challenge-started".
 */
const EVENTS = { started: 'challenge-started', verified: 'challenge-verified' };
const brief = (effects) =>
  effects.flatMap((e) => {
    if (e.type == 'send') return [`send ${e.stage}`];
    if (e.type != 'outcome') return [e.type];
    const what = 'error' in e.outcome ? e.outcome.error : 'token' in e.outcome ? 'verified' : 'started';
    const settled = `settle ${e.request ?? 'call'} ${what}`;
    return e.quiet ? [settled] : [settled, `emit ${EVENTS[what] ?? 'challenge-error'}`];
  });

const step = (state, event) => {
  const [next, effects] = transition(state, event);
  return { next, effects, brief: brief(effects) };
};

const start = (changes = {}, now = T0) => ({ type: 'start', host: host(changes), now });
const verify = (code = '123456', changes = {}, now = T0) => ({ type: 'verify', code, host: host(changes), now });
const answer = (state, result, now = T0 + 500) => ({ type: 'answer', flow: state.flow, result, now });

describe('the flow, state by state (DESIGN.md §3)', () => {
  describe('idle', () => {
    it('start with a usable token: sending, and the start request goes out with it', () => {
      const { next, brief: b } = step(idle(), start());
      assert.equal(next.name, 'sending');
      assert.equal(next.flow.token, 'tok-1');
      assert.deepEqual(b, ['send start']);
    });

    it('start on a detached element: nothing is sent, the call settles aborted', () => {
      const { next, brief: b } = step(idle(), start({ connected: false }));
      assert.equal(next.name, 'idle');
      assert.deepEqual(b, ['settle call aborted']);
    });

    it('start with no token (or one expired by the device clock) and a provider or token-url: a fresh token is asked for first', () => {
      for (const changes of [{ token: '', stale: true, renewable: true }, { stale: true, renewable: true }]) {
        const { next, brief: b } = step(idle(), start(changes));
        assert.equal(next.name, 'sending');
        assert.equal(next.flow.token, undefined);
        assert.deepEqual(b, ['get-token']);
      }
    });

    it('start with a token that looks expired and nothing to renew it from: it is sent, the server judges', () => {
      assert.deepEqual(step(idle(), start({ stale: true })).brief, ['send start']);
    });

    it('start with a token a 401 killed: renewed when it can be, else refused at once with expired_token', () => {
      assert.deepEqual(step(idle({ dead: 'tok-1' }), start({ renewable: true })).brief, ['get-token']);
      const { next, effects, brief: b } = step(idle({ dead: 'tok-1' }), start());
      assert.equal(next.name, 'idle');
      assert.deepEqual(b, ['settle call expired_token', 'emit challenge-error']);
      assert.deepEqual(effects[0].outcome, { stage: 'start', error: 'expired_token' });
      assert.equal(next.dead, 'tok-1');
    });

    it('start during a rate limit: refused with the seconds left; once it has run out, sent', () => {
      const limited = idle({ wait: rateLimit(30) });
      const { next, effects } = step(limited, start({}, T0 + 12_500));
      assert.deepEqual(effects[0].outcome, { stage: 'start', error: 'too_many_requests', retryAfter: 18 });
      assert.equal(next.error.error, 'too_many_requests');
      assert.deepEqual(step(limited, start({}, T0 + 30_000)).brief, ['send start']);
    });

    it('verify: no challenge is waiting, nothing is sent', () => {
      const { effects } = step(idle(), verify());
      assert.deepEqual(effects[0].outcome, { stage: 'verify', error: 'invalid_request', errorDescription: 'No challenge is waiting for a code.' });
    });

    it('reset keeps a rate limit (the server still holds it) and drops the message', () => {
      const { next } = step(idle({ wait: rateLimit(), error: { stage: 'start', error: 'too_many_requests' } }), { type: 'reset' });
      assert.deepEqual(next, { name: 'idle', dead: undefined, wait: rateLimit() });
    });

    it('a tick before the end changes nothing; at the end the wait is over, "you can ask now", and the rate-limit message goes', () => {
      const limited = idle({ wait: rateLimit(), error: { stage: 'start', error: 'too_many_requests' } });
      assert.equal(step(limited, { type: 'tick', now: T0 + 29_999 }).next, limited);
      const { next } = step(limited, { type: 'tick', now: T0 + 30_000 });
      assert.equal(next.wait, undefined);
      assert.equal(next.ready, true);
      assert.equal(next.error, undefined);
    });
  });

  describe('sending', () => {
    it('200: code-sent with its challenge and the resend cooldown; the calls settle, then the event', () => {
      const state = sending();
      const { next, effects, brief: b } = step(state, answer(state, { challengeId: 'ch-9' }));
      assert.equal(next.name, 'code-sent');
      assert.equal(next.flow.challengeId, 'ch-9');
      assert.deepEqual(next.wait, cooldown(30, T0 + 500));
      assert.deepEqual(b, ['settle start started', 'emit challenge-started']);
      assert.deepEqual(effects[0].outcome, { challengeId: 'ch-9' });
    });

    it('an error: back where it was, with the message; the calls settle, then the event', () => {
      const state = sending({ back: codeSent() });
      const { next, brief: b } = step(state, answer(state, { error: 'server_error', status: 503 }));
      assert.equal(next.name, 'code-sent');
      assert.deepEqual(next.error, { stage: 'start', error: 'server_error', status: 503 });
      assert.deepEqual(b, ['settle start server_error', 'emit challenge-error']);
    });

    it('a 401: the token it sent is dead', () => {
      const state = sending();
      assert.equal(step(state, answer(state, { error: 'expired_token', status: 401 })).next.dead, 'tok-1');
    });

    it('a 429: a rate limit of retryAfter seconds, 30 when the answer did not say; Retry-After 0 limits nothing', () => {
      const state = sending();
      assert.deepEqual(step(state, answer(state, { error: 'too_many_requests', status: 429, retryAfter: 120 })).next.wait, rateLimit(120, T0 + 500));
      assert.deepEqual(step(state, answer(state, { error: 'too_many_requests', status: 429 })).next.wait, rateLimit(30, T0 + 500));
      assert.equal(step(state, answer(state, { error: 'too_many_requests', status: 429, retryAfter: 0 })).next.wait, undefined);
    });

    it('an answer for a flow that was ended is ignored', () => {
      const state = sending();
      const { next, effects } = step(state, { type: 'answer', flow: flow(), result: { challengeId: 'old' }, now: T0 });
      assert.equal(next, state);
      assert.deepEqual(effects, []);
    });

    it('the fresh token arrives: the start goes out with it and the time left', () => {
      const state = sending({ flow: flow({ token: undefined, began: settingsOf(host({ token: '' })) }) });
      const { next, effects } = step(state, { type: 'token', flow: state.flow, result: { token: 'fresh' }, hostToken: '', now: T0 + 3_000 });
      assert.equal(next.flow.token, 'fresh');
      assert.equal(next.flow.abort, state.flow.abort, 'the same flow');
      assert.deepEqual(brief(effects), ['send start']);
      assert.equal(effects[0].timeout, 12_000);
    });

    it('a provider that stored the token it hands over (el.token = t) goes on; a token the page set meanwhile ends the flow', () => {
      const state = sending({ flow: flow({ token: undefined, began: settingsOf(host({ token: '' })) }) });
      assert.deepEqual(brief(step(state, { type: 'token', flow: state.flow, result: { token: 'fresh' }, hostToken: 'fresh', now: T0 }).effects), ['send start']);
      const { next, brief: b } = step(state, { type: 'token', flow: state.flow, result: { token: 'fresh' }, hostToken: 'other', now: T0 });
      assert.equal(next.name, 'idle');
      assert.deepEqual(b, ['abort', 'settle start aborted']);
    });

    it('a token wait that used more than three quarters of timeout: timeout, nothing sent', () => {
      const state = sending({ flow: flow({ token: undefined }) });
      const { effects } = step(state, { type: 'token', flow: state.flow, result: { token: 'fresh' }, hostToken: HOST.token, now: T0 + 11_300 });
      assert.deepEqual(brief(effects), ['settle start timeout', 'emit challenge-error']);
    });

    it('no token to be had: the failure, nothing sent', () => {
      const state = sending({ flow: flow({ token: undefined }) });
      const { brief: b } = step(state, { type: 'token', flow: state.flow, result: { error: 'token_unavailable' }, hostToken: '', now: T0 });
      assert.deepEqual(b, ['settle start token_unavailable', 'emit challenge-error']);
    });

    it('start again: it joins the one in flight, unless the page set a token of its own during a token wait', () => {
      const state = sending();
      assert.deepEqual(step(state, start()).brief, []);
      const waiting = sending({ flow: flow({ token: undefined, began: settingsOf(host({ token: '' })) }) });
      assert.deepEqual(step(waiting, start({ token: '' })).brief, []);
      const { next, brief: b } = step(waiting, start({ token: 'page-token' }));
      assert.equal(next.flow.token, 'page-token');
      assert.deepEqual(b, ['abort', 'settle start aborted', 'send start']);
    });

    it('new settings: a changed region or base-url ends it; a token change during the token wait does not (yet)', () => {
      const state = sending();
      assert.deepEqual(step(state, { type: 'settings', settings: { ...settingsOf(HOST), region: 'au' } }).brief, ['abort', 'settle start aborted']);
      const waiting = sending({ flow: flow({ token: undefined }) });
      assert.deepEqual(step(waiting, { type: 'settings', settings: { ...settingsOf(HOST), token: 'stored' } }).brief, []);
    });

    it('reset: idle, the request aborted, its calls settle aborted, no event', () => {
      assert.deepEqual(step(sending(), { type: 'reset' }).brief, ['abort', 'settle start aborted']);
    });

    it('a lasting removal: back where it was, aborted, no event', () => {
      const { next, brief: b } = step(sending({ back: codeSent() }), { type: 'gone' });
      assert.equal(next.name, 'code-sent');
      assert.deepEqual(b, ['abort', 'settle start aborted']);
    });
  });

  describe('code-sent', () => {
    it('verify a whole code: verifying, the code goes out', () => {
      const { next, effects } = step(codeSent(), verify('123456'));
      assert.equal(next.name, 'verifying');
      assert.deepEqual(brief(effects), ['send verify']);
      assert.equal(effects[0].code, '123456');
    });

    it('verify refusals, nothing sent: a wrong length, locked, a dead token, a rate limit', () => {
      const outcome = (state, event) => step(state, event).effects[0].outcome;
      assert.deepEqual(outcome(codeSent(), verify('123')), { stage: 'verify', error: 'invalid_code' });
      assert.deepEqual(outcome(codeSent({ locked: true }), verify()), { stage: 'verify', error: 'verification_failed', failureReason: 'MAX_ATTEMPTS_EXCEEDED' });
      assert.deepEqual(outcome(codeSent({ dead: 'tok-1' }), verify()), { stage: 'verify', error: 'expired_token' });
      assert.deepEqual(outcome(codeSent({ wait: rateLimit(30) }), verify('123456', {}, T0 + 1_000)), { stage: 'verify', error: 'too_many_requests', retryAfter: 29 });
    });

    it('a resend during the cooldown is refused with the seconds left; after it, the resend goes out and the code step stays behind it', () => {
      assert.deepEqual(step(codeSent(), start({}, T0 + 10_000)).effects[0].outcome, { stage: 'start', error: 'too_many_requests', retryAfter: 20 });
      const { next, brief: b } = step(codeSent(), start({}, T0 + 30_000));
      assert.equal(next.name, 'sending');
      assert.equal(next.back.name, 'code-sent');
      assert.deepEqual(b, ['send start']);
    });

    it('typing clears a wrong-code message, but not a lock, a rate limit or a dead token', () => {
      const wrong = { stage: 'verify', error: 'verification_failed', failureReason: 'CODE_INVALID_OR_EXPIRED' };
      assert.equal(step(codeSent({ error: wrong }), { type: 'typed' }).next.error, undefined);
      for (const changes of [{ locked: true }, { wait: rateLimit() }, { dead: 'tok-1' }]) {
        assert.deepEqual(step(codeSent({ error: wrong, ...changes }), { type: 'typed' }).next.error, wrong);
      }
    });

    it('the page sets token to the one the flow uses (now or a task later): nothing changes; to another: idle', () => {
      const state = codeSent({ flow: withChallenge({ began: settingsOf(host({ token: '' })), token: 'fresh' }) });
      assert.equal(step(state, { type: 'settings', settings: { ...settingsOf(HOST), token: 'fresh' } }).next, state);
      assert.equal(step(state, { type: 'settings', settings: { ...settingsOf(HOST), token: '' } }).next, state);
      assert.equal(step(state, { type: 'settings', settings: { ...settingsOf(HOST), token: 'another' } }).next.name, 'idle');
    });

    it('the cooldown ends on a tick: "you can ask for a new code now"', () => {
      const { next } = step(codeSent(), { type: 'tick', now: T0 + 30_000 });
      assert.equal(next.ready, true);
      assert.equal(next.wait, undefined);
    });
  });

  describe('verifying', () => {
    it('verified: the token, the calls settle, then challenge-verified', () => {
      const state = verifying();
      const { next, effects, brief: b } = step(state, answer(state, { isVerified: true, accessToken: 'access-9' }));
      assert.equal(next.name, 'verified');
      assert.equal(next.token, 'access-9');
      assert.deepEqual(b, ['settle verify verified', 'emit challenge-verified']);
      assert.deepEqual(effects[0].outcome, { challengeId: 'ch-1', token: 'access-9' });
    });

    it('a wrong code: back to the code step with the message, the cooldown still running', () => {
      const state = verifying();
      const { next, brief: b } = step(state, answer(state, { isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' }));
      assert.equal(next.name, 'code-sent');
      assert.deepEqual(next.wait, cooldown());
      assert.equal(next.locked, false);
      assert.deepEqual(b, ['settle verify verification_failed', 'emit challenge-error']);
    });

    it('too many wrong codes: locked, and the resend cooldown ends at once (a rate limit does not)', () => {
      const state = verifying();
      const locked = step(state, answer(state, { isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' })).next;
      assert.equal(locked.locked, true);
      assert.equal(locked.wait, undefined);
      const limited = verifying({ wait: rateLimit() });
      assert.deepEqual(step(limited, answer(limited, { isVerified: false, failureReason: 'MAX_ATTEMPTS_EXCEEDED' })).next.wait, rateLimit());
    });

    it('a 401 ends the code step: the flow\'s token is dead', () => {
      const state = verifying();
      const { next } = step(state, answer(state, { error: 'expired_token', status: 401 }));
      assert.equal(next.name, 'code-sent');
      assert.equal(next.dead, 'tok-1');
      assert.equal(next.error.error, 'expired_token');
    });

    it('verify again joins the one in flight', () => {
      assert.deepEqual(step(verifying(), verify('654321')).brief, []);
    });

    it('a lasting removal: the code step, a new controller for the verifies to come, no event', () => {
      const state = verifying();
      const { next, brief: b } = step(state, { type: 'gone' });
      assert.equal(next.name, 'code-sent');
      assert.notEqual(next.flow.abort, state.flow.abort);
      assert.equal(next.flow.abort.signal.aborted, false);
      assert.deepEqual(b, ['abort', 'settle verify aborted']);
    });
  });

  describe('verified', () => {
    it('verify() settles with the verified detail, and shows and emits nothing', () => {
      const state = verified();
      const { next, effects } = step(state, verify());
      assert.equal(next, state);
      assert.deepEqual(brief(effects), ['settle call verified']);
      assert.deepEqual(effects[0].outcome, { challengeId: 'ch-1', token: 'access-1' });
    });

    it('start begins a new flow: if it fails, the state is idle, not verified', () => {
      const { next } = step(verified(), start());
      assert.equal(next.name, 'sending');
      assert.equal(next.back.name, 'idle');
    });

    it('a new token ends it (the form value goes with it); reset too', () => {
      assert.equal(step(verified(), { type: 'settings', settings: { ...settingsOf(HOST), token: 'other' } }).next.name, 'idle');
      assert.equal(step(verified(), { type: 'reset' }).next.name, 'idle');
    });
  });
});
