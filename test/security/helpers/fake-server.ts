/**
 * A stand-in for `fetch` that plays generated server answers, behaving as a browser's
 * fetch does where the element can tell: aborts reject with an AbortError (before the
 * answer) or fail the body (after it); a redirect under `redirect: 'error'` is a network
 * error; a dropped connection fails the body mid-way. The response is a plain object with
 * real `Headers` and a `text()` this fake settles itself, the same moment in every engine;
 * real `Response` objects over real HTTP are the business of faults.test.ts.
 *
 * 1xx answers cannot be built (`new Response()` takes 200-599 only) and a browser never
 * hands one to the page as the final answer: it reads past them. So an answer's `interim`
 * 1xx statuses are recorded and skipped, and an answer that is *only* interim leaves the
 * request waiting, as a real one would, until the element's timeout aborts it. The real
 * 1xx bytes go over HTTP in faults.test.ts (test/security/server.mjs sends them).
 */
import fc from 'fast-check';

export type BodySpec =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  /** Large bodies: `size` characters of JSON (an over-long field) or of plain text. */
  | { kind: 'huge'; size: number; json: boolean; field: string }
  /** The connection drops after the first half. */
  | { kind: 'drop'; text: string }
  /** Headers and the first half now, the rest only when `finishBody()` is called. */
  | { kind: 'slow'; text: string };

export interface Answer {
  /** 1xx answers before the final one; the browser consumes them. */
  interim: number[];
  /** `response`; `network-error` (no answer: offline, DNS, CORS); `interim-only` (no final answer). */
  kind: 'response' | 'network-error' | 'interim-only';
  status: number;
  headers: [string, string][];
  body: BodySpec;
}

export type Route = 'start' | 'verify';

