import { css } from 'lit';

/**
 * Every colour pair meets WCAG 2.2 AA: white on the light accent #0a7d3e is 5.2:1 (WhatsApp's
 * own #25d366 under white is only 2:1, so it is used in the dark scheme, under dark text,
 * at 9.4:1). Text is 16.6:1 (light) and 14.8:1 (dark); error text 6.5:1 and 10.3:1.
 * Sites theme through the `--authsignal-whatsapp-*` properties; the `--_*` ones are private.
 */
export const styles = css`
  :host {
    /* light-dark() follows the color-scheme the element inherits: the page's, an ancestor's
       or its own. A page without one is light; "color-scheme: light dark" on it follows the OS. */
    --_accent: var(--authsignal-whatsapp-accent, light-dark(#0a7d3e, #25d366));
    --_on-accent: var(--authsignal-whatsapp-accent-text, light-dark(#fff, #0b141a));
    --_text: var(--authsignal-whatsapp-text, light-dark(#1b1f23, #e9edef));
    --_bg: var(--authsignal-whatsapp-background, light-dark(#fff, #111b21));
    --_border: var(--authsignal-whatsapp-border, light-dark(#6b7280, #8696a0));
    --_error: var(--authsignal-whatsapp-error, light-dark(#b3261e, #ffb4ab));
    --_radius: var(--authsignal-whatsapp-radius, 8px);
    display: block;
    color: var(--_text);
    background: var(--_bg);
    font: 1rem/1.5 var(--authsignal-whatsapp-font, system-ui, sans-serif);
    overflow-wrap: anywhere;
  }
  :host([hidden]),
  [hidden] {
    /* important: a page's ::part(button) { display: … } must not show the hidden send button. */
    display: none !important;
  }
  p {
    margin: 0.5em 0;
  }
  p:empty {
    margin: 0;
  }
  [part='error'] {
    color: var(--_error);
  }
  label {
    display: block;
    font-weight: 600;
  }
  .row {
    /* The code field's cells shrink to fit it (cqi, below). */
    container-type: inline-size;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  button,
  input {
    font: inherit;
    min-height: 2.75em;
  }
  /* Not on the code field: there it would clip the corners of the first box. */
  button {
    border-radius: var(--_radius);
    cursor: pointer;
    padding: 0 1.25em;
    border: 2px solid transparent;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  button.link {
    margin-top: 0.5em;
    padding: 0 0.25em;
    background: none;
    color: inherit;
    text-decoration: underline;
  }
  :disabled {
    cursor: not-allowed;
    opacity: 0.65;
  }
  /* Read by screen readers, not shown. */
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* One box per digit, painted behind the one real field: autofill, paste and screen readers
     meet a plain input. Each digit has a cell --c wide (its letter-spacing is the rest of
     the cell) with a box under it; --n, the code length, comes from render(). The field
     reaches half a cell past its boxes: the letter-spacing after the last digit and the
     caret must fit in it, or the text would scroll out of its boxes. Cells shrink to fit
     the row (10 digits fit a 320 px phone). The digits stay left to right on right-to-left
     pages (the field has dir="ltr") and are 16px at least: iOS zooms in on smaller text.
     The transparent top and bottom borders leave the boxes' top and bottom edges showing:
     the inner layer is clipped to the padding box. */
  input {
    --c: min(2.75em,100cqi/(var(--n) + 1));
    width: calc(var(--n)*var(--c));
    padding: 0 0 0 calc(var(--c)/2 - .5ch);
    border: 0;
    border-block: .1em solid #0000;
    font-size: max(16px,1em);
    letter-spacing: calc(var(--c) - 1ch);
    font-variant-numeric: tabular-nums;
    color: inherit;
    /* Written tight: the minifier keeps the spaces inside functions. */
    background:
      repeating-linear-gradient(90deg,#0000 0 .3em,var(--_bg) 0 calc(var(--c) - .3em),#0000 0 var(--c)) padding-box,repeating-linear-gradient(90deg,#0000 0 .2em,var(--_border) 0 calc(var(--c) - .2em),#0000 0 var(--c)) border-box;
    background-size: calc(var(--n)*var(--c));
    background-repeat: no-repeat;
    /* Forced colours would drop the gradients, and the boxes with them. Their colours (the
       border colour, 4.5:1 or more on either scheme's background) and the digits (the
       forced text colour, inherited) stay readable on the system's colours. */
    forced-color-adjust: none;
  }
  input[aria-invalid='true'] {
    --_border: var(--_error);
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .done {
    font-weight: 600;
  }
  [aria-busy='true']::after {
    content: '';
    display: inline-block;
    width: 0.8em;
    height: 0.8em;
    margin-inline-start: 0.5em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    vertical-align: -0.1em;
  }
  @media (prefers-reduced-motion: no-preference) {
    [aria-busy='true']::after {
      animation: spin 0.8s linear infinite;
    }
  }
  /* Forced colors drop backgrounds and keep transparent borders transparent: draw a border. */
  @media (forced-colors: active) {
    button:not(.link) {
      border-color: ButtonText;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
`;
