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
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  button,
  input {
    font: inherit;
    min-height: 2.75em;
    border-radius: var(--_radius);
  }
  button {
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
  input {
    box-sizing: content-box;
    padding: 0 0.5em;
    border: 2px solid var(--_border);
    background: var(--_bg);
    color: inherit;
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.2em;
  }
  input[aria-invalid='true'] {
    border-color: var(--_error);
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
