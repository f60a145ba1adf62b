/**
 * The text a person reads (issue 9, items 9, 11, 16 and 17), from ../shared/DESIGN.md
 * sections 2 and 3:
 * - partial string tables, plural forms included, fall back key by key and form by form;
 * - the language is found by BCP 47 lookup (zh-Hant-TW -> zh-Hant -> zh), else English;
 * - visible text never contradicts itself (a countdown and a sentence about it agree);
 * - every known failure is told in the element's language; the server's own words only for
 *   an unknown code, and then in an element with dir="auto";
 * - waits of a minute or more are said in minutes, in every language (issue 15).
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import ar from '../src/locales/ar.js';
import de from '../src/locales/de.js';
import en from '../src/locales/en.js';
import es from '../src/locales/es.js';
import fr from '../src/locales/fr.js';
import hi from '../src/locales/hi.js';
import id from '../src/locales/id.js';
import ptBR from '../src/locales/pt-BR.js';
import { registerLocale, type Strings } from '../src/locale-registry.js';
import { plural } from '../src/strings.js';
import { clickSend, mount, part, textOf, type Challenge } from './helpers/element.js';
import { countdownSeconds, visibleTexts } from './helpers/reading.js';
import { scriptFaults, type Fault } from './helpers/sim.js';

/** Errors that reach the page while a test runs (a render that throws lands here). */
const recordPageErrors = () => {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(String(event.error ?? event.message));
  const onRejection = (event: PromiseRejectionEvent) => errors.push(String(event.reason));
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);
  return { errors, stop: () => (removeEventListener('error', onError), removeEventListener('unhandledrejection', onRejection)) };
};

/** All the text of the element's shadow root, screen-reader-only text included. */
const allText = (el: Challenge) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

/** Mounted, then a start answered 429 with Retry-After `seconds`. */
const rateLimited = async (seconds: number, attributes: Record<string, string> = {}, setup?: (el: Challenge) => void) => {
  const mounted = await mount(attributes);
  setup?.(mounted.el);
  await mounted.el.updateComplete;
  await scriptFaults(mounted.token, { route: 'challenge', status: 429, headers: { 'Retry-After': String(seconds) }, body: { error: 'too_many_requests' } });
  await clickSend(mounted);
  await mounted.el.updateComplete;
  return mounted;
};

