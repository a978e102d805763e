import type { AppConfig } from '../../config';
import { passwordProblem } from '../../auth/password-policy';
import {
  ATTRIBUTES_MAX_BYTES,
  DISPLAY_NAME_MAX,
  DISPLAY_NAME_MESSAGE,
  DISPLAY_NAME_PATTERN,
  NAME_MESSAGE,
  TAG_KEY_MAX,
  TAG_VALUE_MAX,
  TAGS_MAX,
  hasControlChars,
  isValidName,
} from '../../domain/rules';
import type { FieldError } from '../../errors/errors';
import type { CreateUserData, TagData, ValidityData } from './user-data';

/** Input checks of the user services: each adds what is wrong to `errors` (all problems at once). */

export function checkTags(tags: TagData[] | null | undefined, errors: FieldError[]): void {
  if (!tags) return;
  if (tags.length > TAGS_MAX) errors.push({ field: 'tags', message: `at most ${TAGS_MAX} tags` });
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    if (hasControlChars(t.key, t.value)) {
      errors.push({ field: `tags[${i}]`, message: 'must not contain control characters' });
    }
    if (t.key.length < 1 || t.key.length > TAG_KEY_MAX) {
      errors.push({ field: `tags[${i}].key`, message: `must be 1..${TAG_KEY_MAX} characters` });
    }
    if (t.value.length > TAG_VALUE_MAX) {
      errors.push({ field: `tags[${i}].value`, message: `must be at most ${TAG_VALUE_MAX} characters` });
    }
    if (seen.has(t.key)) errors.push({ field: `tags[${i}].key`, message: `"${t.key}" is given twice` });
    seen.add(t.key);
  });
}

export function checkAttributes(
  attributes: Record<string, unknown> | null | undefined,
  errors: FieldError[],
): void {
  if (attributes && Buffer.byteLength(JSON.stringify(attributes)) > ATTRIBUTES_MAX_BYTES) {
    errors.push({ field: 'attributes', message: `must be at most ${ATTRIBUTES_MAX_BYTES} bytes as JSON` });
  }
}

export function checkValidity(validity: ValidityData | null | undefined, errors: FieldError[]): void {
  if (validity?.begin && validity.end && validity.begin >= validity.end) {
    errors.push({ field: 'validity', message: 'begin must be before end' });
  }
}

/** Everything wrong with a new user's input that can be told without the database. */
export function checkNewUser(policy: AppConfig['passwordPolicy'], input: CreateUserData): FieldError[] {
  const errors: FieldError[] = [];
  if (!isValidName(input.name)) errors.push({ field: 'name', message: NAME_MESSAGE });
  const displayName = input.displayName ?? input.name;
  if (displayName.length > DISPLAY_NAME_MAX || !DISPLAY_NAME_PATTERN.test(displayName)) {
    errors.push({ field: 'displayName', message: DISPLAY_NAME_MESSAGE });
  }
  if (input.password !== undefined && input.password !== null) {
    const problem = passwordProblem(policy, input.password, input.name);
    if (problem) errors.push({ field: 'password', message: problem });
  }
  checkTags(input.tags, errors);
  checkAttributes(input.attributes, errors);
  checkValidity(input.validity, errors);
  return errors;
}