export interface FakeCall {
  route: Route | 'other';
  url: string;
  init: RequestInit;
  /** waiting: no answer yet; body: answer given, body not fully read; settled: done. */
  phase: 'waiting' | 'body' | 'settled';
  aborted: boolean;
  /** Whatever the harness wants to remember (the command that caused it). */
  tag?: string;
  answer?: Answer;
  respond(answer: Answer): void;
  finishBody(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([204, 205, 304]);

export const bodyText = (body: BodySpec): string => {
  switch (body.kind) {
    case 'empty':
      return '';
    case 'huge':
      return body.json ? JSON.stringify({ [body.field]: 'x'.repeat(body.size) }) : 'x'.repeat(body.size);
    default:
      return body.text;
  }
};

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');

export class FakeServer {
  readonly calls: FakeCall[] = [];
  /** Called for each request as it is made, before anything else (for checks at call time). */
  onCall?: (call: FakeCall) => void;

  readonly fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    const route: FakeCall['route'] = url.endsWith('/challenge/whatsapp') ? 'start' : url.endsWith('/verify/whatsapp') ? 'verify' : 'other';
    const signal = init.signal ?? undefined;
    let resolveResponse!: (response: Response) => void;
    let rejectResponse!: (error: unknown) => void;
    const response = new Promise<Response>((resolve, reject) => {
      resolveResponse = resolve;
      rejectResponse = reject;
    });
    let finish: (() => void) | undefined;
    let fail: ((error: unknown) => void) | undefined;

    const call: FakeCall = {
      route,
      url,
      init,
      phase: 'waiting',
      aborted: false,
      respond: (answer) => {
        if (call.phase != 'waiting') return;
        call.answer = answer;
        if (answer.kind == 'interim-only') return; // the browser keeps waiting for a final answer
        if (answer.kind == 'network-error') {
          call.phase = 'settled';
          return rejectResponse(new TypeError('Failed to fetch'));
        }
        const headers = new Headers();
        for (const [name, value] of answer.headers) headers.append(name, value);
        // redirect: 'error' turns a redirect into a network error; the element asks for it.
        if (REDIRECTS.has(answer.status) && headers.has('Location') && init.redirect == 'error') {
          call.phase = 'settled';
          return rejectResponse(new TypeError('Failed to fetch: redirect refused'));
        }
        if (REDIRECTS.has(answer.status) && headers.has('Location')) {
          throw new Error(`the client would follow a redirect (redirect: ${init.redirect})`);
        }
        // Not a real Response: one whose body this fake settles itself, so that every engine
        // sees it at the same moment (a real Response's body takes engine-specific turns).
        const kind = NULL_BODY.has(answer.status) ? 'empty' : answer.body.kind;
        const text = NULL_BODY.has(answer.status) ? '' : bodyText(answer.body);
        // What response.text() does with the bytes: UTF-8, byte order mark dropped.
        const decoded = new TextDecoder().decode(new TextEncoder().encode(text));
        let body: Promise<string>;
        if (kind == 'drop') {
          body = Promise.reject(new TypeError('network error: connection reset mid-body'));
          call.phase = 'settled';
        } else if (kind == 'slow') {
          body = new Promise<string>((resolve, reject) => {
            finish = () => resolve(decoded);
            fail = reject;
          });
          call.phase = 'body';
        } else {
          body = Promise.resolve(decoded);
          call.phase = 'settled';
        }
        body.catch(() => undefined); // read or not, a failed body is no unhandled rejection
        const fake = {
          status: answer.status,
          ok: answer.status >= 200 && answer.status <= 299,
          statusText: '',
          headers,
          redirected: false,
          type: 'basic',
          url,
          text: () => body,
          json: () => body.then(JSON.parse),
        };
        resolveResponse(fake as unknown as Response);
      },
      finishBody: () => {
        if (call.phase != 'body') return;
        call.phase = 'settled';
        finish?.();
      },
    };

    const onAbort = () => {
      if (call.phase == 'settled') return;
      call.aborted = true;
      if (call.phase == 'waiting') rejectResponse(abortError());
      else fail?.(abortError()); // as a real body stream errors when its fetch is aborted
      call.phase = 'settled';
    };
    this.calls.push(call);
    this.onCall?.(call);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return response;
  };

  /** Requests with no final answer yet (their body included). */
  get inFlight(): FakeCall[] {
    return this.calls.filter((call) => call.phase != 'settled');
  }
}

// ---------------------------------------------------------------------------------------
// Generated answers
// ---------------------------------------------------------------------------------------

/** A header value a server may send (latin-1, no control characters that end a header). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** Retry-After: well-formed (seconds, HTTP dates) and not (negative, fractions, huge, junk). */
export const retryAfterValue = fc.oneof(
  fc.nat({ max: 600 }).map(String),
  fc.nat({ max: 10 }).map((n) => `  ${n}\t`),
  fc.integer({ min: 16, max: 400 }).map((n) => '9'.repeat(n)),
  fc.integer({ min: -3600, max: -1 }).map(String),
  fc.double({ min: 0, max: 100, noNaN: true }).map(String),
  fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom('', ' ', 'soon', 'Infinity', 'NaN', '1e3', '0x10', '5, 10', 'Wed, 99 Foo 2026 99:99:99 GMT', 'Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', '-0', '+5'),
  headerValue,
);

const headerName = fc.oneof(
  fc.constantFrom('Content-Type', 'Cache-Control', 'Location', 'Set-Cookie', 'WWW-Authenticate', 'X-Request-Id', 'Content-Language', 'Link', 'Refresh'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
);

export const answerHeaders: fc.Arbitrary<[string, string][]> = fc
  .tuple(
    fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
    fc.option(retryAfterValue, { nil: undefined, freq: 2 }),
    fc.option(fc.constantFrom('https://evil.example/steal', '/v1/client/challenge/whatsapp', 'javascript:alert(1)', ''), { nil: undefined, freq: 4 }),
  )
  .map(([others, retryAfter, location]) => [
    ...others,
    ...(retryAfter !== undefined ? [['Retry-After', retryAfter] as [string, string]] : []),
    ...(location !== undefined ? [['Location', location] as [string, string]] : []),
  ]);

/** Strings a hostile or broken server may put in any field. */
export const serverString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', '<img src=x onerror=alert(1)>', '\u202e\u0000', 'too_many_requests', 'expired_token', 'invalid_code'),
);

/** Any JSON-ish value, with the field names the element reads mixed in at odd types. */
const jsonValue = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: serverString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, [], {}) },
);

