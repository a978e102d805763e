import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/**
 * Writes the seed LDIF of the test directory: `users` generated people (user0001…) in `groups`
 * generated groups (group001…, each user in two, with an even group count), plus a few named fixtures. Used by the tests and
 * the benchmark; run directly to write a file: `node dist/scripts/ldap-seed.js out.ldif 2000 100`.
 */

export const SEED_SUFFIX = 'dc=idgate,dc=test';
export const SEED_SERVICE_DN = `cn=idgate,ou=services,${SEED_SUFFIX}`;
export const SEED_SERVICE_PASSWORD = 'idgate-service-Secret-1';
export const SEED_ADMIN_DN = `cn=admin,${SEED_SUFFIX}`;
export const SEED_ADMIN_PASSWORD = 'slapd-root-Secret-1';
export const SEED_USER_PASSWORD = 'user-Password-1';
export const SEED_LOCKED_GROUP_DN = `cn=locked,ou=groups,${SEED_SUFFIX}`;
/** A group the service account may add members to but not remove them from (undo that fails). */
export const SEED_ADD_ONLY_GROUP_DN = `cn=addonly,ou=groups,${SEED_SUFFIX}`;

/** Named users the tests rely on, with their passwords and groups. */
export const SEED_FIXTURES = [
  {
    uid: 'alice',
    password: 'alice-Password-1',
    mail: 'alice@idgate.test',
    given: 'Alice',
    sn: 'Archer',
    groups: ['staff'],
  },
  {
    uid: 'bob',
    password: 'bob-Password-1',
    mail: 'bob@idgate.test',
    given: 'Bob',
    sn: 'Baker',
    groups: [] as string[],
  },
  {
    uid: 'chloé',
    password: 'chloe-Password-1',
    mail: 'chloe@idgate.test',
    given: 'Chloé',
    sn: 'Côté',
    groups: ['staff'],
  },
];

/**
 * A test-only schema giving entries an Active Directory-like `objectGUID`: 16 bytes of octet-string
 * syntax, held by an auxiliary class. OIDs from OpenLDAP's experimental arc (1.3.6.1.4.1.4203.666).
 */
export const OBJECT_GUID_SCHEMA = [
  "attributetype ( 1.3.6.1.4.1.4203.666.255.1 NAME 'objectGUID'",
  "  DESC 'test only: a binary key as Active Directory has'",
  '  EQUALITY octetStringMatch',
  '  SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )',
  "objectclass ( 1.3.6.1.4.1.4203.666.255.2 NAME 'idgateTestGuid'",
  "  DESC 'test only: an entry with an objectGUID' AUXILIARY MAY objectGUID )",
  '',
].join('\n');

/**
 * The objectGUID of a seed entry (with `objectGuids`): 16 bytes from a hash of its DN, but for three
 * fixtures chosen to be hard: alice's starts with a UTF-8 byte-order mark and holds the bytes filters
 * must escape ( ) * \ and NUL; bob's is all printable ASCII, which a client reading text would
 * take for a string; chloé's is valid UTF-8 after a byte-order mark, which a UTF-8 decoder drops.
 */
export function seedObjectGuid(dn: string): Buffer {
  if (dn.startsWith('uid=alice,')) {
    return Buffer.from([
      0xef, 0xbb, 0xbf, 0x28, 0x29, 0x2a, 0x5c, 0x00, 0x80, 0xff, 0x0a, 0x20, 0x41, 0x42, 0x43, 0x44,
    ]);
  }
  if (dn.startsWith('uid=bob,')) return Buffer.from('bob-guid-16bytes', 'ascii');
  if (dn.startsWith('uid=chlo')) return Buffer.from('\ufeffchloe-guid-13', 'utf8');
  return createHash('sha256').update(`objectGUID ${dn}`).digest().subarray(0, 16);
}

/** {SSHA}: salted SHA-1, the scheme slapd checks without extra modules. */
export function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

function b64(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

/** One `attr: value` line, base64-encoded (`attr:: …`) when the value is not plain ASCII. */
function line(attr: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value) && !/ $/.test(value)
    ? `${attr}: ${value}`
    : `${attr}:: ${b64(value)}`;
}

export function userName(i: number): string {
  return `user${String(i).padStart(4, '0')}`;
}

export function groupName(i: number): string {
  return `group${String(i).padStart(3, '0')}`;
}

const DESCRIPTIONS: Record<string, string> = {
  staff: 'Staff',
  locked: 'Locked',
  everyone: 'Everyone',
  addonly: 'Add only',
};

/**
 * The seed directory as LDIF. With `objectGuids`, every user and group also has an objectGUID (see
 * {@link OBJECT_GUID_SCHEMA}, which the server must then load).
 */
