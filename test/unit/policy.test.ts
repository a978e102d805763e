import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordProblem } from '../../src/auth/password-policy';
import { canonicalLanguage, canonicalTimezone } from '../../src/services/accounts/settings.service';

const policy = { minLength: 8, maxLength: 256, forbidName: true, forbidCommon: true };

describe('password policy and settings values', () => {
  it('applies length, name and common-password rules', () => {
    assert.equal(passwordProblem(policy, 'a-Good-One-7', 'ann'), null);
    assert.match(passwordProblem(policy, 'short', 'ann')!, /at least 8/);
    assert.match(passwordProblem(policy, 'x'.repeat(257), 'ann')!, /at most 256/);
    assert.match(passwordProblem(policy, 'Annabelle1', 'annabelle1')!, /user name/);
    assert.match(passwordProblem(policy, 'Password123', 'ann')!, /too common/);
    assert.match(passwordProblem(policy, 'QWERTY123', 'ann')!, /too common/);
    assert.equal(passwordProblem({ ...policy, forbidCommon: false }, 'password123', 'ann'), null);
  });

  it('canonicalises BCP 47 tags and IANA zones, refusing anything else', () => {
    assert.equal(canonicalLanguage('pt-br'), 'pt-BR');
    assert.equal(canonicalLanguage('EN'), 'en');
    assert.equal(canonicalLanguage('not a tag'), null);
    assert.equal(canonicalTimezone('Europe/Berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimezone('utc'), 'UTC');
    assert.equal(canonicalTimezone('Mars/Olympus'), null);
    assert.equal(canonicalTimezone('../../etc/passwd'), null);
  });
});