export const startSuccess = fc.record({ challengeId: fc.oneof(fc.uuid(), serverString) });
export const verifySuccess = fc.oneof(
  fc.record({ isVerified: fc.constant(true), accessToken: fc.oneof(fc.stringMatching(/^[\w-]{10,40}$/), serverString) }),
  fc.record({
    isVerified: fc.constant(false),
    failureReason: fc.oneof(fc.constantFrom('CODE_INVALID_OR_EXPIRED', 'MAX_ATTEMPTS_EXCEEDED'), serverString),
  }),
);
export const errorBody = fc.record(
  { error: jsonValue, errorCode: jsonValue, errorDescription: jsonValue, failureReason: jsonValue, extra: jsonValue },
  { requiredKeys: [] },
);

const jsonText = (value: fc.Arbitrary<unknown>) => value.map((v) => ({ kind: 'text', text: JSON.stringify(v) ?? 'null' }) as BodySpec);

/** A body: documented JSON for the stage, error JSON, other JSON, non-JSON, empty, huge, cut off, slow. */
export const answerBody = (route: Route): fc.Arbitrary<BodySpec> => {
  const documented = route == 'start' ? startSuccess : verifySuccess;
  const text = fc.oneof(
    { weight: 6, arbitrary: jsonText(documented) },
    { weight: 4, arbitrary: jsonText(errorBody) },
    { weight: 2, arbitrary: jsonText(fc.record({ isVerified: jsonValue, accessToken: jsonValue, challengeId: jsonValue }, { requiredKeys: [] })) },
    { weight: 2, arbitrary: jsonText(fc.jsonValue()) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom('<!doctype html><h1>502 Bad Gateway</h1>', '{"challengeId":', 'null', '[]', '"str"', '{}', '\ufeff{"challengeId":"bom"}', ' {"isVerified":true,"accessToken":"ws"} '),
        )
        .map((t) => ({ kind: 'text', text: t }) as BodySpec),
    },
  );
  return fc.oneof(
    { weight: 12, arbitrary: text },
    { weight: 1, arbitrary: fc.constant({ kind: 'empty' } as BodySpec) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('huge' as const),
        size: fc.integer({ min: 100_000, max: 2_000_000 }),
        json: fc.boolean(),
        field: fc.constantFrom('errorDescription', 'challengeId', 'accessToken', 'failureReason', 'error'),
      }),
    },
    { weight: 2, arbitrary: text.map((b) => ({ kind: 'drop', text: bodyText(b) || 'x' }) as BodySpec) },
    { weight: 2, arbitrary: text.map((b) => ({ kind: 'slow', text: bodyText(b) }) as BodySpec) },
  );
};

export const anyStatus = fc.oneof(
  { weight: 6, arbitrary: fc.constant(200) },
  { weight: 4, arbitrary: fc.constantFrom(400, 401, 404, 429, 500, 502, 503) },
  { weight: 4, arbitrary: fc.integer({ min: 200, max: 599 }) },
  { weight: 1, arbitrary: fc.constantFrom(201, 204, 205, 301, 302, 303, 304, 307, 308) },
);

/** A whole answer for a request on `route`: any status 100-599, any headers, any body. */
export const answerFor = (route: Route): fc.Arbitrary<Answer> =>
  fc.record({
    interim: fc.array(fc.integer({ min: 100, max: 199 }), { maxLength: 2 }),
    kind: fc.oneof(
      { weight: 20, arbitrary: fc.constant('response' as const) },
      { weight: 2, arbitrary: fc.constant('network-error' as const) },
      { weight: 1, arbitrary: fc.constant('interim-only' as const) },
    ),
    status: anyStatus,
    headers: answerHeaders,
    body: answerBody(route),
  });
