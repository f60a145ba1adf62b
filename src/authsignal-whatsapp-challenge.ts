import { LitElement, html, isServer, nothing, type PropertyValues } from 'lit';
import { DEFAULT_TIMEOUT, type Region } from './client.js';
import { secondsLeft, viewOf, type ChallengeState, type StartOutcome, type VerifyOutcome } from './challenge-flow.js';
import { codeAfterInput, validCodeLength } from './code.js';
import { FlowRunner } from './flow-runner.js';
import type { ChallengeEventMap } from './events.js';
import { LOCALE_EVENT } from './locale-registry.js';
import { canonicalLang, format, plural, stringsFor, type LocaleStrings, type Strings } from './strings.js';
import { styles } from './authsignal-whatsapp-challenge.styles.js';

/** Server text is shown as text; past this length it is cut so it cannot break the layout. */
const MAX_SERVER_TEXT = 200;

/**
 * Connected elements, re-rendered when a locale module registers after they rendered. One
 * window listener for all of them: one each made connecting 1,000 elements 2.6x slower.
 */
const connected = new Set<AuthsignalWhatsappChallenge>();
const onLocale = () => connected.forEach((el) => el.requestUpdate());
/**
 * A page restored from the back/forward cache comes back as it was left, verified token and
 * all. That token is single-use and short-lived: every element starts again, idle.
 */
const onPageShow = (event: PageTransitionEvent) => event.persisted && connected.forEach((el) => el.reset());

/**
 * Verifies a person with a one-time code sent over WhatsApp, through Authsignal's Client API.
 *
 * @summary Send a code on WhatsApp, let the person enter it, and report the outcome as events.
 *
 * @fires {CustomEvent<ChallengeStartedDetail>} challenge-started - A code was sent (start or resend). `--bubbles --composed`
 * @fires {CustomEvent<ChallengeVerifiedDetail>} challenge-verified - The code was right; `detail.token` goes to your backend. `--bubbles --composed`
 * @fires {CustomEvent<ChallengeErrorDetail>} challenge-error - Anything that did not succeed, with a typed `detail.error`. `--bubbles --composed`
 *
 * @slot - Label of the send button (text or elements). Default: "Send code on WhatsApp", in the element's language.
 * @slot heading - A heading shown above the controls.
 *
 * @csspart base - The wrapper of everything inside.
 * @csspart button - The button that sends the first code; hidden (not removed) once the code field shows.
 * @csspart message - "We sent a code" and the success message.
 * @csspart label - The code field's label.
 * @csspart code-input - The code field.
 * @csspart verify-button - The button that checks the code.
 * @csspart resend-button - The button that sends a new code.
 * @csspart countdown - Seconds left before a new code can be asked for.
 * @csspart error - What went wrong (an alert).
 * @csspart status - Progress, for screen readers and eyes (a polite live region).
 *
 * @cssprop --authsignal-whatsapp-accent - Button colour. Default #0a7d3e (light), #25d366 (dark).
 * @cssprop --authsignal-whatsapp-accent-text - Text on the accent colour. Default #fff (light), #0b141a (dark).
 * @cssprop --authsignal-whatsapp-text - Text colour.
 * @cssprop --authsignal-whatsapp-background - Background colour.
 * @cssprop --authsignal-whatsapp-border - Colour of the code field's digit boxes.
 * @cssprop --authsignal-whatsapp-error - Colour of error text.
 * @cssprop --authsignal-whatsapp-radius - Corner radius of the buttons. Default 8px.
 * @cssprop --authsignal-whatsapp-font - Font family. Default: the page's system UI font.
 *
 * @attr {'idle'|'sending'|'code-sent'|'verifying'|'verified'} state - Reflects the read-only `state` property, for CSS.
 * @attr {string} name - Form field name: the form posts the verified token under it (a form-associated element).
 * @attr {string} lang - Language of the built-in text (BCP 47). Default: the nearest ancestor's `lang`, else English.
 */
export class AuthsignalWhatsappChallenge extends LitElement {
  static override styles = styles;

  /** A form control: the verified token is its value (`name`), and `required` blocks submission until then. */
  static formAssociated = true;

