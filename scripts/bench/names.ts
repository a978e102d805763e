import { createHash } from 'node:crypto';

/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32): the same seed gives the
 * same data set on every machine and every run, so figures of different runs describe the same rows.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** A 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A number in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a list, uniformly. */
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** A version-4 shaped UUID made of generator output (so it is deterministic). */
  uuid(): string {
    const hex = [this.uint32(), this.uint32(), this.uint32(), this.uint32()]
      .map((n) => n.toString(16).padStart(8, '0'))
      .join('');
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/**
 * The most common US surnames with their frequency per 100,000 people (2010 census, rounded). They
 * are drawn with these weights, the tail below takes the rest, so that "Smith" is about 1% of users
 * and a keyword search for `smi` matches about as many rows as it would in a real directory.
 */
const COMMON_SURNAMES: [string, number][] = (
  'Smith:828 Johnson:655 Williams:550 Brown:487 Jones:483 Garcia:466 Miller:424 Davis:403 ' +
  'Rodriguez:378 Martinez:373 Hernandez:372 Lopez:320 Gonzalez:313 Wilson:283 Anderson:280 ' +
  'Thomas:275 Taylor:273 Moore:257 Jackson:255 Martin:251 Lee:243 Perez:242 Thompson:239 White:237 ' +
  'Harris:224 Sanchez:224 Clark:196 Ramirez:195 Lewis:189 Robinson:187 Walker:185 Young:173 ' +
  'Allen:171 King:170 Wright:169 Scott:163 Torres:162 Nguyen:161 Hill:160 Flores:158 Green:158 ' +
  'Adams:157 Nelson:156 Baker:155 Hall:153 Rivera:151 Campbell:148 Mitchell:147 Carter:146 ' +
  'Roberts:144'
)
  .split(' ')
  .map((pair) => {
    const [name, weight] = pair.split(':');
    return [name!, Number(weight)];
  });

/** Less common surnames: each gets an equal share of what the common ones leave. */
const TAIL_SURNAMES = (
  'Abbott Acosta Aguilar Alvarado Andrews Archer Armstrong Arnold Atkins Austin Avery Ayala Bailey ' +
  'Baldwin Ballard Banks Barber Barker Barnes Barrett Barton Bates Bauer Beck Becker Bell Bennett ' +
  'Benson Berg Bishop Black Blair Blake Bowen Boyd Bradley Brady Brewer Briggs Brock Brooks Bryant ' +
  'Burke Burns Bush Butler Byrd Cain Caldwell Cannon Carlson Carr Carroll Castillo Chambers Chandler ' +
  'Chapman Chen Christensen Cobb Cole Coleman Collins Conner Conrad Cooper Cortez Cox Craig Crawford ' +
  'Cross Cruz Cunningham Curtis Dalton Daniels Dawson Day Dean Delgado Dennis Diaz Dixon Douglas Doyle ' +
  'Duncan Dunn Edwards Elliott Ellis Erickson Estrada Evans Farmer Ferguson Fischer Fleming Fletcher ' +
  'Ford Foster Fowler Fox Francis Frank Franklin Freeman Fuller Gardner Garner Gibson Gilbert Gomez ' +
  'Goodman Gordon Graham Grant Graves Gray Greene Gregory Griffin Gross Guerrero Hale Hamilton Hansen ' +
  'Hardy Harper Harrison Hart Harvey Hawkins Hayes Henderson Henry Hicks Hoffman Holland Holmes ' +
  'Hopkins Howard Howell Hudson Hughes Hunt Hunter Jacobs James Jenkins Jensen Jimenez Johnston ' +
  'Jordan Keller Kelly Kennedy Kim Klein Knight Lambert Lane Larson Lawrence Lawson Leonard Little ' +
  'Long Lucas Lynch Mack Mann Marshall Mason Matthews Mcdonald Medina Mendoza Meyer Mills Montgomery ' +
  'Morales Morgan Morris Murphy Murray Myers Newman Nichols Olson Ortiz Owens Palmer Parker Patel ' +
  'Patterson Payne Pearson Perkins Peters Peterson Phillips Pierce Porter Powell Price Quinn Ramos ' +
  'Reed Reid Reyes Reynolds Rice Richards Riley Romero Rose Ross Ruiz Russell Ryan Salazar Sanders ' +
  'Schmidt Schneider Shaw Silva Simmons Simpson Snyder Spencer Stanley Stephens Stevens Stewart Stone ' +
  'Sullivan Sutton Thornton Tucker Turner Vargas Vasquez Wagner Wallace Walsh Ward Warren Washington ' +
  'Watson Weaver Webb Weber Welch Wells West Wheeler Williamson Willis Wood Woods Yang Zimmerman'
).split(' ');

const FIRST_NAMES = (
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard ' +
  'Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony ' +
  'Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth ' +
  'Carol Kevin Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie Edward Rebecca ' +
  'Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley ' +
  'Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha ' +
  'Samuel Katherine Gregory Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack ' +
  'Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce'
).split(' ');

/** Departments: group names are `<department>-<n>`, and the `department` tag takes these values. */
export const DEPARTMENTS =
  'engineering sales marketing finance support operations legal research design hr security facilities'.split(
    ' ',
  );

/** Values of the `location` tag. */
export const LOCATIONS =
  'berlin london paris madrid new-york chicago toronto sydney tokyo singapore sao-paulo remote'.split(' ');

/** Values of the `employeeType` tag. */
export const EMPLOYEE_TYPES = ['employee', 'contractor', 'intern'];

/** The share of users named Smith (the surname weights are scaled so that it comes out so). */
const SMITH_SHARE = 0.01;

/** Draws surnames with realistic weights: one uniform number picks a name through cumulative weights. */
export class SurnamePicker {
  private readonly names: string[] = [];
  private readonly cumulative: number[] = [];

  constructor() {
    const smith = COMMON_SURNAMES[0]![1];
    const total = smith / SMITH_SHARE;
    const common = COMMON_SURNAMES.reduce((sum, [, w]) => sum + w, 0);
    const tailWeight = (total - common) / TAIL_SURNAMES.length;
    let sum = 0;
    for (const [name, weight] of [
      ...COMMON_SURNAMES,
      ...TAIL_SURNAMES.map((n): [string, number] => [n, tailWeight]),
    ]) {
      sum += weight;
      this.names.push(name);
      this.cumulative.push(sum / total);
    }
    // The keyword scenario relies on "smi" occurring in Smith only.
    const others = this.names.filter((n) => n !== 'Smith' && n.toLowerCase().includes('smi'));
    if (others.length) throw new Error(`surname list: ${others.join(', ')} would match "smi"`);
  }

  /** A surname for a uniform number in [0, 1). */
  pick(u: number): string {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return this.names[lo]!;
  }
}

/** A first name, uniformly. */
export function pickFirstName(random: Random): string {
  return random.pick(FIRST_NAMES);
}

/**
 * The session token the generator gives known session `i`: the same for the same seed, so the bench
 * can use it without reading anything back. 32 bytes base64url, like idgate's own tokens.
 */
export function benchToken(seed: number, i: number): string {
  return createHash('sha256').update(`idgate-bench-${seed}-${i}`).digest('base64url');
}
