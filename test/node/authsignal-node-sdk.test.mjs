// Authsignal's own Server SDK, @authsignal/node 2.x, against the simulator over real HTTP:
// track, validateChallenge and getAction, each value it returns checked field by field.
// If the simulator answered something the SDK does not read the way Authsignal's service
// answers, this is where it shows. The Client API steps in between (start, the code from
// the inbox, verify) are plain fetch calls, as the element makes them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Authsignal, AuthsignalError } from '@authsignal/node';
import { startSimulatorServer } from '../../sim/node-server.mjs';

const SECRET_KEY = 'node-sdk-test-key';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('@authsignal/node against the simulator', () => {
  /** @type {Awaited<ReturnType<typeof startSimulatorServer>>} */
  let server;
  /** @type {Authsignal} */
  let authsignal;

  before(async () => {
    server = await startSimulatorServer({ simulatorOptions: { secretKey: SECRET_KEY } });
    // retries: 0, so that a failure is the answer itself and not the last of three tries.
    authsignal = new Authsignal({ apiSecretKey: SECRET_KEY, apiUrl: `${server.url}/v1`, retries: 0 });
  });
  after(() => server.close());

  /** The element's part: start with the token, read the code, verify it. */
  async function verifyOnClient(/** @type {string} */ token) {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = await fetch(`${server.url}/v1/client/challenge/whatsapp`, { method: 'POST', headers });
    assert.equal(started.status, 200);
    const { challengeId } = await started.json();
    const [message] = server.simulator.inbox(token);
    assert.equal(message.challengeId, challengeId);
    const verified = await fetch(`${server.url}/v1/client/verify/whatsapp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ verificationCode: message.code }),
    });
    const body = await verified.json();
    assert.equal(body.isVerified, true);
    return { message, accessToken: /** @type {string} */ (body.accessToken) };
  }

  it('track() returns the token, state, idempotencyKey, url and isEnrolled', async () => {
    const result = await authsignal.track({
      userId: 'sdk-user-1',
      action: 'signIn',
      attributes: { phoneNumber: '+15550002222', locale: 'en', ipAddress: '203.0.113.9' },
    });
    assert.deepEqual(Object.keys(result).sort(), ['idempotencyKey', 'isEnrolled', 'state', 'token', 'url']);
    assert.equal(result.state, 'CHALLENGE_REQUIRED');
    assert.match(result.idempotencyKey, UUID);
    assert.equal(result.isEnrolled, true);
    assert.equal(typeof result.url, 'string');
    assert.equal(result.token.split('.').length, 3, 'a JWT');
    const claims = JSON.parse(Buffer.from(result.token.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, 'sdk-user-1');
    assert.equal(claims.exp - claims.iat, 600);
  });

  it('track() sends what the simulator reads: the phone number reaches the inbox, the key is kept', async () => {
    const { token, idempotencyKey } = await authsignal.track({
      userId: 'sdk-user-2',
      action: 'withdraw',
      attributes: { phoneNumber: '+447700900555', idempotencyKey: 'withdraw-42' },
    });
    assert.equal(idempotencyKey, 'withdraw-42');
    const { message } = await verifyOnClient(token);
    assert.equal(message.phoneNumber, '+447700900555');
    assert.equal(message.actionCode, 'withdraw');
    assert.equal(message.userId, 'sdk-user-2');
    const [request] = server.simulator.requests().filter((r) => r.path === '/v1/users/sdk-user-2/actions/withdraw');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`);
    assert.ok(request.headers['x-authsignal-version'], 'the SDK names its version');
    assert.deepEqual(JSON.parse(request.body), { phoneNumber: '+447700900555', idempotencyKey: 'withdraw-42' });
  });

  it('validateChallenge() after a verified code: isValid, CHALLENGE_SUCCEEDED, user, action, key, WHATSAPP', async () => {
    const tracked = await authsignal.track({ userId: 'sdk-user-3', action: 'signIn', attributes: { phoneNumber: '+61400000003' } });
    const { accessToken } = await verifyOnClient(tracked.token);
    const result = await authsignal.validateChallenge({ token: accessToken, userId: 'sdk-user-3', action: 'signIn' });
    assert.deepEqual(Object.keys(result).sort(), ['action', 'idempotencyKey', 'isValid', 'state', 'stateUpdatedAt', 'userId', 'verificationMethod']);
    assert.equal(result.isValid, true);
    assert.equal(result.state, 'CHALLENGE_SUCCEEDED');
    assert.match(/** @type {string} */ (result.stateUpdatedAt), ISO);
    assert.equal(result.userId, 'sdk-user-3');
    assert.equal(result.action, 'signIn');
    // On the wire it is actionCode, as Authsignal answers; the SDK renames it. (An answer
    // with `action` instead would look the same through the SDK, so check the wire too.)
    const wire = await fetch(`${server.url}/v1/validate`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: accessToken }),
    });
    const raw = await wire.json();
    assert.equal(raw.actionCode, 'signIn');
    assert.equal('action' in raw, false);
    assert.equal(result.idempotencyKey, tracked.idempotencyKey);
    assert.equal(result.verificationMethod, 'WHATSAPP');
  });

  it('validateChallenge() before verification, for another user, another action, or expired: isValid false', async () => {
    const tracked = await authsignal.track({ userId: 'sdk-user-4', action: 'signIn' });
    const before = await authsignal.validateChallenge({ token: tracked.token, userId: 'sdk-user-4', action: 'signIn' });
    assert.equal(before.isValid, false);
    assert.equal(before.state, 'CHALLENGE_REQUIRED');
    assert.equal(before.action, 'signIn');

    const { accessToken } = await verifyOnClient(tracked.token);
    const otherUser = await authsignal.validateChallenge({ token: accessToken, userId: 'sdk-someone-else', action: 'signIn' });
    assert.equal(otherUser.isValid, false);
    assert.equal(otherUser.userId, 'sdk-user-4');
    const otherAction = await authsignal.validateChallenge({ token: accessToken, userId: 'sdk-user-4', action: 'withdraw' });
    assert.equal(otherAction.isValid, false);
    assert.equal(otherAction.action, 'signIn');

    server.simulator.expireAccessToken(accessToken);
    const expired = await authsignal.validateChallenge({ token: accessToken, userId: 'sdk-user-4', action: 'signIn' });
    assert.equal(expired.isValid, false);
  });

  it('validateChallenge() of a token the simulator did not sign throws AuthsignalError 400 invalid_token', async () => {
    const forged = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', Buffer.from('{"sub":"x"}').toString('base64url'), 'c2ln'].join('.');
    await assert.rejects(authsignal.validateChallenge({ token: forged }), (error) => {
      assert.ok(error instanceof AuthsignalError);
      assert.equal(error.statusCode, 400);
      assert.equal(error.errorCode, 'invalid_token');
      assert.equal(typeof error.errorDescription, 'string');
      return true;
    });
  });

  it('getAction() returns the state, stateUpdatedAt, createdAt, and the method once verified', async () => {
    const tracked = await authsignal.track({ userId: 'sdk-user-5', action: 'signIn', attributes: { idempotencyKey: 'sdk-5' } });
    const pending = await authsignal.getAction({ userId: 'sdk-user-5', action: 'signIn', idempotencyKey: 'sdk-5' });
    assert.deepEqual(Object.keys(pending).sort(), ['createdAt', 'state', 'stateUpdatedAt']);
    assert.equal(pending.state, 'CHALLENGE_REQUIRED');
    assert.match(pending.createdAt, ISO);
    assert.equal(pending.stateUpdatedAt, pending.createdAt);

    await verifyOnClient(tracked.token);
    const done = await authsignal.getAction({ userId: 'sdk-user-5', action: 'signIn', idempotencyKey: 'sdk-5' });
    assert.equal(done.state, 'CHALLENGE_SUCCEEDED');
    assert.equal(done.verificationMethod, 'WHATSAPP');
    assert.equal(done.createdAt, pending.createdAt);
    assert.ok(Date.parse(done.stateUpdatedAt) >= Date.parse(pending.createdAt));
  });

  it('getAction() of an action it does not know throws AuthsignalError 404', async () => {
    await assert.rejects(authsignal.getAction({ userId: 'nobody', action: 'signIn', idempotencyKey: 'none' }), (error) => {
      assert.ok(error instanceof AuthsignalError);
      assert.equal(error.statusCode, 404);
      assert.equal(error.errorCode, 'not_found');
      return true;
    });
  });

  it('a wrong secret key throws AuthsignalError 401 unauthorized, and nothing is tracked', async () => {
    const intruder = new Authsignal({ apiSecretKey: 'wrong-key', apiUrl: `${server.url}/v1`, retries: 0 });
    await assert.rejects(intruder.track({ userId: 'sdk-user-6', action: 'signIn', attributes: { idempotencyKey: 'sdk-6' } }), (error) => {
      assert.ok(error instanceof AuthsignalError);
      assert.equal(error.statusCode, 401);
      assert.equal(error.errorCode, 'unauthorized');
      return true;
    });
    await assert.rejects(authsignal.getAction({ userId: 'sdk-user-6', action: 'signIn', idempotencyKey: 'sdk-6' }), { statusCode: 404 });
  });
});
