import { describe, expect, it } from 'vitest';
import { match, nextPath } from './router';

describe('match', () => {
  it.each([
    ['/', '/', {}],
    ['/projects/:pid', '/projects/abc', { pid: 'abc' }],
    ['/projects/:pid', '/projects/abc/', { pid: 'abc' }],
    ['/projects/:pid/members', '/projects/a%20b/members', { pid: 'a b' }],
    ['/invite/:token', '/invite/p1.s3cr3t-_', { token: 'p1.s3cr3t-_' }],
  ])('%s matches %s', (pattern, path, want) => {
    expect(match(pattern, path)).toEqual(want);
  });

  it.each([
    ['/projects/:pid', '/projects'],
    ['/projects/:pid', '/projects/a/members'],
    ['/projects/:pid/members', '/projects/a/audit'],
    ['/login', '/logout'],
    ['/projects/:pid', '/projects/%E0%A4%A'],
  ])('%s does not match %s', (pattern, path) => {
    expect(match(pattern, path)).toBeNull();
  });
});

describe('nextPath', () => {
  it('returns to the page that asked for sign-in', () => {
    expect(nextPath('?next=%2Fprojects%2Fp1')).toBe('/projects/p1');
  });
  it('never leaves the app', () => {
    expect(nextPath('?next=https%3A%2F%2Fevil.example')).toBe('/');
    expect(nextPath('?next=%2F%2Fevil.example')).toBe('/');
    expect(nextPath('')).toBe('/');
  });
  it('never loops back to the sign-in page', () => {
    expect(nextPath('?next=%2Flogin%3Fnext%3D%252F')).toBe('/');
  });
});
