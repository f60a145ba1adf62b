/**
 * Every answer of the Client API, as the simulator sends it over real HTTP, and the result
 * client.ts makes of it. (client.test.ts checks the same mappings with a stubbed fetch.)
 */
import { expect } from '@open-wc/testing';
import { startWhatsappChallenge, verifyWhatsappChallenge } from '../src/client.js';
import { CROSS_ORIGIN_SIM_API, SIM_API, inbox, newToken, scriptFaults, type Fault } from './helpers/sim.js';

const withFault = async (fault: Fault, timeout?: number) => {
  const token = await newToken();
  await scriptFaults(token, { route: 'challenge', ...fault });
  return startWhatsappChallenge({ token, baseUrl: SIM_API, timeout });
};

describe('client over real HTTP', () => {
  it('starts a challenge: 200 with the challengeId of the message sent', async () => {
    const token = await newToken();
    const result = await startWhatsappChallenge({ token, baseUrl: SIM_API });
    expect(result).to.deep.equal({ challengeId: (await inbox(token))[0]!.challengeId });
  });

  it('verifies the code that was sent, and refuses a wrong one', async () => {
    const token = await newToken();
    await startWhatsappChallenge({ token, baseUrl: SIM_API });
    const { code } = (await inbox(token))[0]!;
    const wrong = await verifyWhatsappChallenge({ token, baseUrl: SIM_API }, code == '000000' ? '111111' : '000000');
    expect(wrong).to.deep.equal({ isVerified: false, failureReason: 'CODE_INVALID_OR_EXPIRED' });
    const right = await verifyWhatsappChallenge({ token, baseUrl: SIM_API }, code);
    expect(right).to.have.property('isVerified', true);
    expect(right).to.have.property('accessToken').that.is.a('string');
  });

  it('maps the simulator refusing a token it did not sign to 401 invalid_token', async () => {
    const forged = (await newToken()).replace(/\.[^.]+$/, '.forged');
    const result = await startWhatsappChallenge({ token: forged, baseUrl: SIM_API });
    expect(result).to.deep.include({ error: 'invalid_token', errorCode: 'invalid_token', status: 401 });
  });

  const cases: [string, Fault, object][] = [
    ['200 without a challengeId', { body: {} }, { error: 'invalid_response', status: 200 }],
    ['400', { status: 400, body: { error: 'invalid_request', errorDescription: 'Nope.' } }, { error: 'invalid_request', errorDescription: 'Nope.', status: 400 }],
    [
      '401 with errorCode',
      { status: 401, body: { error: 'unauthorized', errorCode: 'expired_token', errorDescription: 'Expired.' } },
      { error: 'expired_token', errorCode: 'expired_token', errorDescription: 'Expired.', status: 401 },
    ],
    ['401 without errorCode', { status: 401, body: { error: 'unauthorized' } }, { error: 'unauthorized', status: 401 }],
    ['404', { status: 404, body: { error: 'not_found' } }, { error: 'not_found', status: 404 }],
    ['429 with Retry-After seconds', { status: 429, headers: { 'Retry-After': '17' }, body: { error: 'too_many_requests' } }, { error: 'too_many_requests', status: 429, retryAfter: 17 }],
    ['429 without Retry-After', { status: 429, body: { error: 'too_many_requests' } }, { error: 'too_many_requests', status: 429, retryAfter: 30 }],
    ['500', { status: 500, rawBody: 'Internal Server Error' }, { error: 'server_error', status: 500 }],
    ['503 with JSON', { status: 503, body: { error: 'unavailable' } }, { error: 'unavailable', status: 503 }],
    ['a body that is not JSON', { rawBody: '<html>hello</html>' }, { error: 'invalid_response', status: 200 }],
    ['an empty body', { rawBody: '' }, { error: 'invalid_response', status: 200 }],
    ['a connection dropped before the headers', { drop: 'before-headers' }, { error: 'network_error' }],
  ];
  for (const [name, fault, expected] of cases) {
    it(`maps ${name}`, async () => {
      expect(await withFault(fault)).to.deep.equal(expected);
    });
  }

  it('maps 429 with Retry-After as an HTTP date', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    const result = await withFault({ status: 429, headers: { 'Retry-After': date }, body: { error: 'too_many_requests' } });
    expect((result as { retryAfter?: number }).retryAfter).to.be.within(117, 121);
  });

  it('maps a connection dropped mid-body to invalid_response or network_error', async () => {
    const result = await withFault({ drop: 'mid-body', body: { challengeId: 'x'.repeat(64) } });
    expect(['invalid_response', 'network_error']).to.include(result.error);
  });

  it('maps a server slower than the timeout to timeout', async () => {
    expect(await withFault({ delayMs: 1500, body: { challengeId: 'late' } }, 200)).to.deep.equal({ error: 'timeout' });
  });

  it('maps a body slower than the timeout to timeout', async () => {
    expect(await withFault({ bodyDelayMs: 1500, body: { challengeId: 'late' } }, 300)).to.deep.include({ error: 'timeout' });
  });

  it('maps an abort to aborted', async () => {
    const token = await newToken();
    await scriptFaults(token, { route: 'challenge', delayMs: 1000, body: { challengeId: 'late' } });
    const controller = new AbortController();
    const pending = startWhatsappChallenge({ token, baseUrl: SIM_API, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).to.deep.equal({ error: 'aborted' });
  });

  describe('from another origin (real CORS)', () => {
    it('passes the preflight and starts a challenge', async () => {
      const token = await newToken();
      expect(location.origin).to.not.equal(new URL(CROSS_ORIGIN_SIM_API).origin);
      const result = await startWhatsappChallenge({ token, baseUrl: CROSS_ORIGIN_SIM_API });
      expect(result).to.deep.equal({ challengeId: (await inbox(token))[0]!.challengeId });
    });

    it('reads Retry-After, which the server exposes to CORS', async () => {
      const token = await newToken();
      await scriptFaults(token, { route: 'challenge', status: 429, headers: { 'Retry-After': '9' }, body: { error: 'too_many_requests' } });
      const result = await startWhatsappChallenge({ token, baseUrl: CROSS_ORIGIN_SIM_API });
      expect(result).to.deep.equal({ error: 'too_many_requests', status: 429, retryAfter: 9 });
    });

    it('maps a CORS refusal to network_error', async () => {
      const token = await newToken();
      await scriptFaults(token, { route: 'challenge', cors: false, body: { challengeId: 'x' } });
      expect(await startWhatsappChallenge({ token, baseUrl: CROSS_ORIGIN_SIM_API })).to.deep.equal({ error: 'network_error' });
    });
  });

  it('maps a server that does not exist to network_error', async () => {
    const token = await newToken();
    expect(await startWhatsappChallenge({ token, baseUrl: 'http://127.0.0.1:9/v1/client' })).to.deep.equal({ error: 'network_error' });
  });
});
