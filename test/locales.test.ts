/**
 * The built-in languages: each locale module is complete and registers itself, the lookup
 * and formatting helpers behave, and the element speaks the language its page asks for.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../src/define.js';
import type { AuthsignalWhatsappChallenge } from '../src/authsignal-whatsapp-challenge.js';
import { registerLocale, registeredStrings, type Strings } from '../src/locale-registry.js';
import ar from '../src/locales/ar.js';
import de from '../src/locales/de.js';
import en from '../src/locales/en.js';
import es from '../src/locales/es.js';
import fr from '../src/locales/fr.js';
import hi from '../src/locales/hi.js';
import id from '../src/locales/id.js';
import ptBR from '../src/locales/pt-BR.js';
import { canonicalLang, format, plural, stringsFor } from '../src/strings.js';
import { clickSend, mount, textOf } from './helpers/element.js';
import { SIM_API } from './helpers/sim.js';

const LOCALES: [tag: string, strings: Strings][] = [
  ['es', es],
  ['pt-BR', ptBR],
  ['fr', fr],
  ['de', de],
  ['hi', hi],
  ['id', id],
  ['ar', ar],
];

/** The word for the person's phone in each language's "code sent" message. */
const PHONE: Record<string, RegExp> = {
  en: /\bphone\b/,
  es: /teléfono/,
  'pt-BR': /celular/,
  fr: /téléphone/,
  de: /Smartphone/,
  hi: /फ़ोन/,
  id: /ponsel/,
  ar: /هاتف/,
};

/** The `{name}` placeholders of a string, sorted, so two strings can be compared. */
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

/** Every text key of en.ts: all but the plural forms and the direction. */
const textKeys = (Object.keys(en) as (keyof Strings)[]).filter((key) => typeof en[key] == 'string' && key != 'dir');

/** The label a person sees on the send button: the built-in text (no label is slotted here). */
const sendLabel = (el: AuthsignalWhatsappChallenge) =>
  el.shadowRoot!.querySelector('[part=button]')!.textContent!.trim();

const base = (el: AuthsignalWhatsappChallenge) => el.shadowRoot!.querySelector<HTMLElement>('[part=base]')!;