export function buildSeedLdif(
  userCount = 2000,
  groupCount = 100,
  options: { objectGuids?: boolean } = {},
): string {
  const out: string[] = [];
  const entry = (dn: string, lines: string[]) => out.push([line('dn', dn), ...lines].join('\n'));
  /** The lines that give a user or group entry its objectGUID, when asked for (objectClass lines together). */
  const guid = (dn: string) =>
    options.objectGuids
      ? ['objectClass: idgateTestGuid', `objectGUID:: ${seedObjectGuid(dn).toString('base64')}`]
      : [];
  entry(SEED_SUFFIX, [
    'objectClass: top',
    'objectClass: dcObject',
    'objectClass: organization',
    'dc: idgate',
    'o: idgate test',
  ]);
  for (const ou of ['people', 'groups', 'services']) {
    entry(`ou=${ou},${SEED_SUFFIX}`, ['objectClass: top', 'objectClass: organizationalUnit', `ou: ${ou}`]);
  }
  entry(SEED_SERVICE_DN, [
    'objectClass: top',
    'objectClass: organizationalRole',
    'objectClass: simpleSecurityObject',
    'cn: idgate',
    `userPassword: ${ssha(SEED_SERVICE_PASSWORD)}`,
  ]);
  const members = new Map<string, string[]>();
  const addMember = (group: string, dn: string) => {
    if (!members.has(group)) members.set(group, []);
    if (!members.get(group)!.includes(dn)) members.get(group)!.push(dn);
  };
  const sharedHash = ssha(SEED_USER_PASSWORD);
  for (let i = 1; i <= userCount; i++) {
    const uid = userName(i);
    const dn = `uid=${uid},ou=people,${SEED_SUFFIX}`;
    entry(dn, [
      'objectClass: top',
      'objectClass: person',
      'objectClass: organizationalPerson',
      'objectClass: inetOrgPerson',
      ...guid(dn),
      `uid: ${uid}`,
      `cn: Person ${i}`,
      `sn: Number${i}`,
      `givenName: Person`,
      `displayName: Person ${i}`,
      `mail: ${uid}@idgate.test`,
      ...(i % 3 === 0 ? [`mobile: +1 555 ${String(i).padStart(4, '0')}`] : []),
      `departmentNumber: D${i % 7}`,
      `userPassword: ${sharedHash}`,
    ]);
    addMember(groupName((i % groupCount) + 1), dn);
    // A second group that is never the first one (6i + 3 is odd, so never a multiple of an even count).
    addMember(groupName(((i * 7 + 3) % groupCount) + 1), dn);
  }
  for (const f of SEED_FIXTURES) {
    const dn = `uid=${f.uid},ou=people,${SEED_SUFFIX}`;
    entry(dn, [
      'objectClass: top',
      'objectClass: person',
      'objectClass: organizationalPerson',
      'objectClass: inetOrgPerson',
      ...guid(dn),
      line('uid', f.uid),
      line('cn', `${f.given} ${f.sn}`),
      line('sn', f.sn),
      line('givenName', f.given),
      line('displayName', `${f.given} ${f.sn}`),
      `mail: ${f.mail}`,
      'departmentNumber: fixtures',
      `userPassword: ${ssha(f.password)}`,
    ]);
    for (const g of f.groups) addMember(g, dn);
  }
  // `locked`: a group the service account may not change (tests of half-done changes being undone).
  addMember('locked', `uid=alice,ou=people,${SEED_SUFFIX}`);
  // `everyone`: a nested group, holding the group `staff` and bob (members through nesting when on).
  addMember('everyone', `cn=staff,ou=groups,${SEED_SUFFIX}`);
  addMember('everyone', `uid=bob,ou=people,${SEED_SUFFIX}`);
  const groupNames = [
    ...Array.from({ length: groupCount }, (_, i) => groupName(i + 1)),
    'staff',
    'locked',
    'everyone',
    'addonly',
  ];
  for (const name of groupNames) {
    const list = members.get(name) ?? [SEED_SERVICE_DN];
    const dn = `cn=${name},ou=groups,${SEED_SUFFIX}`;
    entry(dn, [
      'objectClass: top',
      'objectClass: groupOfNames',
      ...guid(dn),
      `cn: ${name}`,
      `description: ${DESCRIPTIONS[name] ?? `Group ${name}`}`,
      ...list.map((member) => line('member', member)),
    ]);
  }
  return `${out.join('\n\n')}\n`;
}

if (require.main === module) {
  const [file, users, groups] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/scripts/ldap-seed.js <out.ldif> [users=2000] [groups=100]\n');
    process.exit(2);
  }
  writeFileSync(file, buildSeedLdif(Number(users ?? 2000), Number(groups ?? 100)));
}
