// Identifiers by meaning and owners by identity, on the answers real APIs give.
import { describe, expect, it } from 'vitest';
import { IdStore } from '../../src/evidence/gatherers/access/ids.js';
import { identityOf, itemsIn, keyOf, learnOwnerPath, subjectOf } from '../../src/target/identifiers.js';

const jwt = (payload: object) => ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'sig'].join('.');

describe('ids by meaning', () => {
  it('fills a parameter from the property of the same meaning', () => {
    expect(keyOf({ slug: 'how-to', id: 3 }, 'slug')).toBe('how-to');
    expect(keyOf({ book_title: 'b1', user: 'name1' }, 'book_title')).toBe('b1');
    expect(keyOf({ bookTitle: 'b1' }, 'book_title')).toBe('b1');
    expect(keyOf({ username: 'name1', email: 'x@y' }, 'username')).toBe('name1');
    expect(keyOf({ id: 7 }, 'articleId')).toBe('7');
    expect(keyOf({ uuid: 'u-1' }, 'id')).toBe('u-1');
    expect(keyOf({ title: 'x' }, 'slug')).toBeUndefined();
    expect(keyOf({ author: { username: 'a' } }, 'x', 'author.username')).toBe('a');
  });

  it('finds the items inside wrappers', () => {
    expect(itemsIn({ articles: [{ slug: 'a' }, { slug: 'b' }], articlesCount: 2 }, 'slug').map((i) => i.slug)).toEqual(['a', 'b']);
    expect(itemsIn({ article: { slug: 'a', tagList: ['x'] } }, 'slug').map((i) => i.slug)).toEqual(['a']);
    expect(itemsIn({ data: { items: [{ id: 1 }] }, meta: { page: 1 } }, 'id')).toEqual([{ id: 1 }]);
    expect(itemsIn({ data: { id: 2, tags: ['a'] } }, 'id')).toEqual([{ id: 2, tags: ['a'] }]);
    expect(itemsIn({ Books: [{ book_title: 't', user: 'u' }] }, 'book_title')).toEqual([{ book_title: 't', user: 'u' }]);
    expect(itemsIn([{ id: 1 }, 'x'], 'id')).toEqual([{ id: 1 }]);
    expect(itemsIn({ status: 'ok' }, 'id')).toEqual([]);
    expect(subjectOf({ user: { email: 'a@b', token: 't' } })).toEqual({ email: 'a@b', token: 't' });
  });

  it('knows a user by its login answer and its token’s claims', () => {
    expect([...identityOf({ user: { email: 'ada@x.test', username: 'ada', token: 'zzz', bio: null } }).values()]).toEqual(['ada@x.test', 'ada']);
    expect([...identityOf({ auth_token: 'x', message: 'ok' }, jwt({ sub: 'name1', exp: 1 })).values()]).toEqual(['name1']);
    expect([...identityOf({ id: 1, role: 'admin' }).values()]).toEqual([]);
  });
});

describe('owners by identity', () => {
  const ids = new Map([
    ['alice', new Set(['alice', 'alice@x.test'])],
    ['bob', new Set(['bob', 'bob@x.test'])],
  ]);

  it('learns the owner property from what each role created', () => {
    const own = [
      { item: { slug: 'a1', title: 'bob', author: { username: 'alice' } }, role: 'alice' },
      { item: { slug: 'b1', title: 'x', author: { username: 'bob' } }, role: 'bob' },
    ];
    expect(learnOwnerPath(own, [], ids)).toBe('author.username');
  });

  it('learns it from lists alone when the name says owner', () => {
    expect(learnOwnerPath([], [{ book_title: 't1', user: 'alice' }, { book_title: 't2', user: 'bob' }], ids)).toBe('user');
    expect(learnOwnerPath([], [{ book_title: 't1', secret: 's' }], ids)).toBeUndefined();
  });

  it('files items under their owner, and fills {username} with a role’s own', () => {
    const store = new IdStore([{ path: '/books/v1', item: '/books/v1/{book_title}', param: 'book_title' }]);
    store.learnIdentity('alice', 'users', undefined, jwt({ sub: 'alice' }));
    store.learnIdentity('bob', 'users', { user: { username: 'bob', email: 'bob@x.test' } });
    store.harvest('/books/v1', 'alice', 'users', { Books: [{ book_title: 't1', user: 'alice' }, { book_title: 't2', user: 'bob' }] });
    expect(store.ownerProperty('/books/v1')).toBe('user');
    expect(store.ownedBy('/books/v1', 'bob').map((i) => i.id)).toEqual(['t2']);
    expect(store.valuesFor('username')).toEqual([{ value: 'bob', owner: 'bob' }]);
    expect(store.valuesFor('user')).toEqual([{ value: 'alice', owner: 'alice' }, { value: 'bob', owner: 'bob' }]);
  });

  it('takes the config’s owner property over a guess', () => {
    const store = new IdStore([{ path: '/articles', item: '/articles/{slug}', param: 'slug', ownerProperty: 'author.username' }]);
    store.learnIdentity('alice', 'users', { user: { username: 'alice' } });
    store.harvest('/articles', 'bob', 'users', { articles: [{ slug: 's', user: 'bob', author: { username: 'alice' } }] });
    expect(store.ownedBy('/articles', 'alice').map((i) => i.id)).toEqual(['s']);
  });
});
