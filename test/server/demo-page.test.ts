/**
 * The demo page (demo/index.html, the site `npm start` serves), loaded in an iframe from
 * the test server, which runs the same backend and simulator: the round trip a visitor
 * sees, and issue 9 item 20 (nothing scrolls sideways at 320 px; a language switch
 * translates the page's own heading and inbox, and never restarts the flow).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { DEMO_LANGUAGES, DEMO_STRINGS } from '../../demo/demo-strings.js';
import type { Challenge } from '../helpers/element.js';

interface Demo {
  frame: HTMLIFrameElement;
  win: Window & typeof globalThis;
  doc: Document;
  el: Challenge;
}

const frames: HTMLIFrameElement[] = [];
afterEach(() => frames.splice(0).forEach((frame) => frame.remove()));

/** The demo in an iframe `width` CSS pixels wide, once it is signed in and knows its server. */
async function openDemo(width = 1000): Promise<Demo> {
  const frame = document.createElement('iframe');
  frame.style.cssText = `width: ${width}px; height: 900px; border: 0`;
  frame.src = '/demo/index.html';
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Window & typeof globalThis;
  const doc = frame.contentDocument!;
  await waitUntil(
    () => {
      const el = doc.querySelector<Challenge>('authsignal-whatsapp-challenge');
      return !!el?.baseUrl && !el.hidden && doc.querySelector('#user-id')?.textContent != '…';
    },
    'the demo never got ready',
    { timeout: 8000 },
  );
  return { frame, win, doc, el: doc.querySelector<Challenge>('authsignal-whatsapp-challenge')! };
}

const stateIs = (demo: Demo, state: string) =>
  waitUntil(() => demo.el.state == state, `state stayed ${demo.el.state}, expected ${state}; log: ${text(demo, '#log')}`, {
    timeout: 5000,
  });

/** The codes the simulator sent to the demo's signed-in user, newest first. */
async function codesSentTo(demo: Demo): Promise<string[]> {
  const inbox = await fetch(`/sim/inbox?userId=${encodeURIComponent(text(demo, '#user-id'))}`);
  return ((await inbox.json()) as { messages: { code: string }[] }).messages.map((m) => m.code);
}

/** Clicks the element's send button and waits until the page's inbox shows the new code. */
async function sendCode(demo: Demo): Promise<string> {
  const before = (await codesSentTo(demo)).length;
  // Shown a moment ago: the button is ready once that render is done.
  await demo.el.updateComplete;
  demo.el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!.click();
  await stateIs(demo, 'code-sent');
  let newest = '';
  await waitUntil(
    async () => {
      const codes = await codesSentTo(demo);
      newest = codes.length > before ? codes[0]! : '';
      return newest && demo.doc.querySelector('#inbox .code')?.textContent == newest;
    },
    'the new code never showed in the page\'s inbox',
    { timeout: 5000 },
  );
  return newest;
}

/** Types the code as a keyboard would, with the iframe's own event constructor. */
function typeInto(demo: Demo, code: string) {
  const input = demo.el.shadowRoot!.querySelector<HTMLInputElement>('[part~="code-input"]')!;
  for (const char of code) {
    input.value += char;
    input.dispatchEvent(new demo.win.InputEvent('input', { bubbles: true, composed: true, data: char, inputType: 'insertText' }));
  }
}

/** Picks a language in the page's select, as a person does. */
function chooseLanguage(demo: Demo, language: string) {
  const select = demo.doc.querySelector<HTMLSelectElement>('#lang')!;
  select.value = language;
  select.dispatchEvent(new demo.win.Event('change', { bubbles: true }));
}

