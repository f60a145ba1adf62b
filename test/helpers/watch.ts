/**
 * Watching what the element does to the page and to the network while tests call into it
 * from everywhere: errors that reach the page, how often each method call settles, and how
 * many Client API requests are in flight at once. Nothing here answers for the server:
 * every request still goes to the simulator over real HTTP.
 */

/** Uncaught errors and unhandled rejections on this page while it is installed. */
export interface PageErrors {
  readonly errors: string[];
  stop(): void;
}

/** Starts recording `error` and `unhandledrejection` on window. */
export const recordPageErrors = (): PageErrors => {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) =>
    errors.push(`unhandledrejection: ${String(event.reason?.stack ?? event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
};

/** One method call as a test sees it: how it settled, and how many times. */
export interface Call<T = unknown> {
  readonly name: string;
  /** Settlements seen: a promise settles at most once, so anything but 0 or 1 is a bug in the test. */
  settlements: number;
  value?: T;
  /** Set when the call's promise rejected (methods must never reject). */
  rejection?: unknown;
  readonly done: Promise<void>;
}

/**
 * Follows a method call's promise. A call whose method threw synchronously counts as a
 * rejection too: to the page, both are an error it did not expect.
 */
export const follow = <T>(name: string, call: () => Promise<T>): Call<T> => {
  const record = { name, settlements: 0 } as Call<T> & { done: Promise<void> };
  let promise: Promise<T>;
  try {
    promise = Promise.resolve(call());
  } catch (error) {
    promise = Promise.reject(error);
  }
  record.done = promise.then(
    (value) => {
      record.settlements++;
      record.value = value;
    },
    (error) => {
      record.settlements++;
      record.rejection = error ?? 'rejected with nothing';
    },
  );
  return record;
};

/** A Client API request the element sent, as the page's fetch saw it. */
export interface SentRequest {
  path: string;
  /** Bearer token it carried. */
  token: string;
  /** How many Client API requests were in flight when this one was sent, itself included. */
  inFlightAtSend: number;
}

export interface FetchWatch {
  readonly sent: SentRequest[];
  /** The most Client API requests in flight at once so far. */
  readonly maxInFlight: number;
  readonly inFlight: number;
  stop(): void;
}

/** Is this a request to a Client API route (not the test's own /sim/ control traffic)? */
const isClientApi = (url: string) => /\/(challenge|verify)\/whatsapp$/.test(new URL(url, location.href).pathname);

/**
 * Wraps window.fetch to count Client API requests in flight; each still goes to the real
 * server. A request stops being in flight when its answer's headers arrive, when it fails,
 * or the moment its signal aborts (abort() is synchronous, the fetch's rejection is not).
 * `latency` adds a wait after the real answer arrives, as a slow network would, so that
 * calls overlap; an abort during that wait rejects as fetch would. `onSend` sees each
 * Client API request as it is sent (to check what held at that moment).
 */
export const watchFetch = ({ latency, onSend }: { latency?: () => number; onSend?: (request: SentRequest) => void } = {}): FetchWatch => {
  const original = window.fetch;
  const sent: SentRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    if (!isClientApi(url)) return original.call(window, input, init);
    let finished = false;
    const finish = () => {
      if (!finished) inFlight--;
      finished = true;
    };
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const request = {
      path: new URL(url, location.href).pathname,
      token: (headers.get('authorization') ?? '').replace(/^Bearer /, ''),
      inFlightAtSend: inFlight,
    };
    sent.push(request);
    onSend?.(request);
    const signal = init?.signal ?? undefined;
    signal?.addEventListener('abort', finish, { once: true });
    try {
      const response = await original.call(window, input, init);
      const wait = latency?.() ?? 0;
      if (wait > 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, wait);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
          }, { once: true });
        });
      }
      return response;
    } finally {
      finish();
    }
  };
  window.fetch = wrapped as typeof fetch;
  return {
    sent,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    stop() {
      if (window.fetch === wrapped) window.fetch = original;
    },
  };
};
