import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeFilterBytes } from '../../backends/ldap/escape';
import type { LdapEntry } from '../../backends/ldap/ldap-client';
import { defaultKeyFormat, guidFromBytes, guidToBytes, LdapKey } from '../../backends/ldap/ldap-keys';
import { ldapBackendConfigSchema, ldapSettings } from '../../backends/ldap/ldap.config';
import { guidString } from '../helpers/guid';

/**
 * The stable keys of LDAP entries (backends/ldap/ldap-keys.ts), above all Active Directory's binary
 * objectGUID: its string form, the bytes back from it, and the filter that finds it.
 */
const RUNS = { seed: 0x6a1d, numRuns: 1000 };

/** Decodes an RFC 4515 assertion value made only of `\XX` escapes into its bytes. */
function bytesOfEscapes(value: string): Buffer {
  assert.match(value, /^(?:\\[0-9a-f]{2})*$/);
  return Buffer.from(value.replace(/\\/g, ''), 'hex');
}

function entry(attrs: Record<string, string[]>, bytes: Record<string, Buffer[]> = {}): LdapEntry {
  return { dn: 'uid=x,ou=people,dc=example,dc=org', attrs, bytes };
}

const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a));

describe('LDAP keys: objectGUID', () => {
  it('writes the bytes as AD does: the first three groups byte-reversed, lower case', () => {
    const bytes = Buffer.from('33221100554477668899aabbccddeeff', 'hex');
    assert.equal(guidFromBytes(bytes), '00112233-4455-6677-8899-aabbccddeeff');
    assert.deepEqual(guidToBytes('00112233-4455-6677-8899-aabbccddeeff'), bytes);
    // Either case is read; what is shown is lower case.
    assert.deepEqual(guidToBytes('00112233-4455-6677-8899-AABBCCDDEEFF'), bytes);
  });

  it('round-trips any 16 bytes, and agrees with reading the fields as little-endian numbers', () => {
    fc.assert(
      fc.property(bytes16, (bytes) => {
        const guid = guidFromBytes(bytes)!;
        assert.equal(guid, guidString(bytes));
        assert.deepEqual(guidToBytes(guid), bytes);
        assert.deepEqual(guidToBytes(guid.toUpperCase()), bytes);
      }),
      RUNS,
    );
  });

  it('refuses anything that is not 16 bytes or a GUID string', () => {
    assert.equal(guidFromBytes(Buffer.alloc(15)), null);
    assert.equal(guidFromBytes(Buffer.alloc(17)), null);
    assert.equal(guidFromBytes(Buffer.alloc(0)), null);
    for (const text of [
      '',
      '00112233445566778899aabbccddeeff',
      '{00112233-4455-6677-8899-aabbccddeeff}',
      '00112233-4455-6677-8899-aabbccddeef',
      '00112233-4455-6677-8899-aabbccddeeffa',
      '0011223g-4455-6677-8899-aabbccddeeff',
      '00112233-4455-6677-8899-aabbccddeeff\n',
      '*',
    ]) {
      assert.equal(guidToBytes(text), null, JSON.stringify(text));
    }
  });

  it('finds a GUID with an equality filter of its 16 bytes, every byte escaped', () => {
    const key = new LdapKey('objectGUID', 'guid');
    assert.equal(
      key.filter('00112233-4455-6677-8899-aabbccddeeff'),
      '(objectGUID=\\33\\22\\11\\00\\55\\44\\77\\66\\88\\99\\aa\\bb\\cc\\dd\\ee\\ff)',
    );
    fc.assert(
      fc.property(bytes16, (bytes) => {
        const filter = key.filter(guidFromBytes(bytes)!)!;
        const match = /^\(objectGUID=(.*)\)$/s.exec(filter);
        assert.ok(match, filter);
        // Nothing raw: no byte can end the value or the filter, whatever the GUID holds.
        assert.deepEqual(bytesOfEscapes(match[1]!), bytes);
      }),
      RUNS,
    );
    assert.equal(key.filter('not-a-guid'), null);
    assert.equal(key.filter('*'), null);
    assert.equal(
      escapeFilterBytes(Buffer.from([0x00, 0x28, 0x29, 0x2a, 0x5c, 0xff])),
      '\\00\\28\\29\\2a\\5c\\ff',
    );
  });

  it('reads the key from the bytes of an entry, never from text', () => {
    const key = new LdapKey('objectGUID', 'guid');
    const bytes = Buffer.from('33221100554477668899aabbccddeeff', 'hex');
    assert.deepEqual(key.binaryAttributes, ['objectGUID']);
    assert.equal(key.read(entry({}, { objectguid: [bytes] })), '00112233-4455-6677-8899-aabbccddeeff');
    assert.equal(key.read(entry({}, { objectguid: [bytes.subarray(0, 13)] })), null);
    assert.equal(key.read(entry({ objectguid: ['00112233-4455-6677-8899-aabbccddeeff'] })), null);
    assert.equal(key.read(entry({})), null);
    assert.equal(key.normal('00112233-4455-6677-8899-AABBCCDDEEFF'), '00112233-4455-6677-8899-aabbccddeeff');
  });
});

