/**
 * The text a keyword is looked for in: the searched columns of `users` (under `alias`, e.g. `u.`),
 * lower-cased and joined by a character no keyword can hold (keywords with control characters match
 * nothing), so that no match spans two columns. On PostgreSQL, queries must use exactly this
 * expression for the trigram index to serve them.
 */
export function searchExpression(postgres: boolean, alias: string): string {
  const separator = postgres ? 'chr(1)' : 'char(1)';
  const columns = ['name_key', 'display_name', 'email_key', 'full_name'].map(
    (c) => `coalesce(${alias}${c}, '')`,
  );
  return `lower(${columns.join(` || ${separator} || `)})`;
}