describe('text', () => {
  afterEach(() => sinon.restore());

  describe('partial plural tables fall back form by form (item 9)', () => {
    it('strings = { seconds: { one } } keeps its "one" form and takes English for the others; nothing crashes', async () => {
      const page = recordPageErrors();
      try {
        const strings = { seconds: { one: '# sec' } };
        const one = await rateLimited(1, {}, (el) => (el.strings = strings));
        expect(allText(one.el)).to.contain('1 sec.');
        const thirty = await rateLimited(30, {}, (el) => (el.strings = strings));
        expect(countdownSeconds(thirty.el), 'a countdown still renders').to.equal(30);
        expect(allText(thirty.el)).to.contain('30 seconds');
        // The resend cooldown of a started flow renders through the same table.
        const started = await mount({ 'resend-cooldown': '30' });
        started.el.strings = strings;
        await clickSend(started);
        expect(countdownSeconds(started.el)).to.equal(30);
        expect(part(started.el, 'code-input'), 'the code field shows').to.exist;
      } finally {
        page.stop();
      }
      expect(page.errors).to.deep.equal([]);
    });

    it('strings over a locale fall back to that locale first, then English (es: "1 seg", "30 segundos")', async () => {
      const strings = { seconds: { one: '# seg' } };
      const one = await rateLimited(1, { lang: 'es' }, (el) => (el.strings = strings));
      expect(allText(one.el)).to.contain('1 seg.');
      const thirty = await rateLimited(30, { lang: 'es' }, (el) => (el.strings = strings));
      expect(allText(thirty.el)).to.contain('30 segundos');
    });

    it('a registerLocale with a partial seconds table falls back to English for the forms it leaves out', async () => {
      const page = recordPageErrors();
      try {
        registerLocale('qpa', { seconds: { one: '# qsec' } });
        const one = await rateLimited(1, { lang: 'qpa' });
        expect(allText(one.el)).to.contain('1 qsec');
        const thirty = await rateLimited(30, { lang: 'qpa' });
        expect(countdownSeconds(thirty.el)).to.equal(30);
        expect(allText(thirty.el)).to.contain('30 seconds');
      } finally {
        page.stop();
      }
      expect(page.errors).to.deep.equal([]);
    });
  });

  describe('the language is found by BCP 47 lookup, dropping subtags from the end (item 11)', () => {
    before(() => {
      // Registered in an order that puts the wrong script first for the old "any region" rule.
      registerLocale('zh', { send: '通过 WhatsApp 发送验证码' }); // Simplified
      registerLocale('zh-Hant', { send: '透過 WhatsApp 傳送驗證碼' }); // Traditional
      registerLocale('sr', { send: 'Пошаљи код на WhatsApp' }); // Cyrillic
      registerLocale('sr-Latn', { send: 'Pošalji kod na WhatsApp' }); // Latin
      registerLocale('qpb-CC', { send: 'regional only' });
    });

    const sendLabel = async (lang: string) => {
      const el = await fixture<Challenge>(html`<authsignal-whatsapp-challenge lang=${lang}></authsignal-whatsapp-challenge>`);
      return textOf(el, 'button');
    };

    for (const [lang, expected] of [
      ['zh-Hant-TW', '透過 WhatsApp 傳送驗證碼'],
      ['zh-hant-tw', '透過 WhatsApp 傳送驗證碼'],
      ['ZH-HANT', '透過 WhatsApp 傳送驗證碼'],
      ['zh-Hans-CN', '通过 WhatsApp 发送验证码'],
      ['zh-CN', '通过 WhatsApp 发送验证码'],
      ['sr-Latn-RS', 'Pošalji kod na WhatsApp'],
      ['sr-RS', 'Пошаљи код на WhatsApp'],
      ['qpb', 'regional only'], // a bare language may still take a regional variant
      ['es-MX', 'Enviar código por WhatsApp'],
      ['qpc-Latn-DE', 'Send code on WhatsApp'], // no locale of that language: English
    ]) {
      it(`${lang} -> "${expected}"`, async () => {
        expect(await sendLabel(lang!)).to.equal(expected);
      });
    }
  });

  describe('visible text never contradicts itself (item 16)', () => {
    /** Every "N second(s)" a visible sentence says, outside the countdown itself. */
    const secondsInVisibleSentences = (el: Challenge) =>
      visibleTexts(el)
        .filter((text) => !/^\d+:\d\d$/.test(text))
        .flatMap((text) => [...text.matchAll(/(\d+) seconds?/g)].map((m) => Number(m[1])));

    /** Time passed (the monotonic clock countdowns run on), and the element rendered again as its timer would. */
    const later = async (el: Challenge, ms: number) => {
      const realNow = performance.now.bind(performance);
      sinon.stub(performance, 'now').callsFake(() => realNow() + ms);
      el.requestUpdate();
      await el.updateComplete;
    };

    it('while the resend countdown shows 0:15, no visible sentence speaks of 30 seconds', async () => {
      const mounted = await mount({ 'resend-cooldown': '30' });
      await clickSend(mounted);
      await later(mounted.el, 15_000);
      const shown = countdownSeconds(mounted.el)!;
      expect(shown).to.be.within(14, 15);
      for (const seconds of secondsInVisibleSentences(mounted.el)) expect(seconds, visibleTexts(mounted.el).join(' | ')).to.be.within(shown - 1, shown + 1);
    });

    it('while a rate limit counts down from 30 to 0:15, no visible sentence speaks of 30 seconds', async () => {
      const { el } = await rateLimited(30);
      await later(el, 15_000);
      const shown = countdownSeconds(el)!;
      expect(shown).to.be.within(14, 15);
      for (const seconds of secondsInVisibleSentences(el)) expect(seconds, visibleTexts(el).join(' | ')).to.be.within(shown - 1, shown + 1);
    });
  });

  describe('waits of a minute or more are said in minutes (issue 15)', () => {
    it('an hour\'s Retry-After reads "Try again in 60 minutes.", beside a 60:00 countdown', async () => {
      const { el } = await rateLimited(3600);
      expect(textOf(el, 'error')).to.include('Too many requests. Try again in 60 minutes.');
      expect(allText(el)).to.not.match(/3,?600 seconds/);
      expect(countdownSeconds(el)).to.equal(3600);
      expect(textOf(el, 'countdown')).to.equal('60:00');
    });

    it('90 seconds read "2 minutes" (rounded up, never sooner than the wait), 59 seconds stay in seconds', async () => {
      expect(textOf((await rateLimited(90)).el, 'error')).to.include('Try again in 2 minutes.');
      expect(textOf((await rateLimited(59)).el, 'error')).to.include('Try again in 59 seconds.');
    });

    const LANGUAGES: [string, Strings][] = [['en', en], ['es', es], ['pt-BR', ptBR], ['fr', fr], ['de', de], ['hi', hi], ['id', id], ['ar', ar]];
    for (const [lang, strings] of LANGUAGES) {
      it(`${lang}: an hour's wait is said in that language's minutes (Intl.PluralRules), both to the eye and to a screen reader`, async () => {
        const { el } = await rateLimited(3600, { lang });
        const minutes = plural(strings.minutes, 60, lang);
        const said = strings.rateLimited.replace('{time}', minutes);
        expect(textOf(el, 'error').split(said).length - 1, `"${said}" on screen and once for screen readers`).to.equal(2);
        expect(allText(el)).to.not.include(plural(strings.seconds, 3600, lang));
      });
    }
  });

  describe('known failures are told in the element’s language (item 17)', () => {
    const ARABIC = /[\u0600-\u06ff]/;
    const LATIN = /[A-Za-z]/;

    const rows: [name: string, fault: Fault, attributes?: Record<string, string>][] = [
      ['401 invalid_token', { status: 401, body: { error: 'unauthorized', errorCode: 'invalid_token', errorDescription: 'The token is invalid.' } }],
      ['401 expired_token', { status: 401, body: { error: 'unauthorized', errorCode: 'expired_token', errorDescription: 'The token has expired.' } }],
      ['401 unauthorized', { status: 401, body: { error: 'unauthorized', errorDescription: 'Unauthorized.' } }],
      ['403', { status: 403, body: { error: 'forbidden', errorDescription: 'Access denied.' } }],
      ['404', { status: 404, body: { error: 'not_found', errorDescription: 'Not found.' } }],
      ['400 invalid_request', { status: 400, body: { error: 'invalid_request', errorDescription: 'The request is invalid.' } }],
      ['500', { status: 500, body: { errorDescription: 'Internal server error.' } }],
      ['503 with a code', { status: 503, body: { error: 'service_unavailable', errorDescription: 'Service unavailable.' } }],
      ['502, HTML', { status: 502, rawBody: '<h1>Bad Gateway</h1>', headers: { 'Content-Type': 'text/html' } }],
      ['a timeout', { delayMs: 1500, body: { challengeId: 'too-late' } }, { timeout: '200' }],
    ];

    for (const [name, fault, attributes] of rows) {
      it(`${name}: Arabic text, not the server's English`, async () => {
        const mounted = await mount({ lang: 'ar', ...attributes });
        await scriptFaults(mounted.token, { route: 'challenge', ...fault });
        const { type } = await clickSend(mounted);
        expect(type).to.equal('challenge-error');
        const text = textOf(mounted.el, 'error');
        expect(text).to.match(ARABIC);
        expect(text).to.not.match(LATIN);
      });
    }

    it('no answer at all (network): Arabic text', async () => {
      const mounted = await mount({ lang: 'ar', 'base-url': 'http://127.0.0.1:1/v1/client' });
      expect((await clickSend(mounted)).detail).to.include({ error: 'network_error' });
      expect(textOf(mounted.el, 'error')).to.match(ARABIC).and.not.match(LATIN);
    });

    for (const lang of ['ar', 'en']) {
      it(`an unknown code shows the server's own text, in an element with dir="auto" (lang ${lang})`, async () => {
        const mounted = await mount({ lang });
        const description = 'Your card is frozen. Call your bank.';
        await scriptFaults(mounted.token, { route: 'challenge', status: 400, body: { error: 'card_frozen', errorDescription: description } });
        await clickSend(mounted);
        const error = part(mounted.el, 'error')!;
        expect(textOf(mounted.el, 'error')).to.equal(description);
        const walker = document.createTreeWalker(error, NodeFilter.SHOW_TEXT);
        let holder: Element | null = null;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.textContent!.includes('card is frozen')) holder = node.parentElement;
        expect(holder, 'the text node of the server text').to.exist;
        expect(holder!.closest('[dir]')?.getAttribute('dir'), 'nearest dir around the server text').to.equal('auto');
      });
    }
  });
});