  // A <label for>, the browser's "fill this in" and a form's focus land on the next step inside.
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties = {
    token: {},
    region: {},
    baseUrl: { attribute: 'base-url' },
    tokenUrl: { attribute: 'token-url', reflect: true },
    name: { reflect: true },
    required: { type: Boolean, reflect: true },
    autosubmit: { type: Boolean },
    timeout: { type: Number },
    disabled: { type: Boolean, reflect: true },
    startOnly: { type: Boolean, attribute: 'start-only' },
    codeLength: { type: Number, attribute: 'code-length' },
    resendCooldown: { type: Number, attribute: 'resend-cooldown' },
    // Reflected: the language is read from the nearest [lang] attribute, this one included.
    lang: { reflect: true },
    strings: { attribute: false },
    tokenProvider: { attribute: false },
  };

  /** Bearer token from your backend. Prefer the property: it keeps the token out of the DOM. */
  token = '';

  /** Authsignal region of your tenant: `us`, `au`, `eu` or `ca`. */
  region: Region | string = 'us';

  /** Overrides `region` (a proxy, a custom domain, a local simulator). `https:`, or `http:` on loopback only. */
  baseUrl?: string;

  /**
   * Your backend's route that answers a fresh token (`{ "token": "..." }` or plain text) to a
   * `POST` with this origin's cookies. Asked when `token` is empty or expired and there is no
   * `tokenProvider`. Same-origin, or `https:`, only.
   */
  tokenUrl?: string;

  /**
   * Form field name. The form posts the verified token under it; before verification, nothing.
   * Reflected: a form reads the name from the attribute.
   */
  name?: string;

  /** Until verified, the form will not submit (`validity.valueMissing`), and says why in the element's language. */
  required = false;

  /** Once verified, submits the element's form (`form.requestSubmit()`, so the form's own checks run). */
  autosubmit = false;

  /** Milliseconds allowed for each request. */
  timeout = DEFAULT_TIMEOUT;

  /** Disables every control. Methods still work. */
  disabled = false;

  /** Only the start step: a click sends the code and reports it; no code field. */
  startOnly = false;

  /** Number of digits in a code. */
  codeLength = 6;

  /** Seconds before "send a new code" is offered. */
  resendCooldown = 30;

  /** Per-key overrides of the built-in text. */
  strings?: LocaleStrings;

  /**
   * Called for a fresh token before a start when `token` is empty, has expired, or was refused
   * by the server. `signal` aborts when that start is ended (`reset()`, new settings, a
   * lasting removal). The answer is trimmed. It may also store the token (`el.token = t`,
   * framework state), at once or later: that changes nothing.
   */
  tokenProvider?: (options: { signal: AbortSignal }) => Promise<string>;

