/**
 * What the form tests share: the element as a form control (its typed handle), a real
 * `<form>` that posts natively into a named iframe (so the runner's page never navigates),
 * and the test server's records of form posts and token-url requests (test/form/server.mjs).
 */
import { fixture, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { latestCode, part, pasteCode, recordEvents, type Challenge } from '../helpers/element.js';

/**
 * The element with the form-control members of DESIGN.md section 2b. Written out here so
 * these tests compile before (and after) the element declares them itself.
 */
export type FormChallenge = Challenge & {
  name: string;
  required: boolean;
  tokenUrl: string | undefined;
  autosubmit: boolean;
  readonly form: HTMLFormElement | null;
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  readonly labels: NodeList;
  checkValidity(): boolean;
  reportValidity(): boolean;
};

/** The form field name every test here uses, as in the snippet. */
export const FIELD = 'authsignal_token';

/** A fresh id, so that the three engines' records on the one test server never mix. */
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export interface PostedForm {
  contentType: string;
  body: string;
  fields: [string, string][];
}

/** What was posted to `/test/form/submit?id=<id>`, oldest first. */
export const postsTo = async (id: string): Promise<PostedForm[]> =>
  (await (await fetch(`/test/form/submitted?id=${encodeURIComponent(id)}`)).json()).posts;

/** The form action that records its posts under `id`. */
export const actionFor = (id: string) => `/test/form/submit?id=${encodeURIComponent(id)}`;

export interface TokenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  bodyLength: number;
  /** The token it answered, when the server minted it (`mint=1`). */
  token?: string;
}

/** What the token endpoint received for `key`, oldest first. */
export const tokenRequests = async (key: string): Promise<TokenRequest[]> =>
  (await (await fetch(`/test/form/token-requests?key=${encodeURIComponent(key)}`)).json()).requests;

export interface TokenRoute {
  /** The token to hand over (from newToken()). */
  t?: string;
  /** The token to hand over, written backwards: a URL that does not contain the token. */
  rt?: string;
  as?: 'json' | 'text' | 'empty' | 'empty-text' | 'html';
  status?: number;
  delayMs?: number;
  drop?: boolean;
  /** Where the requests are recorded; defaults to `t`. */
  key?: string;
}

/** A same-origin token-url on the test server (a path, as a site would write it). */
export const tokenUrl = (route: TokenRoute): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(route)) {
    if (value === undefined || value === false) continue;
    query.set(name, value === true ? '1' : String(value));
  }
  return `/test/form/token?${query}`;
};

/** The form's entries for the element's field, as the browser would submit them. */
export const fieldValues = (form: HTMLFormElement, name = FIELD) => new FormData(form).getAll(name);

/**
 * Mounts `template` (which must contain a `<form target="sink">` and the element), with the
 * iframe named `sink` beside it: native submissions load there, not in the runner's page.
 */
export const mountForm = async (template: TemplateResult) => {
  const wrapper = await fixture<HTMLDivElement>(template);
  const sink = document.createElement('iframe');
  sink.name = 'sink';
  sink.title = 'Where the test form posts';
  wrapper.append(sink);
  const form = wrapper.querySelector('form')!;
  const el = wrapper.querySelector<FormChallenge>('authsignal-whatsapp-challenge')!;
  await el?.updateComplete;
  return { wrapper, form, el, sink, events: el ? recordEvents(el) : [] };
};

/** Waits until `id` received `count` posts (a native submission is asynchronous). */
export const postsArrive = async (id: string, count = 1) => {
  let posts: PostedForm[] = [];
  await waitUntil(
    async () => (posts = await postsTo(id)).length >= count,
    `expected ${count} post(s) to ${id}`,
    { timeout: 5000, interval: 100 },
  );
  return posts;
};

/**
 * Sends a code with a click, pastes the code the simulator "sent" for `token`, and
 * resolves with challenge-verified's detail.token.
 */
export const verifyByClick = async (el: FormChallenge, token: string): Promise<string> => {
  const verified = new Promise<string>((resolve, reject) => {
    el.addEventListener('challenge-verified', (e) => resolve(e.detail.token), { once: true });
    el.addEventListener('challenge-error', (e) => reject(new Error(`challenge-error ${JSON.stringify(e.detail)}`)), { once: true });
  });
  const started = new Promise((resolve) => el.addEventListener('challenge-started', resolve, { once: true }));
  part(el, 'button')!.click();
  await started;
  await el.updateComplete;
  pasteCode(el, await latestCode(token));
  const result = await verified;
  await el.updateComplete;
  return result;
};
