// Injected by scripts/bench.mjs before any script of the page runs (evaluateOnNewDocument).
(() => {
  // A page that fails to load says why, instead of leaving the driver waiting.
  addEventListener('error', (event) => (window.__benchError ??= event.message));
  addEventListener('unhandledrejection', (event) => (window.__benchError ??= String(event.reason?.message ?? event.reason)));

  window.__originals = { setTimeout, setInterval, requestAnimationFrame, requestIdleCallback, fetch };

  // Idle work: every timer and frame callback scheduled, and every one that fires, while
  // __idle.counting is true (a setInterval set up earlier is caught when it fires).
  const idle = (window.__idle = { counting: false, scheduled: {}, fired: {}, stacks: [] });
  for (const name of ['setTimeout', 'setInterval', 'requestAnimationFrame', 'requestIdleCallback']) {
    const original = window[name];
    idle.scheduled[name] = 0;
    idle.fired[name] = 0;
    window[name] = function (callback, ...rest) {
      if (idle.counting) {
        idle.scheduled[name]++;
        idle.stacks.push(`${name} from ${new Error().stack.split('\n').slice(2, 5).join(' < ')}`);
      }
      const counted =
        typeof callback == 'function'
          ? function (...args) {
              if (idle.counting) idle.fired[name]++;
              return callback.apply(this, args);
            }
          : callback;
      return original.call(this, counted, ...rest);
    };
  }

  // Click-to-request: a mark when the click event starts its dispatch (the first listener
  // of all: window, capture phase), a mark when fetch is called. `sameTask` is true while
  // the click's task (with its microtasks) runs: a message posted at the click arrives
  // only after it.
  let inClickTask = false;
  addEventListener(
    'click',
    () => {
      performance.mark('click');
      inClickTask = true;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (inClickTask = false);
      channel.port2.postMessage(null);
    },
    { capture: true },
  );

  // No network: fetch records the call and answers 200 at once.
  const requests = (window.__requests = []);
  window.fetch = function (input, init) {
    performance.mark('request');
    const button = document.getElementById('host')?.firstElementChild?.shadowRoot?.querySelector('button');
    requests.push({
      sameTask: inClickTask,
      // The element marks its button aria-busy when it renders the "sending" state.
      renderedFirst: button?.getAttribute('aria-busy') == 'true',
      url: String(input),
      method: init?.method,
    });
    return Promise.resolve(
      new Response('{"challengeId":"bench-challenge"}', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
  };
})();