  readonly #flow = new FlowRunner(
    this,
    (name, detail) => this.#emit(name, detail),
    () => this.#syncForm(),
  );

  // On the server there is no form to take part in.
  readonly #internals = isServer ? undefined : this.attachInternals();

  /** The verified token: the form value, until the flow leaves `verified`. */
  #formValue = '';

  /** Disabled by an ancestor `<fieldset disabled>` (or its own `disabled`). */
  #formDisabled = false;

  /** Where the flow is: `idle`, `sending`, `code-sent`, `verifying` or `verified`. Read-only. */
  get state(): ChallengeState {
    return this.#flow.state.name;
  }

  /** Sends a code (or a new one). Settles with the detail of the event it emitted; never rejects. */
  start(): Promise<StartOutcome> {
    return this.#track(this.#flow.call('start') as Promise<StartOutcome>);
  }

  /** Checks a code. Settles with the detail of the event it emitted; never rejects. */
  verify(code: string): Promise<VerifyOutcome> {
    return this.#track(this.#flow.call('verify', String(code ?? '')) as Promise<VerifyOutcome>);
  }

  /** Back to the start: aborts a request in flight (no event follows) and clears the code. */
  reset(): void {
    this.#flow.reset();
    const input = this.#codeInput;
    if (input) input.value = this.#typed = '';
  }

  /** The `<form>` the element belongs to, or `null`. */
  get form(): HTMLFormElement | null {
    return this.#internals!.form;
  }

  /** The `<label>`s that point at the element. */
  get labels(): NodeList {
    return this.#internals!.labels;
  }

  /** Like a native control's: `valueMissing` while `required` and not verified. */
  get validity(): ValidityState {
    return this.#internals!.validity;
  }

  /** Why the element is invalid, in its language; `''` when it is valid. */
  get validationMessage(): string {
    return this.#internals!.validationMessage;
  }

  /** True when a form would check the element (not disabled, not read-only). */
  get willValidate(): boolean {
    return this.#internals!.willValidate;
  }

  /** Like `input.checkValidity()`: false (and an `invalid` event) while required and not verified. */
  checkValidity(): boolean {
    return this.#internals!.checkValidity();
  }

  /** Like `input.reportValidity()`: also shows the message and focuses the next step. */
  reportValidity(): boolean {
    return this.#internals!.reportValidity();
  }

  /** Private: only the flow emits, and only the flow sets the form value (already set by now). */
  #emit<K extends keyof ChallengeEventMap>(type: K, detail: ChallengeEventMap[K]['detail']): void {
    /** @ignore The events are each documented by a `@fires` tag above (custom-elements.json). */
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    // Unless a listener started over: only a verified element submits.
    if (type == 'challenge-verified' && this.autosubmit && this.state == 'verified') this.form?.requestSubmit();
  }

  /** @internal A form reset (`form.reset()`, a reset button) starts the flow over. */
  formResetCallback(): void {
    this.reset();
  }

  /** @internal A disabled `<fieldset>` around the element disables it like its own `disabled`. */
  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
    // Also called while Lit reflects `disabled` mid-update, which drops that request: ask again after it.
    this.updateComplete.then(() => this.requestUpdate());
  }

  /**
   * @internal Session restore and back/forward offer a saved value back. A token is
   * single-use and short-lived: it is never taken back, and the element starts idle.
   */
  formStateRestoreCallback(): void {
    this.reset();
    // The browser has put the saved value back by itself: take it out.
    this.#internals!.setFormValue(null, '');
  }

  /**
   * The form value and validity for the flow as it is: the verified token and valid; else
   * no value, and `valueMissing` when `required`. The message anchors to the next step: the
   * code field once a code was sent, else a button.
   */
  #syncForm(): void {
    const internals = this.#internals;
    const state = this.#flow.state;
    const token = state.name == 'verified' ? state.token : '';
    if (!internals) return;
    // Only on a change: this runs after every render, a countdown's second included.
    if (token != this.#formValue) {
      this.#formValue = token;
      // An empty state to restore: session restore and back/forward never bring a token back.
      // (A null state means "the value": Chromium and Firefox then restore the token themselves.)
      internals.setFormValue(token || null, '');
    }
    const missing = this.required && !token;
    if (missing) {
      // The first of these in the shadow root: the send button, or the code field once shown
      // (none yet in a reset() before its render: the host, until the render that follows).
      const anchor = this.shadowRoot?.querySelector<HTMLElement>('input:enabled,button:enabled:not([hidden])') ?? undefined;
      internals.setValidity({ valueMissing: true }, stringsFor(this.#locale, this.strings).required, anchor);
    } else if (!internals.validity.valid) {
      internals.setValidity({});
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!connected.size) {
      addEventListener(LOCALE_EVENT, onLocale);
      addEventListener('pageshow', onPageShow);
    }
    connected.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
    if (!connected.size) {
      removeEventListener(LOCALE_EVENT, onLocale);
      removeEventListener('pageshow', onPageShow);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new token or server means a new flow: the old challenge is not theirs. The flow
    // knows which settings it began with, so a start called after the change goes on.
    if ((['token', 'region', 'baseUrl', 'tokenUrl'] as const).some((key) => changed.has(key))) {
      this.#flow.sync();
    }
  }

  protected override updated(): void {
    // Only on a change: most updates (a countdown second, a locale) leave the state as it was.
    const { state } = this;
    if (this.getAttribute('state') != state) this.setAttribute('state', state);
    this.#syncForm();
  }

  get #codeInput(): HTMLInputElement | null | undefined {
    return this.shadowRoot?.querySelector('input');
  }

  /** `lang` of this element or its nearest ancestor that has one, across shadow roots. */
  get #locale(): string {
    // The property first: it reflects to the attribute only after render.
    // On the server (SSR) there are no ancestors to ask.
    let lang = this.lang;
    for (let node: Element | undefined = this; !isServer && !lang && node; node = (node.getRootNode() as ShadowRoot).host) {
      lang = node.closest('[lang]')?.getAttribute('lang') ?? '';
    }
    return canonicalLang(lang);
  }

  protected override render() {
    // Worked out once per render: the language, then its text (overrides, locale, English).
    const lang = this.#locale;
    const t = stringsFor(lang, this.strings);
    const state = this.state;
    const { error, locked, ended, challengeId, wait, ready } = viewOf(this.#flow.state);
    const left = secondsLeft(wait, performance.now());
    const renewable = !!(this.tokenProvider || this.tokenUrl);
    // The code field's boxes are drawn for --n digits; it is set through the CSSOM (.style),
    // which a Content-Security-Policy allows, where a style attribute would not be.
    const codeLength = validCodeLength(this.codeLength);
    const busy = state == 'sending' || state == 'verifying';
    const off = this.disabled || this.#formDisabled;
    const codeStep = !this.startOnly && !!challengeId && state != 'verified';
    // A minute or more reads in minutes, rounded up: "in 60 minutes", not "in 3,600 seconds".
    const time = (seconds: number) => (seconds < 60 ? plural(t.seconds, seconds, lang) : plural(t.minutes, Math.ceil(seconds / 60), lang));
    const countdown = left
      ? html`<span part="countdown" aria-hidden="true">
          ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}</span
        >`
      : nothing;
    const status =
      state == 'sending'
        ? t.sending
        : state == 'verifying'
          ? t.verifying
          : state == 'verified'
            ? ''
            : [
                // With the code field, "sent" is its description instead (read with it on focus).
                state == 'code-sent' && !codeStep && !error ? t.sent : '',
                // Not when a 401 ended the code step and no new code can be had: "reload" says it all.
                ready && !(ended && !renewable) ? t.ready : '',
              ].join(' ');
    // Said once, when a countdown starts (it stays in the live region until the countdown
    // ends, so it is not said again), for screen readers only: on screen the countdown
    // ticks, and "in 30 seconds" beside "0:15" would contradict it. A rate limit says its
    // wait in the alert instead.
    const said = wait && !wait.limit ? html`<span class="sr">${this.#once(`${wait.until}${lang}`, () => format(t.resendIn, { time: time(left) }))}</span>` : nothing;

    // The send button is in the outer template, hidden once the code step shows: the idle
    // element, which most pages show and never touch, then renders one template instance.
    const sendStep = state != 'verified' && !codeStep;
    return html`<div part="base" dir=${t.dir} lang=${lang}>
      <slot name="heading"></slot>
      <button
        part="button"
        ?hidden=${!sendStep}
        ?disabled=${off || busy || !!left}
        aria-busy=${state == 'sending'}
        @click=${this.#onStartClick}
      >
        <slot @slotchange=${this.#onSlotChange}></slot>${this.#hasLabel ? '' : t.send} ${sendStep ? countdown : nothing}
      </button>
      ${state == 'verified'
        ? html`<p part="message" class="done" tabindex="-1">${t.verified}</p>`
        : codeStep
          ? html`<form @submit=${this.#onSubmit} novalidate>
              <p part="message" id="sent">${t.sent}</p>
              <label part="label" for="code">${t.codeLabel}</label>
              <div class="row">
                <input
                  id="code"
                  part="code-input"
                  autocomplete="one-time-code"
                  inputmode="numeric"
                  enterkeyhint="done"
                  size=${codeLength}
                  .style=${`--n:${codeLength}`}
                  dir="ltr"
                  ?disabled=${off || locked || ended}
                  ?readonly=${state == 'verifying'}
                  aria-invalid=${error?.stage == 'verify'}
                  aria-describedby="sent error"
                  @input=${this.#onInput}
                  @compositionend=${this.#onInput}
                />
                <button part="verify-button" ?disabled=${off || locked || ended || busy || !!wait?.limit} aria-busy=${state == 'verifying'}>
                  ${t.verify}
                </button>
              </div>
              <button
                type="button"
                part="resend-button"
                class="link"
                ?hidden=${ended && !renewable}
                ?disabled=${off || busy || !!left}
                aria-busy=${state == 'sending'}
                @click=${this.#onStartClick}
              >
                ${t.resend} ${countdown}
              </button>
            </form>`
          : nothing}
      <p part="error" id="error" role="alert" tabindex="-1">${error ? this.#errorText(t, time, lang, codeLength, left, renewable) : nothing}</p>
      <p part="status" role="status" tabindex="-1">${status.trim() || nothing}${said}</p>
    </div>`;
  }

  /**
   * A message a person can act on, in their language. The server's own words (in a
   * `dir="auto"` span: they may be in another script) only for a code we do not know, with
   * a status that does not tell us either.
   */
  #errorText(t: Strings, time: (seconds: number) => string, lang: string, codeLength: number, left: number, renewable: boolean) {
    const { error, errorDescription, failureReason, status = 0 } = viewOf(this.#flow.state).error!;
    if (error == 'verification_failed') return failureReason == 'MAX_ATTEMPTS_EXCEEDED' ? t.locked : t.wrongCode;
    // With no wait running (a Retry-After of 0), "try again in 0 seconds" would help no one.
    if (error == 'too_many_requests' && left) {
      // Said once, with the wait as it is then; on screen, the wait as it is now.
      const said = (seconds: number) => format(t.rateLimited, { time: time(seconds) });
      return html`<span class="sr">${this.#once(`${viewOf(this.#flow.state).wait?.until}${lang}`, () => said(left))}</span><span aria-hidden="true">${said(left)}</span>`;
    }
    // Whole-word tests: a server code named "constructor" must not find anything.
    const is = (codes: string) => new RegExp(`^(${codes})$`).test(error);
    return error == 'invalid_code'
      ? format(t.codeLength, { n: new Intl.NumberFormat(lang).format(codeLength) })
      : error == 'network_error'
        ? t.networkError
        : error == 'timeout'
          ? t.timeout
          : status == 401 || is('expired_token|invalid_token|unauthorized')
            ? // A new code brings a fresh token, unless the site's own token-url refused (its session ended).
              renewable && error != 'token_unavailable'
              ? t.renew
              : t.expired
            : status == 403 || status == 404 || is('token_required|invalid_configuration|forbidden|not_found')
              ? t.setupError
              : errorDescription && status < 500 && !is('invalid_request')
                ? // Never half an emoji: a cut between the two halves of a surrogate pair drops the first.
                  html`<span dir="auto">${errorDescription.slice(0, MAX_SERVER_TEXT).replace(/[\ud800-\udbff]$/, '')}</span>`
                : t.genericError;
  }

  /**
   * True when the page put a label in the default slot. Not slot fallback content: the
   * whitespace around a heading (`<x>\n  <span slot="heading">…</span>\n</x>`) is slotted
   * too, and would hide the fallback, leaving an empty button.
   */
  get #hasLabel(): boolean {
    if (isServer) return false;
    for (let node = this.firstChild; node; node = node.nextSibling) {
      if (node instanceof Element ? !node.slot : node.nodeType == 3 /* text */ && node.textContent!.trim()) return true;
    }
    return false;
  }

  #onSlotChange = () => this.requestUpdate();

  #onStartClick = () => {
    if (!this.disabled && !this.#formDisabled) this.start();
  };

  #onSubmit = (event: Event) => {
    event.preventDefault();
    this.verify(this.#codeInput!.value);
  };

  /** A live-region sentence, worked out once per key: said again only when its wait or language changes. */
  #said = ['', ''];
  #once(key: string, text: () => string): string {
    if (this.#said[0] != key) this.#said = [key, text()];
    return this.#said[1]!;
  }

  /** The field's value after the last input: what a paste was added to. */
  #typed = '';

  /** Typing, pasting and autofill all land here; a complete code submits itself. */
  #onInput = (event: Event) => {
    // Mid-composition (a Japanese or Chinese input method) the text is not the person's yet:
    // rewriting it would duplicate digits. compositionend brings it here again.
    if ((event as InputEvent).isComposing) return;
    const input = this.#codeInput!;
    const length = validCodeLength(this.codeLength);
    const before = this.#typed;
    const code = (this.#typed = codeAfterInput(before, input.value, length));
    if (input.value != code) input.value = code;
    this.#flow.typed();
    // Once per complete code: a keystroke more on a full field sends nothing more.
    if (code.length == length && code != before) this.verify(code);
  };

  /**
   * Moves focus where the person's next step is, but only if focus was ours to move: in
   * this element, or dropped to the page because the focused button became disabled.
   */
  async #track<T extends StartOutcome | VerifyOutcome>(outcome: Promise<T>): Promise<T> {
    const result = await outcome;
    if ('error' in result && result.error == 'aborted') return result;
    await this.updateComplete;
    const input = this.#codeInput;
    if (input && 'error' in result && result.error == 'verification_failed') input.value = this.#typed = '';
    // Focus in this element's shadow root, or dropped to the page: ours to move. The
    // document's activeElement is not enough: inside another component's shadow root it
    // names that component's host.
    const root = this.shadowRoot!;
    const active = document.activeElement;
    if (!root.activeElement && active && active != document.body) return result;
    const target =
      this.state == 'verified'
        ? root.querySelector<HTMLElement>('.done')
        : input && !input.disabled
          ? input
          : // Else what the person can read now: the error, or the status ("we sent a code").
            root.querySelector<HTMLElement>(`button:not(:disabled,[hidden]),[part=${viewOf(this.#flow.state).error ? 'error' : 'status'}]`);
    target?.focus();
    return result;
  }
}
