import { describe, expect, it } from 'vitest';
import { clientAddressOf, forwardedProtoIsHttps, parseTrustProxy } from './client-address';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('TRUST_PROXY', () => {
  it('reads hops, address lists and nothing', () => {
    expect(parseTrustProxy(undefined)).toEqual({ kind: 'none' });
    expect(parseTrustProxy('')).toEqual({ kind: 'none' });
    expect(parseTrustProxy('0')).toEqual({ kind: 'none' });
    expect(parseTrustProxy('1')).toEqual({ kind: 'hops', hops: 1 });
    expect(parseTrustProxy('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(parseTrustProxy(' 10.0.0.2 , ::ffff:10.0.0.3 ')).toEqual({ kind: 'addresses', addresses: new Set(['10.0.0.2', '10.0.0.3']) });
  });
});

describe('clientAddressOf', () => {
  const spoofed = headers({ 'x-forwarded-for': '6.6.6.6, 7.7.7.7', 'x-study-peer': '::ffff:192.0.2.10' });

  it('uses the socket address and ignores X-Forwarded-For by default', () => {
    expect(clientAddressOf(spoofed, { kind: 'none' }, true)).toBe('192.0.2.10');
  });

  it('with one trusted hop, takes the address the proxy appended (the last entry)', () => {
    expect(clientAddressOf(spoofed, { kind: 'hops', hops: 1 }, true)).toBe('7.7.7.7');
    expect(clientAddressOf(spoofed, { kind: 'hops', hops: 2 }, true)).toBe('6.6.6.6');
    expect(clientAddressOf(spoofed, { kind: 'hops', hops: 5 }, true)).toBe('6.6.6.6');
    expect(clientAddressOf(headers({ 'x-study-peer': '10.0.0.2' }), { kind: 'hops', hops: 1 }, true)).toBe('10.0.0.2');
  });

  it('with a list, believes forwarded addresses only from a listed proxy, skipping listed hops', () => {
    const trust = parseTrustProxy('192.0.2.10,7.7.7.7');
    expect(clientAddressOf(spoofed, trust, true)).toBe('6.6.6.6');
    expect(clientAddressOf(headers({ 'x-forwarded-for': '6.6.6.6', 'x-study-peer': '198.51.100.1' }), trust, true)).toBe('198.51.100.1');
  });

  it('without the peer hook, the last X-Forwarded-For entry stands for the socket', () => {
    expect(clientAddressOf(headers({ 'x-forwarded-for': '127.0.0.1', 'x-study-peer': '1.1.1.1' }), { kind: 'none' }, false)).toBe('127.0.0.1');
    expect(clientAddressOf(headers({}), { kind: 'none' }, false)).toBe('unknown');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    const https = headers({ 'x-forwarded-proto': 'https', 'x-study-peer': '10.0.0.2' });
    expect(forwardedProtoIsHttps(https, { kind: 'none' }, true)).toBe(false);
    expect(forwardedProtoIsHttps(https, { kind: 'hops', hops: 1 }, true)).toBe(true);
    expect(forwardedProtoIsHttps(https, parseTrustProxy('10.0.0.2'), true)).toBe(true);
    expect(forwardedProtoIsHttps(https, parseTrustProxy('10.0.0.3'), true)).toBe(false);
  });
});
