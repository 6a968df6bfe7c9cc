/**
 * The one function that hides the credentials a connection string can carry,
 * wherever one is shown: errors, `config list`, `profile list`, `db status`,
 * the location of a database in any output.
 *
 * - userinfo: `postgres://ana:s3cret@db/x` → `postgres://ana:***@db/x`, also
 *   when the password holds an unencoded `@`, `/` or `?` (the host is what
 *   follows the last `@` of the authority);
 * - query parameters that carry secrets: `password`, `sslpassword` (the
 *   passphrase of `sslkey`), and any name with pass, pwd, secret, token or
 *   apikey in it: `?password=x` → `?password=***`;
 * - `password=...` pairs outside URLs (libpq key/value strings in messages).
 *
 * It takes any text and masks every URL in it, so a whole error message can
 * go through it.
 */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]*/gi;
const SECRET_KEY = /pass|pwd|secret|token|api[-_]?key/i;
const HOST_LIKE = /^[\w.\-[\]:%]*$/;
const MASK = '***';

export function maskSecrets(text: string): string {
  return text
    .replace(URL_IN_TEXT, maskUrl)
    .replace(
      /\b((?:ssl)?password|pwd)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&'"]+)/gi,
      (whole, key: string, eq: string, value: string) => (value === MASK ? whole : `${key}${eq}${MASK}`),
    );
}

function maskUrl(url: string): string {
  const schemeEnd = url.indexOf('://') + 3;
  const scheme = url.slice(0, schemeEnd);
  let rest = url.slice(schemeEnd);
  const at = userinfoEnd(rest);
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) rest = `${userinfo.slice(0, colon)}:${MASK}${rest.slice(at)}`;
  }
  return scheme + maskQuery(rest);
}

/** Where the userinfo ends (the `@` before the host), or -1. */
function userinfoEnd(rest: string): number {
  const queryStart = rest.search(/[?#]/);
  const authority = queryStart < 0 ? rest : rest.slice(0, queryStart);
  const beforeQuery = authority.lastIndexOf('@');
  if (beforeQuery >= 0) return beforeQuery;
  // A password holding an unencoded `?` or `#`: the last `@` followed by a host.
  for (let i = rest.lastIndexOf('@'); i >= 0; i = rest.lastIndexOf('@', i - 1)) {
    const host = rest.slice(i + 1).split(/[/?#]/, 1)[0] ?? '';
    if (host !== '' && HOST_LIKE.test(host)) return i;
    if (i === 0) break;
  }
  return -1;
}

function maskQuery(rest: string): string {
  const q = rest.indexOf('?');
  if (q < 0) return rest;
  const query = rest.slice(q + 1);
  // A value runs to the next `&name=` (a secret may hold a bare `&`), `#` or the end.
  const masked = query.replace(/(^|&)([^=&#]+)=(.*?)(?=&[^=&#]+=|#|$)/g, (whole, sep: string, key: string) =>
    SECRET_KEY.test(decodeSafe(key)) ? `${sep}${key}=${MASK}` : whole,
  );
  return `${rest.slice(0, q + 1)}${masked}`;
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
