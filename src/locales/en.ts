/** English: built in, and the fallback for every key another locale leaves out. */
export default {
  /** Text direction of the language. */
  dir: 'ltr',
  send: 'Send code on WhatsApp',
  sending: 'Sending a code to your WhatsApp…',
  sent: 'We sent a code to WhatsApp on your phone.',
  codeLabel: 'Code from WhatsApp',
  verify: 'Verify',
  verifying: 'Checking the code…',
  resend: 'Send a new code',
  /** `{time}` is a duration such as "30 seconds" (from `seconds`) or, from a minute on, "2 minutes" (from `minutes`). */
  resendIn: 'You can ask for a new code in {time}.',
  ready: 'You can ask for a new code now.',
  /** Plural forms by `Intl.PluralRules` category; `#` is the number. */
  seconds: { one: '# second', other: '# seconds' } as Record<string, string>,
  /** Used for waits of a minute or more, rounded up. */
  minutes: { one: '# minute', other: '# minutes' } as Record<string, string>,
  verified: 'Verified. You can continue.',
  /** `{n}` is the number of digits. */
  codeLength: 'Enter the {n}-digit code.',
  wrongCode: 'That code is wrong or has expired. Try again.',
  locked: 'Too many wrong codes. Ask for a new code.',
  /** `{time}` is a duration such as "30 seconds" or "60 minutes". */
  rateLimited: 'Too many requests. Try again in {time}.',
  networkError: 'Could not reach the server. Check your connection and try again.',
  timeout: 'The server took too long to answer. Try again.',
  expired: 'This session has expired. Reload the page and try again.',
  /** The same, when a new code brings a fresh session (a `tokenProvider` or `token-url`). */
  renew: 'This session has expired. Ask for a new code.',
  setupError: 'This form is not set up correctly. Please contact the site.',
  genericError: 'Something went wrong. Try again.',
  /** A `required` element's validation message while it is not verified. */
  required: 'Verify with a code from WhatsApp to continue.',
};
