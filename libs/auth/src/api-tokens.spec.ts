import crypto from 'node:crypto';
import { ConfigError, loadConfig } from '@po-sync/config';
import { z } from 'zod';
import {
  hashToken,
  parseApiTokenEntries,
  parseApiTokens,
  resolveApiTokens,
  roleSatisfies,
  TokenVerifier,
} from './api-tokens';
import { authConfigShape } from './auth.config';

const CLEAR = 'a-viewer-token';
const HASH = hashToken(CLEAR);
const OTHER = hashToken('an-operator-token');

describe('parseApiTokenEntries', () => {
  it.each([
    ['role:hash', `viewer:${HASH}`, [{ role: 'viewer', name: `viewer-${HASH.slice(0, 8)}`, sha256: HASH }]],
    ['role:name:hash', `operator:alice:${OTHER}`, [{ role: 'operator', name: 'alice', sha256: OTHER }]],
    [
      'two entries, spaces and a trailing comma',
      ` viewer:grafana:${HASH} , operator:${OTHER},`,
      [
        { role: 'viewer', name: 'grafana', sha256: HASH },
        { role: 'operator', name: `operator-${OTHER.slice(0, 8)}`, sha256: OTHER },
      ],
    ],
    [
      'upper-case hex, normalised',
      `viewer:ci@example:${HASH.toUpperCase()}`,
      [{ role: 'viewer', name: 'ci@example', sha256: HASH }],
    ],
  ])('accepts %s', (_label, text, expected) => {
    expect(parseApiTokenEntries(text)).toEqual({ ok: true, entries: expected });
  });

  const secret = 's3cret-token-pasted-in-clear';
  it.each([
    ['nothing', ' , ', 'has no entries'],
    ['a clear token instead of a hash', `viewer:${secret}`, 'entry 1 must be role:sha256hex'],
    ['an unknown role', `admin:${HASH}`, 'entry 1 must be'],
    ['a short hash', `viewer:${HASH.slice(1)}`, 'entry 1 must be'],
    ['too many parts', `viewer:a:b:${HASH}`, 'entry 1 must be'],
    ['a name with spaces', `viewer:my name:${HASH}`, 'entry 1 must be'],
    ['a second bad entry', `viewer:${HASH},operator:${secret}`, 'entry 2 must be'],
    ['a repeated name', `viewer:bob:${HASH},operator:bob:${OTHER}`, 'entry 2 repeats the name of entry 1'],
    ['a repeated token', `viewer:${HASH},operator:${HASH}`, 'entry 2 repeats the token of entry 1'],
  ])('refuses %s without echoing it', (_label, text, expected) => {
    const result = parseApiTokenEntries(text);
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.problems.join('\n');
    expect(message).toContain(expected);
    expect(message).not.toContain(secret);
    expect(message).not.toContain(HASH);
  });

  it('parseApiTokens names the variable in its error', () => {
    expect(() => parseApiTokens(`viewer:${secret}`)).toThrow(/^API_TOKENS entry 1 must be/);
  });
});