describe('LDAP keys: text keys', () => {
  it('keeps entryUUID as it was: a UUID, compared without regard to case', () => {
    const key = new LdapKey('entryUUID', 'uuid');
    const id = '6f1c2a52-8d9e-103e-8a1b-2f0c4f6b1e11';
    assert.deepEqual(key.binaryAttributes, []);
    assert.equal(key.read(entry({ entryuuid: [id] })), id);
    assert.equal(key.read(entry({ entryuuid: ['garbage'] })), null);
    assert.equal(key.filter(id), `(entryUUID=${id})`);
    assert.equal(key.filter('garbage'), null);
    assert.equal(key.normal(id.toUpperCase()), id);
  });

  it('takes any other attribute as it is, escaped in filters and compared exactly', () => {
    const key = new LdapKey('nsUniqueId', 'text');
    assert.equal(key.read(entry({ nsuniqueid: ['a1b2-C3*'] })), 'a1b2-C3*');
    assert.equal(key.filter('a1b2-C3*'), '(nsUniqueId=a1b2-C3\\2a)');
    assert.equal(key.filter('x)(uid=*'), '(nsUniqueId=x\\29\\28uid=\\2a)');
    assert.equal(key.filter(''), null);
    assert.equal(key.filter('a\u0000b'), null);
    assert.equal(key.normal('AbC'), 'AbC');
  });

  it('picks the format from the attribute unless told', () => {
    assert.equal(defaultKeyFormat('objectGUID'), 'guid');
    assert.equal(defaultKeyFormat('objectguid'), 'guid');
    assert.equal(defaultKeyFormat('entryUUID'), 'uuid');
    assert.equal(defaultKeyFormat('ipaUniqueID'), 'text');
  });
});

describe('LDAP keys: configuration', () => {
  const base = {
    id: 'ad',
    kind: 'ldap',
    urls: ['ldaps://dc1.example.com'],
    bindDn: 'cn=idgate,dc=example,dc=com',
    bindPassword: 'secret',
    userBaseDn: 'ou=staff,dc=example,dc=com',
    groupBaseDn: 'ou=groups,dc=example,dc=com',
  };

  it('defaults to entryUUID; objectGUID is read as a GUID', () => {
    const plain = ldapSettings(ldapBackendConfigSchema.parse(base));
    assert.deepEqual([plain.keyAttribute, plain.keyFormat], ['entryUUID', 'uuid']);
    const ad = ldapSettings(ldapBackendConfigSchema.parse({ ...base, keyAttribute: 'objectGUID' }));
    assert.deepEqual([ad.keyAttribute, ad.keyFormat], ['objectGUID', 'guid']);
    const other = ldapSettings(
      ldapBackendConfigSchema.parse({ ...base, keyAttribute: 'GUID', keyFormat: 'guid' }),
    );
    assert.deepEqual([other.keyAttribute, other.keyFormat], ['GUID', 'guid']);
  });

  it('refuses to write to Active Directory', () => {
    const result = ldapBackendConfigSchema.safeParse({
      ...base,
      keyAttribute: 'objectGUID',
      readOnly: false,
    });
    assert.equal(result.success, false);
    assert.match(result.error!.issues[0]!.message, /Active Directory.*readOnly: true/);
    assert.equal(ldapBackendConfigSchema.safeParse({ ...base, readOnly: false }).success, true);
  });
});
