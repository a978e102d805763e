import { NAME_KEY_MAX, nameKey } from './names';

/** Input rules shared by the GraphQL input classes (class-validator) and the services. */

/** Login and group names: letters, digits and . _ @ + - (so an email address can be a name). */
export const NAME_PATTERN = /^[\p{L}\p{N}._@+-]+$/u;
export const NAME_MESSAGE = 'must be 1..100 characters: letters, digits and . _ @ + -';
export const NAME_MAX = 100;
export const DISPLAY_NAME_MAX = 150;
/** Anything printable: no control characters and no surrounding white space. */
export const DISPLAY_NAME_PATTERN = /^(?!\s)[^\p{Cc}\p{Cf}]*(?<!\s)$/u;
export const DISPLAY_NAME_MESSAGE =
  'must be 1..150 characters with no control characters or surrounding spaces';
export const EMAIL_MAX = 254;
export const MOBILE_PATTERN = /^\+?[0-9][0-9 ()-]{2,30}$/;
export const MOBILE_MESSAGE = 'must be a phone number: digits, spaces, ( ) - and an optional leading +';
export const TAG_KEY_MAX = 100;
export const TAG_VALUE_MAX = 255;
export const TAGS_MAX = 50;
export const ATTRIBUTES_MAX_BYTES = 16 * 1024;
export const PAGE_MAX = 500;

export function isValidName(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= NAME_MAX &&
    NAME_PATTERN.test(name) &&
    nameKey(name).length <= NAME_KEY_MAX
  );
}

/**
 * True when a text holds a control character (NUL among them). No name, key or keyword stored here
 * can contain one, so lookups answer "nothing" at once, without asking a database that may choke.
 */
export function hasControlChars(...texts: (string | null | undefined)[]): boolean {
  return texts.some((t) => typeof t === 'string' && /\p{Cc}/u.test(t));
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids handed out here are UUIDs; anything else names nothing. */
export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}
