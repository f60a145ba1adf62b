// Plain HTTP for the tests that act as an attacker would: fetch with a cookie jar, no
// redirects followed, form bodies.

/** Cookies by name, as a browser would keep them for one site (path and expiry ignored). */
export class CookieJar {
  /** @type {Map<string, string>} */
  cookies = new Map();

  /** @param {Response} response */
  take(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()) ||
        attributes.some((a) => /^\s*max-age=0/i.test(a)) || value === 'deleted' || value === '+';
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Whether the jar holds a WordPress sign-in cookie (wordpress_logged_in_* or an auth cookie). */
  signedIn() {
    return [...this.cookies.keys()].some((name) => /^wordpress_(logged_in_|sec_|[0-9a-f]{32}$)/.test(name));
  }
}

/**
 * One request, redirects not followed; Set-Cookie goes into the jar.
 * @param {string} url
 * @param {{ jar?: CookieJar, form?: Record<string, string> | URLSearchParams, method?: string, headers?: Record<string, string> }} [options]
 *   form: a URLSearchParams keeps repeated names (roles[]=a&roles[]=b)
 */
export async function request(url, { jar, form, method, headers = {} } = {}) {
  const response = await fetch(url, {
    method: method ?? (form ? 'POST' : 'GET'),
    redirect: 'manual',
    headers: {
      ...(jar ? { cookie: jar.header() } : {}),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  jar?.take(response);
  const body = await response.text();
  return { status: response.status, location: response.headers.get('location') ?? '', body, headers: response.headers };
}
