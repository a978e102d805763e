import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NAME_KEY_MAX, nameKey } from '../../src/domain/names';
import { NAME_MAX, NAME_PATTERN, isValidName } from '../../src/domain/rules';

/**
 * Property tests of name comparison (src/domain/names.ts): the form `nameKey` gives is what makes
 * two login or group names one name. A fixed seed keeps runs repeatable; fast-check prints the seed
 * and the shrunk counterexample when a property fails.
 */
const RUNS = { seed: 0x1d6a7e, numRuns: 2000 };

/**
 * Characters where case mapping and compatibility forms are known to be tricky: the sharp s in both
 * cases, dotted and dotless i, Greek final sigma and iota subscript, title-case digraphs, ligatures,
 * characters whose upper case is several characters, full-width forms and combining marks.
 */
const TRICKY = [...'ẞßİıiIςσΣͅιΙǅǄǆﬁﬀﬃŉΐΰǰẖﬓᾳᾼῳＡａＩｉ\u0307\u0301\u0345K\u212a\u2126Ωµμ'];
/** Any string of Unicode scalar values (controls and combining marks included), rich in TRICKY ones. */
const anyText = fc.string({
  unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom(...TRICKY)),
  maxLength: 40,
});

/** Characters that name authors really type, by script; they all match NAME_PATTERN on their own. */
const NAME_CHARS = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@+-',
  'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝĳĲŉſǅǆǄ',
  'αβγδεζηθικλμνξοπρσςτυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩάέήίόύώΐΰ',
  'абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯёЁ',
  '山田太郎李王张ひらがなカタカナｱｲｳｶﾀﾅ한국어',
  'ａｂｃＡＢＣ０１２𝐀𝐚𝟏ﬁﬂﬀ',
].join('');
const nameChar = fc.constantFrom(...NAME_CHARS);
/** Names from NAME_CHARS, 1..NAME_MAX characters: valid unless their key is too long. */
const typedName = fc.string({ unit: nameChar, minLength: 1, maxLength: 30 });

/** Any single character that NAME_PATTERN accepts (drawn from the whole of Unicode). */
const patternChar = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter((c) => NAME_PATTERN.test(c));
/** Any string NAME_PATTERN accepts, of 1..NAME_MAX characters. */
const patternName = fc
  .array(patternChar, { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join('').slice(0, NAME_MAX))
  .filter((s) => s.length > 0 && NAME_PATTERN.test(s));

/** Plain letters and digits with their compatibility look-alikes (each is a valid name on its own). */
function lookAlikes(c: string): string[] {
  const code = c.charCodeAt(0);
  const out: string[] = [];
  if (/[A-Za-z0-9]/.test(c)) out.push(String.fromCodePoint(code - 0x21 + 0xff01)); // full-width
  if (/[A-Z]/.test(c)) out.push(String.fromCodePoint(0x1d400 + code - 65)); // mathematical bold capital
  if (/[a-z]/.test(c)) out.push(String.fromCodePoint(0x1d41a + code - 97)); // mathematical bold small
  if (/[0-9]/.test(c)) out.push(String.fromCodePoint(0x1d7ce + code - 48)); // mathematical bold digit
  return out;
}

/** An ASCII name and a look-alike: each character kept, case-flipped or replaced by a compatibility form. */
const asciiNameWithLookAlike = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    minLength: 1,
    maxLength: 30,
  })
  .chain((name) =>
    fc
      .tuple(...[...name].map((c) => fc.constantFrom(c, c.toUpperCase(), c.toLowerCase(), ...lookAlikes(c))))
      .map((chars) => ({ name, lookAlike: chars.join('') })),
  );

