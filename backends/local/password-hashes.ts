import argon2 from 'argon2';

/** argon2id cost: memory in KiB, passes, lanes. */
export interface HashCost {
  memoryKiB: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane): also the least idgate accepts. */
export const MIN_HASH_COST: HashCost = { memoryKiB: 19456, timeCost: 2, parallelism: 1 };

/** A new argon2id hash of `password` at `cost` (PHC string: salt and parameters included). */
export function hashPassword(password: string, cost: HashCost): Promise<string> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: cost.memoryKiB,
    timeCost: cost.timeCost,
    parallelism: cost.parallelism,
  });
}

/** Checks a password against a stored hash. */
export function verifyHash(hash: string, password: string): Promise<boolean> {
  return argon2.verify(hash, password);
}

/**
 * True when a stored hash is not argon2id or costs less than `cost` in any parameter: it is then
 * replaced at the next successful login, when the password is at hand.
 */
export function needsStrongerHash(hash: string, cost: HashCost): boolean {
  const match = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(hash);
  if (!match) return true;
  const [, , m, t, p] = match.map(Number) as number[];
  return m! < cost.memoryKiB || t! < cost.timeCost || p! < cost.parallelism;
}