const text = (demo: Demo, selector: string) => (demo.doc.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('demo page', () => {
  it('runs the round trip: code to the signed-in user\'s phone, verified, and the backend\'s verdict shown', async () => {
    const demo = await openDemo();
    expect(text(demo, '#server-name')).to.equal(DEMO_STRINGS.en.serverSimulator);
    const code = await sendCode(demo);
    expect(text(demo, '#inbox .to')).to.equal(text(demo, '#user-phone'));
    typeInto(demo, code);
    await stateIs(demo, 'verified');
    await waitUntil(() => demo.doc.querySelector('#backend-status.accepted'), 'the backend never accepted', { timeout: 5000 });
    expect(text(demo, '#result-user')).to.equal(text(demo, '#user-id'));
    expect(text(demo, '#result-action')).to.equal('signIn');
    expect(text(demo, '#result-state')).to.equal('CHALLENGE_SUCCEEDED');
  });

  it('does not scroll sideways at 320 px, before and after a code is sent', async () => {
    const demo = await openDemo(320);
    const fits = () => demo.doc.documentElement.scrollWidth <= demo.doc.documentElement.clientWidth;
    expect(fits(), `scrollWidth ${demo.doc.documentElement.scrollWidth}`).to.equal(true);
    await sendCode(demo);
    await demo.el.updateComplete;
    expect(fits(), `scrollWidth ${demo.doc.documentElement.scrollWidth}`).to.equal(true);
    for (const section of demo.doc.querySelectorAll('section')) {
      expect(section.getBoundingClientRect().right).to.be.at.most(320);
    }
  });

  it('translates its heading and inbox into each of the element\'s 8 languages', async () => {
    const demo = await openDemo();
    await sendCode(demo);
    for (const language of DEMO_LANGUAGES) {
      chooseLanguage(demo, language);
      const strings = DEMO_STRINGS[language];
      expect(demo.doc.documentElement.lang).to.equal(language);
      expect(demo.doc.documentElement.dir).to.equal(language == 'ar' ? 'rtl' : 'ltr');
      expect(text(demo, '#try'), language).to.equal(strings.tryIt);
      expect(text(demo, '[slot="heading"]'), language).to.equal(strings.heading);
      expect(text(demo, '#phone'), language).to.equal(strings.inboxTitle);
      await waitUntil(() => text(demo, '#inbox li').includes(strings.inboxMessage), `${language}: inbox not translated`);
      if (language != 'en') expect(strings.inboxTitle, language).not.to.equal(DEMO_STRINGS.en.inboxTitle);
    }
  });

  it('a language change keeps the flow where it is: no new code, the same challenge', async () => {
    const demo = await openDemo();
    await sendCode(demo);
    const sentBefore = (await codesSentTo(demo)).length;
    chooseLanguage(demo, 'de');
    await demo.el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(demo.el.state).to.equal('code-sent');
    expect((await codesSentTo(demo)).length, 'a language change sent another code').to.equal(sentBefore);
    // The element speaks the new language too.
    expect(demo.el.shadowRoot!.textContent).not.to.include('Send a new code');
  });

  it('in Arabic, the tag name in the heading still reads left to right', async () => {
    const demo = await openDemo(320);
    await sendCode(demo);
    chooseLanguage(demo, 'ar');
    /** Whether the first character of the node's text is drawn left of the second. */
    const firstIsLeftmost = (node: Element) => {
      const textNode = [...node.childNodes].find((n) => n.nodeType == Node.TEXT_NODE && n.textContent!.trim())!;
      const box = (from: number) => {
        const range = demo.doc.createRange();
        range.setStart(textNode, from);
        range.setEnd(textNode, from + 1);
        return range.getBoundingClientRect().left;
      };
      return box(0) < box(1);
    };
    expect(firstIsLeftmost(demo.doc.querySelector('h1 span')!), 'the < of the tag name').to.equal(true);
  });

  it('has no form to submit around its language and colour settings', async () => {
    const demo = await openDemo();
    const look = demo.doc.querySelector('#lang')!.closest('section')!;
    expect(demo.doc.querySelector('#lang')!.closest('form')).to.equal(null);
    expect(look.querySelector('button')).to.equal(null);
  });
});
