/**
 * Issue 10's "Done when": the snippet pasted into a static page with the self-contained file
 * (dist/authsignal-whatsapp-challenge.min.js; `npm test` builds it), pointed at a route that
 * returns a simulator token, verifies a person and posts the token, with no other script.
 * The page (test/form/fixtures/no-js.html) runs in an iframe, so its native post does not
 * navigate the runner; the test only acts as the person and reads what was posted.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { latestCode, part, pasteCode, sleep } from '../helpers/element.js';
import { FIELD, postsArrive, postsTo, tokenRequests, uniqueId, type FormChallenge } from './helpers.js';

const TAG = 'authsignal-whatsapp-challenge';

describe('the no-JavaScript snippet, as pasted into a static page', () => {
  let frame: HTMLIFrameElement | undefined;
  afterEach(() => {
    frame?.remove();
    document.cookie = 'form_test_key=; path=/; max-age=0';
  });

  it('verifies a person and posts authsignal_token; before that, Continue posts nothing', async () => {
    // The page's URLs are static: the test server keys its records by this cookie.
    const key = uniqueId('no-js');
    document.cookie = `form_test_key=${key}; path=/; SameSite=Lax`;
    frame = document.createElement('iframe');
    frame.title = 'A page with the snippet';
    const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
    frame.src = '/test/form/no-js.html';
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow!;
    await win.customElements.whenDefined(TAG);
    const el = win.document.querySelector<FormChallenge>(TAG)!;
    await el.updateComplete;
    const verified = new Promise<string>((resolve) => el.addEventListener('challenge-verified', (e) => resolve(e.detail.token)));

    win.document.querySelector<HTMLButtonElement>('form > button')!.click();
    await sleep(300);
    expect(await postsTo(key), 'Continue before verification').to.deep.equal([]);
    expect(await tokenRequests(key), 'no token asked for before a start').to.deep.equal([]);

    part(el, 'button')!.click();
    await waitUntil(() => el.state == 'code-sent', 'the code was not sent', { timeout: 5000 });
    const [request, ...more] = await tokenRequests(key);
    expect(more, 'one token request').to.deep.equal([]);
    pasteCode(el, await latestCode(request!.token!));

    const token = await verified;
    const posts = await postsArrive(key);
    await sleep(300);
    expect((await postsTo(key)).length, 'posted once').to.equal(1);
    expect(posts[0]!.fields).to.deep.equal([[FIELD, token]]);
  });
});
