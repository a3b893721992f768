import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const ROLES = ['viewer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

// operator holds every right of viewer, so a route names only the least role it needs.
const RANK: Record<Role, number> = { viewer: 1, operator: 2 };

export function roleSatisfies(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

/** Who made a request: the token's name is what the audit records. */
export interface Caller {
  readonly name: string;
  readonly role: Role;
}

/** One `API_TOKENS` entry: only the token's SHA-256 is configured, never the token itself. */
export interface ApiTokenEntry extends Caller {
  /** 64 lowercase hex digits. */
  readonly sha256: string;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const TOKEN_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
const isRole = (text: string): text is Role => (ROLES as readonly string[]).includes(text);

const ENTRY_FORMAT =
  'must be role:sha256hex or role:name:sha256hex (role viewer or operator; name of letters, digits, ".", "_", "@", "-"; ' +
  'the 64 hex digits of the token\'s SHA-256, e.g. printf %s "$TOKEN" | sha256sum, never the token itself)';

export type ApiTokensParseResult =
  { ok: true; entries: readonly ApiTokenEntry[] } | { ok: false; problems: string[] };

/**
 * Parses the `API_TOKENS` value. Problems name the entry by position and never quote it: an entry
 * may be a clear token pasted by mistake, and error messages end up in logs.
 */
export function parseApiTokenEntries(text: string): ApiTokensParseResult {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) return { ok: false, problems: ['has no entries'] };
  const problems: string[] = [];
  const entries: ApiTokenEntry[] = [];
  const names = new Map<string, number>();
  const hashes = new Map<string, number>();
  items.forEach((item, index) => {
    const position = index + 1;
    const parts = item.split(':');
    const [role, name, sha256] =
      parts.length === 2 ? [parts[0], undefined, parts[1]] : [parts[0], parts[1], parts[2]];
    if (
      (parts.length !== 2 && parts.length !== 3) ||
      role === undefined ||
      !isRole(role) ||
      sha256 === undefined ||
      !HEX_SHA256.test(sha256) ||
      (name !== undefined && !TOKEN_NAME.test(name))
    ) {
      problems.push(`entry ${position} ${ENTRY_FORMAT}`);
      return;
    }
    const hash = sha256.toLowerCase();
    const entry: ApiTokenEntry = Object.freeze({
      role,
      name: name ?? `${role}-${hash.slice(0, 8)}`,
      sha256: hash,
    });
    const sameName = names.get(entry.name);
    const sameHash = hashes.get(hash);
    // Two entries with one name would make the audit ambiguous; one hash with two roles, the rights.
    if (sameName !== undefined) problems.push(`entry ${position} repeats the name of entry ${sameName}`);
    else if (sameHash !== undefined)
      problems.push(`entry ${position} repeats the token of entry ${sameHash}`);
    else {
      names.set(entry.name, position);
      hashes.set(hash, position);
      entries.push(entry);
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entries: Object.freeze(entries) };
}

/** Throwing variant of {@link parseApiTokenEntries}, for use outside a config schema. */
export function parseApiTokens(text: string): readonly ApiTokenEntry[] {
  const result = parseApiTokenEntries(text);
  if (!result.ok) throw new Error(result.problems.map((problem) => `API_TOKENS ${problem}`).join('; '));
  return result.entries;
}

/**
 * The `API_TOKENS` key of a service config schema. Unset (or blank) gives `undefined`, which
 * {@link resolveApiTokens} turns into the demo tokens printed at start-up (DESIGN.md §6).
 * Issues carry no value, so `loadConfig` reports e.g. "API_TOKENS entry 2 must be …".
 */
export const apiTokensConfig = () =>
  z
    .string()
    .optional()
    .transform((text, ctx): readonly ApiTokenEntry[] | undefined => {
      if (text === undefined) return undefined;
      const result = parseApiTokenEntries(text);
      if (result.ok) return result.entries;
      for (const problem of result.problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      return z.NEVER;
    });

export const hashToken = (clear: string): string => createHash('sha256').update(clear, 'utf8').digest('hex');

/** 256 random bits, URL-safe so it fits a Bearer header as is. */
export const generateToken = (): string => randomBytes(32).toString('base64url');

/** Most valid tokens a verifier remembers; one per configured entry is all there can be. */
export const MAX_REMEMBERED_TOKENS = 1024;

/**
 * Checks presented tokens against the configured hashes. A token once proven valid is remembered
 * (the presented string → its caller), so a client's next requests skip the hashing and comparison;
 * an invalid token is never remembered, so it is hashed and compared every time and a client
 * sending made-up tokens cannot grow the memory. The memory holds at most one string per
 * configured entry (two strings with one SHA-256 are not to be found), and a hard bound besides.
 */
export class TokenVerifier {
  private readonly known: readonly { caller: Caller; digest: Buffer }[];
  private readonly remembered = new Map<string, Caller>();

  constructor(
    entries: readonly ApiTokenEntry[],
    private readonly maxRemembered = MAX_REMEMBERED_TOKENS,
  ) {
    this.known = entries.map(({ name, role, sha256 }) => ({
      caller: Object.freeze({ name, role }),
      digest: Buffer.from(sha256, 'hex'),
    }));
  }

  /** The caller the token belongs to, or null. */
  verifyToken(clear: string): Caller | null {
    const known = this.remembered.get(clear);
    if (known) return known;
    const found = this.compare(clear);
    if (found && this.remembered.size < this.maxRemembered) this.remembered.set(clear, found);
    return found;
  }

  /** How many valid tokens are remembered (for tests and the bound). */
  get rememberedCount(): number {
    return this.remembered.size;
  }

  private compare(clear: string): Caller | null {
    // Hashing first gives both sides 32 bytes whatever the token's length, as timingSafeEqual needs.
    const digest = createHash('sha256').update(clear, 'utf8').digest();
    let found: Caller | null = null;
    // No early exit: the time taken does not tell which entry, if any, matched.
    for (const { caller, digest: expected } of this.known) {
      if (timingSafeEqual(digest, expected) && found === null) found = caller;
    }
    return found;
  }

  get callers(): readonly Caller[] {
    return this.known.map(({ caller }) => caller);
  }
}

export interface DemoTokens {
  readonly viewer: string;
  readonly operator: string;
}

/**
 * The configured tokens, or, when `API_TOKENS` is unset, a fresh random viewer/operator pair whose
 * clear values are returned once so the service can print them; only their hashes are kept.
 */
export function resolveApiTokens(entries: readonly ApiTokenEntry[] | undefined): {
  verifier: TokenVerifier;
  demoTokens: DemoTokens | null;
} {
  if (entries !== undefined) return { verifier: new TokenVerifier(entries), demoTokens: null };
  const demoTokens: DemoTokens = { viewer: generateToken(), operator: generateToken() };
  const verifier = new TokenVerifier([
    { name: 'demo-viewer', role: 'viewer', sha256: hashToken(demoTokens.viewer) },
    { name: 'demo-operator', role: 'operator', sha256: hashToken(demoTokens.operator) },
  ]);
  return { verifier, demoTokens };
}
