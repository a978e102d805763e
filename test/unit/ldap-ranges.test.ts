import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LdapEntry } from '../../backends/ldap/ldap-client';
import { allValues } from '../../backends/ldap/ldap-ranges';

/**
 * Ranged retrieval (backends/ldap/ldap-ranges.ts) against a directory that answers the way Active
 * Directory documents it (MS-ADTS 3.1.1.3.1.3.3): no AD runs here, and slapd never cuts lists short,
 * so the directory's side is a function that hands out `member;range=<first>-<last>` slices of a
 * list, the last one as `<first>-*`.
 */

const DN = 'CN=All Staff,OU=Groups,DC=corp,DC=example,DC=com';
const members = (n: number) =>
  Array.from({ length: n }, (_, i) => `CN=User ${i},OU=Staff,DC=corp,DC=example,DC=com`);

/** An entry holding one slice of `list` from `first`, at most `size` values, as AD names it. */
function slice(list: string[], first: number, size: number, name = 'member'): LdapEntry {
  const last = Math.min(first + size, list.length) - 1;
  const end = last === list.length - 1 ? '*' : String(last);
  return { dn: DN, attrs: { [`${name};range=${first}-${end}`]: list.slice(first, last + 1) }, bytes: {} };
}

/** The directory's side: answers `member;range=<first>-*` with the next slice; records what was asked. */
function directory(list: string[], size: number) {
  const asked: string[] = [];
  const read = (description: string) => {
    asked.push(description);
    const match = /^member;range=(\d+)-\*$/i.exec(description);
    assert.ok(match, `asked for ${description}`);
    return Promise.resolve(slice(list, Number(match[1]), size));
  };
  return { asked, read };
}

describe('LDAP ranged retrieval (Active Directory member lists)', () => {
  it('reads every range of a long member list, in order', async () => {
    const list = members(4000);
    const { asked, read } = directory(list, 1500);
    assert.deepEqual(await allValues(slice(list, 0, 1500), 'member', read), list);
    assert.deepEqual(asked, ['member;range=1500-*', 'member;range=3000-*']);
  });

  it('asks nothing more when the list came whole, or its first range was the last', async () => {
    const { asked, read } = directory([], 1500);
    const whole: LdapEntry = { dn: DN, attrs: { member: ['CN=a', 'CN=b'] }, bytes: {} };
    assert.deepEqual(await allValues(whole, 'member', read), ['CN=a', 'CN=b']);
    const short = members(10);
    assert.deepEqual(await allValues(slice(short, 0, 1500), 'member', read), short);
    assert.deepEqual(await allValues({ dn: DN, attrs: {}, bytes: {} }, 'member', read), []);
    assert.deepEqual(asked, []);
  });

  it('matches the attribute without regard to case, and only that attribute', async () => {
    const list = members(5);
    const { read } = directory(list, 3);
    assert.deepEqual(await allValues(slice(list, 0, 3, 'Member'), 'member', read), list);
    const other: LdapEntry = { dn: DN, attrs: { 'memberof;range=0-*': ['CN=x'] }, bytes: {} };
    assert.deepEqual(await allValues(other, 'member', read), []);
  });

  it('stops at an entry that is gone, keeping what it read', async () => {
    const list = members(3000);
    const read = () => Promise.resolve(undefined);
    assert.deepEqual(await allValues(slice(list, 0, 1500), 'member', read), list.slice(0, 1500));
  });
});