describe('name keys (property tests)', () => {
  it('are idempotent: the key of a key is the key, for any text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const key = nameKey(s);
        assert.equal(nameKey(key), key);
      }),
      RUNS,
    );
  });

  it('do not depend on case: every upper-, lower- and mixed-case form of a name has its key', () => {
    // Names are strings of NAME_PATTERN characters; the tricky letters come in often. (A text that
    // starts with a bare combining mark, which no name can, may compose differently once upper-cased.)
    const letter = fc.oneof(
      patternChar,
      nameChar,
      fc.constantFrom(...TRICKY.filter((c) => NAME_PATTERN.test(c))),
    );
    const nameAndCase = fc
      .array(fc.tuple(letter, fc.constantFrom('keep', 'upper', 'lower')), { minLength: 1, maxLength: 40 })
      .map((chars) => ({
        name: chars.map(([c]) => c).join(''),
        variant: chars
          .map(([c, how]) => (how === 'upper' ? c.toUpperCase() : how === 'lower' ? c.toLowerCase() : c))
          .join(''),
      }));
    fc.assert(
      fc.property(nameAndCase, ({ name, variant }) => {
        const key = nameKey(name);
        assert.equal(nameKey(variant), key);
        assert.equal(nameKey(name.toUpperCase()), key);
        assert.equal(nameKey(name.toLowerCase()), key);
      }),
      RUNS,
    );
  });

  it('are equal for names that differ in case or by full-width and other compatibility forms', () => {
    fc.assert(
      fc.property(asciiNameWithLookAlike, ({ name, lookAlike }) => {
        // The look-alike is itself a valid name, so creating it next to `name` must be refused.
        assert.ok(isValidName(lookAlike), lookAlike);
        assert.equal(nameKey(lookAlike), nameKey(name));
        assert.equal(nameKey(name), name.toLowerCase());
      }),
      RUNS,
    );
    // The examples the issue names, and the sharp s in both cases.
    assert.equal(nameKey('ａｄｍｉｎ'), 'admin');
    assert.equal(nameKey('ＡＤＭＩＮ'), 'admin');
    assert.equal(nameKey('ﬁnance'), 'finance');
    assert.equal(nameKey('STRASSE'), nameKey('straße'));
    assert.equal(nameKey('STRAẞE'), nameKey('straße'));
    assert.equal(nameKey('ΟΔΥΣΣΕΥΣ'), nameKey('οδυσσευς'));
  });

  it('of valid names are at most NAME_KEY_MAX long, and a name whose key is longer is not valid', () => {
    // Characters whose compatibility form is long (U+FDFA is 18 characters), so that keys do overflow.
    const expanding = fc.constantFrom('ﷺ', 'ﷻ', 'ﷲ', 'ﬃ', 'ǆ', 'ß', 'ŉ');
    const longName = fc
      .array(fc.oneof(nameChar, expanding), { minLength: 1, maxLength: NAME_MAX, size: 'max' })
      .map((chars) => chars.join('').slice(0, NAME_MAX));
    let overflowing = 0;
    fc.assert(
      fc.property(fc.oneof(typedName, patternName, longName), (name) => {
        const keyFits = nameKey(name).length <= NAME_KEY_MAX;
        if (isValidName(name)) assert.ok(keyFits);
        // Pattern and length alone would let it through: only the key length refuses it.
        if (name.length <= NAME_MAX && NAME_PATTERN.test(name) && !keyFits) {
          overflowing++;
          assert.equal(isValidName(name), false);
        }
      }),
      RUNS,
    );
    assert.ok(overflowing > 0, 'no generated name had a key longer than NAME_KEY_MAX');
    assert.equal(isValidName('ﷺ'.repeat(15)), false); // 15 characters, a key of 270
    assert.equal(isValidName('ﷺ'.repeat(14)), true); // a key of 252
  });

  it('of names typed in common scripts are themselves names the NAME pattern accepts', () => {
    fc.assert(
      fc.property(typedName, (name) => {
        assert.match(nameKey(name), NAME_PATTERN);
      }),
      RUNS,
    );
  });

  it('of any valid name hold only letters, digits, marks, ._@+- and a few compatibility characters', () => {
    // Not every key is itself a valid name. NFKC turns some letters and digits into sequences with
    // other characters: fractions (½ -> 1⁄2), parenthesized and comma forms (⑴ -> (1), 🄁 -> 0,),
    // the Catalan middle dot (ŀ -> l·), Arabic presentation forms (a space and combining vowel marks),
    // and letters that decompose into a base and a combining mark (İ -> i̇, क़ -> क़). Keys are only
    // compared, never shown, parsed or sent to a directory, so this is harmless; what matters is that
    // no key holds a control, format or separator character beyond the plain space.
    const KEY_CHAR = /^[\p{L}\p{N}\p{M}._@+\- (),·⁄]$/u;
    fc.assert(
      fc.property(patternName, (name) => {
        fc.pre(isValidName(name));
        for (const c of nameKey(name))
          assert.match(c, KEY_CHAR, `U+${c.codePointAt(0)!.toString(16)} in ${name}`);
      }),
      RUNS,
    );
    assert.equal(nameKey('⑴'), '(1)');
    assert.equal(nameKey('½'), '1⁄2');
    assert.equal(nameKey('İ'), 'i\u0307');
    assert.ok(isValidName('⑴') && isValidName('½') && isValidName('İ'));
  });
});