describe('locales', () => {
  for (const [tag, strings] of LOCALES) {
    describe(tag, () => {
      it(`registers itself under "${tag}" on import`, () => {
        expect(registeredStrings(tag)).to.equal(strings);
      });

      it('has exactly the keys of English', () => {
        expect(Object.keys(strings).sort()).to.deep.equal(Object.keys(en).sort());
      });

      it('keeps every placeholder of the English text, and adds none', () => {
        for (const key of textKeys) {
          expect(placeholders(strings[key] as string), `${tag}.${key}`).to.deep.equal(placeholders(en[key] as string));
        }
      });

      it('translates every text (none is left in English or empty)', () => {
        for (const key of textKeys) {
          expect(typeof strings[key], `${tag}.${key}`).to.equal('string');
          expect(strings[key], `${tag}.${key}`).not.to.be.oneOf([en[key], '']);
        }
      });

      it('keeps the ellipsis of the progress messages', () => {
        for (const key of textKeys.filter((k) => (en[k] as string).endsWith('…'))) {
          expect(strings[key], `${tag}.${key}`).to.match(/…$/);
        }
      });

      for (const unit of ['seconds', 'minutes'] as const) {
        it(`has a plural form of "${unit}" for every plural category of ${tag}, and no other`, () => {
          const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
          expect(Object.keys(strings[unit]).sort()).to.deep.equal([...categories].sort());
        });

        it(`shows the number (#) in every plural form of "${unit}" except those that name a single number`, () => {
          for (const [category, form] of Object.entries(strings[unit])) {
            if (!['zero', 'one', 'two'].includes(category)) expect(form, `${tag} ${category}`).to.include('#');
            expect(form.match(/#/g)?.length ?? 0, `${tag} ${category}`).to.be.at.most(1);
            expect(placeholders(form), `${tag} ${category}`).to.deep.equal([]);
          }
        });
      }

      // WhatsApp shows authentication codes only in the app on the phone: WhatsApp Web and
      // Desktop show a prompt to look at the phone instead (issue 15).
      it('says, once a code is sent, that it is in WhatsApp on the phone', () => {
        expect(strings.sent).to.include(tag == 'ar' ? 'واتساب' : 'WhatsApp');
        expect(strings.sent).to.match(PHONE[tag]!);
      });

      it(`is written ${tag == 'ar' ? 'right to left' : 'left to right'}`, () => {
        expect(strings.dir).to.equal(tag == 'ar' ? 'rtl' : 'ltr');
      });
    });
  }
});

describe('English', () => {
  it('says, once a code is sent, that it is in WhatsApp on the phone', () => {
    expect(en.sent).to.include('WhatsApp');
    expect(en.sent).to.match(PHONE.en!);
  });
});

describe('registeredStrings', () => {
  it('finds a locale by its exact tag, in any letter case', () => {
    expect(registeredStrings('es')).to.equal(es);
    expect(registeredStrings('ES')).to.equal(es);
    expect(registeredStrings('pt-BR')).to.equal(ptBR);
    expect(registeredStrings('pt-br')).to.equal(ptBR);
  });

  it('finds a regional locale by its language alone: pt -> pt-BR', () => {
    expect(registeredStrings('pt')).to.equal(ptBR);
  });

  it('falls back from a region to its language: es-MX -> es, fr-CA -> fr, ar-EG -> ar', () => {
    expect(registeredStrings('es-MX')).to.equal(es);
    expect(registeredStrings('fr-CA')).to.equal(fr);
    expect(registeredStrings('ar-EG')).to.equal(ar);
  });

  it('lends another region of the same language when that is all there is: pt-PT -> pt-BR', () => {
    expect(registeredStrings('pt-PT')).to.equal(ptBR);
  });

  it('finds nothing for a language no module registered', () => {
    expect(registeredStrings('xx')).to.equal(undefined);
    expect(registeredStrings('sw-KE')).to.equal(undefined);
  });

  it('does not take the start of a tag for its language ("e" is not "es")', () => {
    expect(registeredStrings('e')).to.equal(undefined);
    expect(registeredStrings('p')).to.equal(undefined);
  });

  it('replaces the strings of a tag registered twice', () => {
    registerLocale('qaa', { send: 'first' });
    registerLocale('qaa', { send: 'second' });
    expect(registeredStrings('qaa')).to.deep.equal({ send: 'second' });
  });
});

describe('stringsFor', () => {
  it('gives the registered locale of the language', () => {
    expect(stringsFor('es')).to.deep.equal(es);
    expect(stringsFor('pt-BR').send).to.equal(ptBR.send);
  });

  it('gives English for a language that has no locale', () => {
    expect(stringsFor('xx')).to.deep.equal(en);
  });

  it('lets overrides win over the locale, key by key', () => {
    const strings = stringsFor('es', { send: 'Pedir el código' });
    expect(strings.send).to.equal('Pedir el código');
    expect(strings.verify).to.equal(es.verify);
  });

  it('fills the keys a locale leaves out with English', () => {
    registerLocale('qab', { send: 'Only this one' });
    const strings = stringsFor('qab');
    expect(strings.send).to.equal('Only this one');
    expect(strings.verify).to.equal(en.verify);
    expect(strings.seconds).to.deep.equal(en.seconds);
    expect(strings.minutes).to.deep.equal(en.minutes);
  });

  it('fills the gaps with English under overrides for a language with no locale', () => {
    expect(stringsFor('xx', { verify: 'Check' })).to.deep.equal({ ...en, verify: 'Check' });
  });
});

describe('canonicalLang', () => {
  it('returns a well-formed tag in canonical case', () => {
    expect(canonicalLang('es')).to.equal('es');
    expect(canonicalLang('PT-br')).to.equal('pt-BR');
    expect(canonicalLang('ar-eg')).to.equal('ar-EG');
  });

  it('gives "en" for no tag', () => {
    expect(canonicalLang('')).to.equal('en');
    expect(canonicalLang(null)).to.equal('en');
    expect(canonicalLang(undefined)).to.equal('en');
  });

  it('gives "en" for a malformed tag instead of throwing', () => {
    for (const bad of ['not a tag!!', 'en_US', '123', '-', 'e', 'toolongsubtag']) {
      expect(() => canonicalLang(bad), bad).not.to.throw();
      expect(canonicalLang(bad), bad).to.equal('en');
    }
  });
});

describe('format', () => {
  it('replaces each {name} placeholder with its value', () => {
    expect(format('Enter the {n}-digit code.', { n: 6 })).to.equal('Enter the 6-digit code.');
    expect(format(es.resendIn, { time: '30 segundos' })).to.equal('Podrás pedir un código nuevo dentro de 30 segundos.');
  });

  it('replaces every occurrence of a placeholder', () => {
    expect(format('{a}, {b} and {a}', { a: 'x', b: 'y' })).to.equal('x, y and x');
  });

  it('leaves no raw placeholder when a value is missing', () => {
    expect(format('in {time}.', {})).to.equal('in .');
  });

  it('inserts values as they are, without interpreting $ patterns', () => {
    expect(format('{x}', { x: "$& $1 $' $$" })).to.equal("$& $1 $' $$");
  });

  it('leaves text without placeholders unchanged', () => {
    expect(format(en.verified, { n: 6 })).to.equal(en.verified);
  });
});

describe('plural', () => {
  const number = (n: number, lang: string) => new Intl.NumberFormat(lang).format(n);

  it('picks the English form for one and for other numbers', () => {
    expect(plural(en.seconds, 1, 'en')).to.equal('1 second');
    expect(plural(en.seconds, 0, 'en')).to.equal('0 seconds');
    expect(plural(en.seconds, 30, 'en')).to.equal('30 seconds');
  });

  it('picks the Spanish form', () => {
    expect(plural(es.seconds, 1, 'es')).to.equal('1 segundo');
    expect(plural(es.seconds, 2, 'es')).to.equal('2 segundos');
    expect(plural(es.seconds, 30, 'es')).to.equal('30 segundos');
  });

  it('writes the number as the language does (grouping in German)', () => {
    expect(plural(de.seconds, 1200, 'de')).to.equal(`${number(1200, 'de')} Sekunden`);
    expect(number(1200, 'de')).to.equal('1.200');
  });

  it('picks each of the six Arabic forms, with the digits Intl gives for ar', () => {
    expect(plural(ar.seconds, 0, 'ar')).to.equal(`${number(0, 'ar')} ثانية`);
    expect(plural(ar.seconds, 1, 'ar')).to.equal('ثانية واحدة');
    expect(plural(ar.seconds, 2, 'ar')).to.equal('ثانيتين');
    expect(plural(ar.seconds, 3, 'ar')).to.equal(`${number(3, 'ar')} ثوانٍ`);
    expect(plural(ar.seconds, 10, 'ar')).to.equal(`${number(10, 'ar')} ثوانٍ`);
    expect(plural(ar.seconds, 11, 'ar')).to.equal(`${number(11, 'ar')} ثانية`);
    expect(plural(ar.seconds, 99, 'ar')).to.equal(`${number(99, 'ar')} ثانية`);
    expect(plural(ar.seconds, 100, 'ar')).to.equal(`${number(100, 'ar')} ثانية`);
  });

  it('uses the "other" form when a category has no form of its own', () => {
    expect(plural({ other: '# things' }, 1, 'en')).to.equal('1 things');
    expect(plural({ other: '# ثانية' }, 2, 'ar')).to.equal(`${number(2, 'ar')} ثانية`);
  });
});

describe('the element’s language', () => {
  it('follows its own lang attribute', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="es"></authsignal-whatsapp-challenge>`);
    expect(sendLabel(el)).to.equal(es.send);
    expect(base(el).getAttribute('lang')).to.equal('es');
  });

  it('finds a regional locale from the language and region the page gives (pt-BR, es-MX)', async () => {
    const pt = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="pt-br"></authsignal-whatsapp-challenge>`);
    expect(sendLabel(pt)).to.equal(ptBR.send);
    expect(base(pt).getAttribute('lang')).to.equal('pt-BR');
    const mx = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="es-MX"></authsignal-whatsapp-challenge>`);
    expect(sendLabel(mx)).to.equal(es.send);
  });

  it('a tag with a Unicode extension is still its language: pt-PT-u-nu-arab is Portuguese (pt-BR), not English', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="pt-PT-u-nu-arab"></authsignal-whatsapp-challenge>`);
    expect(sendLabel(el)).to.equal(ptBR.send);
    expect(sendLabel(el)).to.not.equal(en.send);
  });

  it('without a lang of its own, follows the nearest ancestor that has one', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`
      <div lang="de">
        <section lang="fr"><authsignal-whatsapp-challenge></authsignal-whatsapp-challenge></section>
      </div>
    `);
    const el = wrapper.querySelector('authsignal-whatsapp-challenge')!;
    await el.updateComplete;
    expect(sendLabel(el)).to.equal(fr.send);
  });

  it('prefers its own lang over an ancestor’s', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`
      <div lang="fr"><authsignal-whatsapp-challenge lang="id"></authsignal-whatsapp-challenge></div>
    `);
    const el = wrapper.querySelector('authsignal-whatsapp-challenge')!;
    await el.updateComplete;
    expect(sendLabel(el)).to.equal(id.send);
  });

  it('falls back to <html lang> when nothing closer says', async () => {
    const root = document.documentElement;
    const before = root.getAttribute('lang');
    root.setAttribute('lang', 'hi');
    try {
      const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge></authsignal-whatsapp-challenge>`);
      expect(sendLabel(el)).to.equal(hi.send);
    } finally {
      if (before == null) root.removeAttribute('lang');
      else root.setAttribute('lang', before);
    }
  });

  it('is English with no lang anywhere', async () => {
    const root = document.documentElement;
    const before = root.getAttribute('lang');
    root.removeAttribute('lang');
    try {
      const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge></authsignal-whatsapp-challenge>`);
      expect(sendLabel(el)).to.equal(en.send);
      expect(base(el).getAttribute('lang')).to.equal('en');
    } finally {
      if (before != null) root.setAttribute('lang', before);
    }
  });

  it('lays Arabic out right to left, and other languages left to right', async () => {
    const rtl = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="ar"></authsignal-whatsapp-challenge>`);
    expect(base(rtl).getAttribute('dir')).to.equal('rtl');
    expect(sendLabel(rtl)).to.equal(ar.send);
    const ltr = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="fr"></authsignal-whatsapp-challenge>`);
    expect(base(ltr).getAttribute('dir')).to.equal('ltr');
  });

  it('a tag without a script never takes a locale with one: zh-CN is not shown in Traditional Chinese', async () => {
    registerLocale('zh-Hant', { send: '傳送驗證碼 (Traditional)' });
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="zh-CN" base-url=${SIM_API}></authsignal-whatsapp-challenge>`);
    expect(textOf(el, 'button')).to.not.contain('Traditional');
  });

  it('is English for a language it has no locale for', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="xx"></authsignal-whatsapp-challenge>`);
    expect(sendLabel(el)).to.equal(en.send);
    expect(base(el).getAttribute('dir')).to.equal('ltr');
  });

  it('is English for a malformed lang, and renders without throwing', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="not a tag!!"></authsignal-whatsapp-challenge>`);
    expect(sendLabel(el)).to.equal(en.send);
    expect(base(el).getAttribute('lang')).to.equal('en');
  });

  it('re-renders in the new language when its lang attribute changes', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="es"></authsignal-whatsapp-challenge>`);
    el.setAttribute('lang', 'ar');
    await el.updateComplete;
    expect(sendLabel(el)).to.equal(ar.send);
    expect(base(el).getAttribute('dir')).to.equal('rtl');
    el.removeAttribute('lang');
    await el.updateComplete;
    expect(sendLabel(el)).to.not.equal(ar.send);
    expect(base(el).getAttribute('dir')).to.equal('ltr');
  });

  it('re-renders in the new language when its lang property is set, as frameworks do', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="es"></authsignal-whatsapp-challenge>`);
    el.lang = 'de';
    await el.updateComplete;
    expect(sendLabel(el)).to.equal(de.send);
    expect(el.getAttribute('lang')).to.equal('de');
  });

  it('takes the strings property over the locale for the keys it names, and only those', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(
      html`<authsignal-whatsapp-challenge lang="es" .strings=${{ send: 'Recibir mi código' }}></authsignal-whatsapp-challenge>`,
    );
    expect(sendLabel(el)).to.equal('Recibir mi código');
    // No token: the element refuses to start and says so, in Spanish (nothing is sent).
    await el.start();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=error]')!.textContent!.trim()).to.equal(es.setupError);
  });

  it('keeps the built-in text for a key the strings property names with no text (strings={{ send: props.label }} with no label)', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge .strings=${{ send: undefined }}></authsignal-whatsapp-challenge>`);
    expect(sendLabel(el)).to.equal('Send code on WhatsApp');
    const spanish = await fixture<AuthsignalWhatsappChallenge>(
      html`<authsignal-whatsapp-challenge lang="es" .strings=${{ send: undefined }}></authsignal-whatsapp-challenge>`,
    );
    expect(sendLabel(spanish)).to.equal(es.send);
  });

  it('updates when the strings property is replaced', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="fr"></authsignal-whatsapp-challenge>`);
    el.strings = { send: 'Code, s’il vous plaît' };
    await el.updateComplete;
    expect(sendLabel(el)).to.equal('Code, s’il vous plaît');
    el.strings = undefined;
    await el.updateComplete;
    expect(sendLabel(el)).to.equal(fr.send);
  });

  it('updates to a locale registered after it rendered', async () => {
    const el = await fixture<AuthsignalWhatsappChallenge>(html`<authsignal-whatsapp-challenge lang="zz"></authsignal-whatsapp-challenge>`);
    expect(sendLabel(el)).to.equal(en.send);
    registerLocale('zz', { dir: 'rtl', send: 'Zend the zode' });
    await el.updateComplete;
    expect(sendLabel(el)).to.equal('Zend the zode');
    expect(base(el).getAttribute('dir')).to.equal('rtl');
  });

  it('speaks Arabic through the code step: label, button, and the countdown in Arabic seconds', async () => {
    const mounted = await mount({ lang: 'ar', 'resend-cooldown': '10' });
    await clickSend(mounted);
    const { el } = mounted;
    expect(textOf(el, 'message')).to.equal(ar.sent);
    expect(textOf(el, 'label')).to.equal(ar.codeLabel);
    expect(textOf(el, 'verify-button')).to.equal(ar.verify);
    expect(textOf(el, 'resend-button')).to.include(ar.resend);
    const ten = new Intl.NumberFormat('ar').format(10);
    expect(textOf(el, 'status')).to.equal(`يمكنك طلب رمز جديد بعد ${ten} ثوانٍ.`);
  });
});
