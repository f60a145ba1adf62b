/**
 * Property: whatever a server answers (any status, headers, body; slow, cut off, never),
 * the client resolves with the documented result, never throws or rejects, and sends the
 * token in the Authorization header only, without credentials, cache or redirects.
 * `fetch` is a fake that plays the generated answer (helpers/fake-server.ts); time is
 * sinon's fake clock, so a timeout costs nothing.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import sinon from 'sinon';
import { startWhatsappChallenge, verifyWhatsappChallenge } from '../../src/client.js';
import { FailureTrap, advance, checkAdvanceWorks, failure, fuzzParameters, macrotask, settle } from './helpers/fuzz.js';
import { FakeServer, answerFor, type FakeCall, type Route } from './helpers/fake-server.js';
import { assertResult, expectedResult } from './helpers/oracle.js';

const BASE = 'https://api.example.test/v1/client';
const TIMEOUT = 5000;

/** What the request must look like, whatever the answer will be. */
const assertRequest = (call: FakeCall, route: Route, token: string, code: string) => {
  const { init } = call;
  const path = route == 'start' ? '/challenge/whatsapp' : '/verify/whatsapp';
  if (call.url != BASE + path) throw failure(`URL ${call.url}`);
  const headers = new Headers(init.headers);
  const names = [...headers.keys()].sort();
  if (names.join() != 'authorization,content-type') throw failure(`headers ${names}`);
  if (headers.get('Authorization') != `Bearer ${token}`) throw failure('Authorization is not the bearer token');
  if (headers.get('Content-Type') != 'application/json') throw failure('Content-Type');
  const body = init.body ?? undefined;
  if (route == 'start' ? body !== undefined : body != JSON.stringify({ verificationCode: code })) throw failure(`body ${String(body)}`);
  if (String(body ?? '').includes(token) || call.url.includes(token)) throw failure('token outside the Authorization header');
  const want = { method: 'POST', credentials: 'omit', cache: 'no-store', redirect: 'error', referrerPolicy: 'no-referrer' };
  for (const [key, value] of Object.entries(want)) {
    if ((init as Record<string, unknown>)[key] != value) throw failure(`${key} is ${String((init as any)[key])}, not ${value}`);
  }
};

describe('security: client under any server answer (fuzz)', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.uninstall();
    clock = undefined;
    sinon.restore();
  });

  it('resolves with the documented result for every answer, and never throws', async function () {
    this.timeout(600_000);
    const { parameters, report } = await fuzzParameters('client: any server answer gives the documented result');
    const trap = new FailureTrap().install();
    const server = new FakeServer();
    sinon.stub(window, 'fetch').callsFake(server.fetch);
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    checkAdvanceWorks(clock);
    let cases = 0;
    const route = fc.constantFrom<Route>('start', 'verify');
    const scenario = route.chain((r) =>
      fc.record({
        route: fc.constant(r),
        answer: answerFor(r),
        token: fc.stringMatching(/^[A-Za-z0-9._~+/-]{8,60}$/),
        code: fc.stringMatching(/^\d{6}$/),
        // A slow body may finish in time, or not; the caller may abort at any point.
        bodyFinishes: fc.boolean(),
        abort: fc.constantFrom('never', 'never', 'never', 'before-answer', 'during-body'),
      }),
    );
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ route, answer, token, code, bodyFinishes, abort }) => {
          cases++;
          const before = server.calls.length;
          const controller = new AbortController();
          const options = { token: `t${token}`, baseUrl: BASE, timeout: TIMEOUT, signal: controller.signal };
          let settled: { value?: unknown; error?: unknown } | undefined;
          (route == 'start' ? startWhatsappChallenge(options) : verifyWhatsappChallenge(options, code)).then(
            (value) => (settled = { value }),
            (error) => (settled = { error }),
          );
          const call = server.calls[before];
          if (!call || server.calls.length != before + 1) throw failure(`${server.calls.length - before} requests, not 1`);
          assertRequest(call, route, options.token, code);

          if (abort == 'before-answer') controller.abort();
          call.respond(answer);
          await settle(() => `${call.phase}${settled ? 1 : 0}`);
          if (abort == 'during-body') controller.abort();
          if (call.phase == 'body' && bodyFinishes) call.finishBody();
          await settle(() => `${call.phase}${settled ? 1 : 0}`);
          const timedOut = !settled;
          if (!settled) {
            // Nothing final yet (interim-only answer, or a slow body): the timeout ends it.
            await advance(clock!, TIMEOUT);
            await settle(() => `${call.phase}${settled ? 1 : 0}`);
          }
          if (!settled) throw failure('the call never settled');
          if ('error' in settled) throw failure(`the call rejected: ${String(settled.error)}`);
          if (server.inFlight.length) throw failure('a request was left in flight');
          await macrotask(); // unhandledrejection is reported in a task of its own
          if (trap.failures.length) throw failure(trap.failures.join('\n'));

          const context = `${route} ${JSON.stringify({ ...answer, body: answer.body.kind == 'huge' ? { ...answer.body } : answer.body })}`;
          if (abort == 'before-answer' || (abort == 'during-body' && call.aborted)) {
            assertResult(settled.value, { kind: 'result', result: { error: 'aborted' } }, context);
          } else if (timedOut) {
            const status = answer.kind == 'response' && call.answer && call.phase != 'waiting' && !call.aborted ? answer.status : undefined;
            const got = settled.value as { error?: string; status?: number };
            if (got.error != 'timeout') throw failure(`${context}: expected timeout, got ${JSON.stringify(got)}`);
            if (answer.kind == 'interim-only' && got.status !== undefined) throw failure(`${context}: a 1xx surfaced as status ${got.status}`);
            if (status !== undefined && got.status != status) throw failure(`${context}: status ${got.status}`);
          } else {
            assertResult(settled.value, expectedResult(route, answer), context);
          }
        }),
        parameters,
      );
    } finally {
      trap.uninstall();
    }
    report(cases);
    expect(trap.failures).to.deep.equal([]);
  });
});
