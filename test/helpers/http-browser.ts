/** Every URL any TestBrowser requested, in order (tests look for secrets that must not be logged). */
export const requestedUrls: string[] = [];

/** One cookie as a browser keeps it. */
interface Cookie {
  value: string;
  path: string;
}

/**
 * A small browser over fetch: a cookie jar (per host, with paths and deletion, as browsers do;
 * ports do not separate cookies), redirects followed one by one, and HTML forms submitted with their
 * hidden fields. Enough to drive an OpenID Connect login through a provider's login form.
 */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, Cookie>>();

  /** One request, no redirect followed; cookies sent and stored. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    requestedUrls.push(target.href);
    const headers: Record<string, string> = {};
    const cookies = [...(this.jar.get(target.hostname) ?? new Map()).entries()]
      .filter(([, c]) => target.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`);
    if (cookies.length) headers.cookie = cookies.join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.store(target, line);
    return response;
  }

  /** The value of a cookie this browser holds for `host`, if any. */
  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name)?.value;
  }

  forget(host: string, name: string): void {
    this.jar.get(host)?.delete(name);
  }

  /**
   * Follows redirects from `url`, submitting each HTML form met on the way (filling `login` and
   * `password` fields from `fill`), until a redirect leaves for `stopAt` (a URL prefix that is not
   * fetched). Returns that redirect's target, or the last response when the chain ends elsewhere.
   */
  async follow(
    url: string,
    stopAt: string[],
    fill: Record<string, string> = {},
  ): Promise<{ location: string | null; response: Response }> {
    let next: { url: string; method?: string; form?: Record<string, string> } = { url };
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(next.url, next);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const absolute = new URL(location, next.url).href;
        if (stopAt.some((prefix) => absolute.startsWith(prefix))) return { location: absolute, response };
        next = { url: absolute };
        continue;
      }
      const html = response.status === 200 ? await response.text() : '';
      const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
      if (!form) return { location: null, response };
      const fields: Record<string, string> = {};
      for (const input of form[2]!.matchAll(/<input[^>]*>/g)) {
        const name = /name="([^"]+)"/.exec(input[0])?.[1];
        if (!name) continue;
        fields[name] = fill[name] ?? decodeHtml(/value="([^"]*)"/.exec(input[0])?.[1] ?? '');
      }
      next = { url: new URL(decodeHtml(form[1]!), next.url).href, method: 'POST', form: fields };
    }
    throw new Error('too many redirects');
  }

  private store(url: URL, line: string): void {
    const [pair, ...attributes] = line.split(';');
    const i = pair!.indexOf('=');
    if (i <= 0) return;
    const name = pair!.slice(0, i).trim();
    const value = pair!.slice(i + 1).trim();
    let path = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1) || '/';
    let expired = false;
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.trim().split('=');
      const v = rest.join('=');
      if (key!.toLowerCase() === 'path') path = v || '/';
      if (key!.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (key!.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
    }
    const cookies = this.jar.get(url.hostname) ?? new Map<string, Cookie>();
    this.jar.set(url.hostname, cookies);
    if (expired) cookies.delete(name);
    else cookies.set(name, { value, path });
  }
}

function decodeHtml(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x2F;/g, '/')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** The parameters in a URL's fragment (where idgate puts the session token). */
export function fragmentOf(url: string): URLSearchParams {
  return new URLSearchParams(new URL(url).hash.slice(1));
}