describe('apiTokensConfig in a service config', () => {
  const schema = z.object(authConfigShape());

  it('gives undefined (demo tokens) when unset or blank, and the default rate limit', () => {
    expect(loadConfig(schema, {})).toEqual({ API_TOKENS: undefined, RATE_LIMIT_PER_MINUTE: 600 });
    expect(loadConfig(schema, { API_TOKENS: '' }).API_TOKENS).toBeUndefined();
  });

  it('parses the entries', () => {
    expect(loadConfig(schema, { API_TOKENS: `operator:ops:${OTHER}` }).API_TOKENS).toEqual([
      { role: 'operator', name: 'ops', sha256: OTHER },
    ]);
  });

  it('names API_TOKENS and never echoes its value', () => {
    const value = 'viewer:hunter2,operator:hunter3';
    let error: unknown;
    try {
      loadConfig(schema, { API_TOKENS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect(message).toContain('API_TOKENS entry 1 must be');
    expect(message).toContain('API_TOKENS entry 2 must be');
    expect(message).not.toMatch(/hunter/);
  });
});

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier(parseApiTokens(`viewer:grafana:${HASH},operator:alice:${OTHER}`));

  it.each([
    ['the viewer token', CLEAR, { name: 'grafana', role: 'viewer' }],
    ['the operator token', 'an-operator-token', { name: 'alice', role: 'operator' }],
    ['a wrong token of the same length', CLEAR.replace('a', 'b'), null],
    ['a shorter token', 'a', null],
    ['a much longer token', CLEAR.repeat(50), null],
    ['an empty token', '', null],
    ['the hash itself', HASH, null],
  ])('%s', (_label, token, expected) => {
    expect(verifier.verifyToken(token)).toEqual(expected);
  });

  it('remembers a valid token: the next check gives the same caller without hashing', () => {
    const fresh = new TokenVerifier(parseApiTokens(`viewer:grafana:${HASH}`));
    const first = fresh.verifyToken(CLEAR);
    const hashing = jest.spyOn(crypto, 'createHash');
    try {
      expect(fresh.verifyToken(CLEAR)).toBe(first);
      expect(hashing).not.toHaveBeenCalled();
      // A token that differs from the remembered one is still hashed and refused.
      expect(fresh.verifyToken(`${CLEAR}x`)).toBeNull();
      expect(hashing).toHaveBeenCalledTimes(1);
    } finally {
      hashing.mockRestore();
    }
    expect(fresh.rememberedCount).toBe(1);
  });

  it('never remembers an invalid token, however many are tried', () => {
    const fresh = new TokenVerifier(parseApiTokens(`viewer:grafana:${HASH}`));
    for (let i = 0; i < 2000; i++) expect(fresh.verifyToken(`made-up-${i}`)).toBeNull();
    expect(fresh.rememberedCount).toBe(0);
  });

  it('remembers no more than its bound, and still verifies past it', () => {
    const entries = parseApiTokens(
      ['one', 'two', 'three'].map((t) => `viewer:${t}:${hashToken(t)}`).join(','),
    );
    const bounded = new TokenVerifier(entries, 2);
    expect(['one', 'two', 'three'].map((t) => bounded.verifyToken(t)?.name)).toEqual(['one', 'two', 'three']);
    expect(bounded.rememberedCount).toBe(2);
    expect(bounded.verifyToken('three')?.name).toBe('three');
    expect(bounded.verifyToken('four')).toBeNull();
  });
});

describe('resolveApiTokens', () => {
  it('uses the configured tokens and prints none', () => {
    const { verifier, demoTokens } = resolveApiTokens(parseApiTokens(`viewer:${HASH}`));
    expect(demoTokens).toBeNull();
    expect(verifier.verifyToken(CLEAR)?.role).toBe('viewer');
  });

  it('makes a fresh random demo pair when API_TOKENS is unset', () => {
    const first = resolveApiTokens(undefined);
    const second = resolveApiTokens(undefined);
    const { viewer, operator } = first.demoTokens!;
    expect(viewer).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(viewer).not.toBe(operator);
    expect(second.demoTokens!.viewer).not.toBe(viewer);
    expect(first.verifier.verifyToken(viewer)).toEqual({ name: 'demo-viewer', role: 'viewer' });
    expect(first.verifier.verifyToken(operator)).toEqual({ name: 'demo-operator', role: 'operator' });
    expect(second.verifier.verifyToken(viewer)).toBeNull();
  });
});

describe('roleSatisfies', () => {
  it.each([
    ['viewer', 'viewer', true],
    ['operator', 'viewer', true],
    ['operator', 'operator', true],
    ['viewer', 'operator', false],
  ] as const)('%s for a %s route: %s', (held, required, expected) => {
    expect(roleSatisfies(held, required)).toBe(expected);
  });
});
