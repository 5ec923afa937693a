import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MariaDb, startMariaDb } from '../../scripts/stack/mariadb';
import { freePort } from '../../scripts/stack/proc';
import { ROOT } from '../support/env';
import { HttpResult, Session, Stack, startStack } from './harness';

type Move = 'deactivate' | 'demote' | 'delete';

/**
 * The last-administrator guard under concurrency (issue #16, defect 1): two administrators who
 * deactivate, demote or delete each other at the same moment must leave one of them.
 *
 * Whether an administrator is the last one is a fact about the whole user table, so this suite
 * runs on a MariaDB of its own: in the shared test database the other suites' administrators
 * would keep the guard from ever being reached, and taking them away would break those suites.
 */
describe('accounts: the last administrator, also when two act at once', () => {
  let db: MariaDb;
  let stack: Stack;
  const work = path.join(ROOT, '.data', `test-accounts-${process.pid}-${randomUUID().slice(0, 6)}`);

  beforeAll(async () => {
    db = await startMariaDb({
      dataDir: path.join(work, 'mariadb'),
      port: await freePort(),
      database: 'banli_accounts',
      user: 'banli',
      password: 'banli-accounts',
      fresh: true,
    });
    stack = await startStack(`e2e-accounts-${randomUUID()}`, {
      DB_HOST: '127.0.0.1',
      DB_PORT: String(db.port),
      DB_SOCKET: '',
      DB_NAME: 'banli_accounts',
      DB_USER: 'banli',
      DB_PASSWORD: 'banli-accounts',
      BANLI_SCHEDULES: 'false',
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await db?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const activeAdmins = async (): Promise<string[]> =>
    (
      (await stack.ds.query(`SELECT id FROM \`user\` WHERE role = 'admin' AND active = 1 ORDER BY id`)) as {
        id: string;
      }[]
    ).map((r) => r.id);

  /** An administrator created by `by`, signed in. */
  const newAdmin = async (by: Session): Promise<Session> => {
    const username = `admin-${randomUUID().slice(0, 8)}`;
    const password = `pw-${randomUUID()}`;
    const r = await by.http('POST', '/users', {
      username,
      password,
      displayName: `管理员 ${username}`,
      role: 'admin',
    });
    expect(r.status).toBe(201);
    const token = await stack.login(username, password);
    return { id: r.body.id, username, password, token, http: stack.as(token) };
  };

  const act = (who: Session, move: Move, target: string): Promise<HttpResult> =>
    move === 'delete'
      ? who.http('DELETE', `/users/${target}`)
      : who.http('PATCH', `/users/${target}`, move === 'deactivate' ? { active: false } : { role: 'office' });

  /** What the refused side of a round may answer: the guard, or — when the other side had already won before its request was checked — its own account no longer admitted. */
  const refusal = (r: HttpResult) => `${r.status} ${r.body?.code}`;
  const REFUSALS = ['409 LAST_ADMIN', '401 TOKEN_INVALID', '403 FORBIDDEN_ROLE'];

  it('two administrators acting on each other at the same moment leave exactly one, round after round', async () => {
    const moves: Move[] = [
      ...Array<Move>(10).fill('deactivate'),
      ...Array<Move>(5).fill('demote'),
      ...Array<Move>(5).fill('delete'),
    ];
    let keeper = stack.admin;
    const outcomes: string[] = [];
    for (const [round, move] of moves.entries()) {
      const a = await newAdmin(keeper);
      const b = await newAdmin(keeper);
      // leave a and b as the only active administrators
      expect((await a.http('PATCH', `/users/${keeper.id}`, { active: false })).status).toBe(200);
      expect(await activeAdmins()).toEqual([a.id, b.id].sort());

      const [ra, rb] = await Promise.all([act(a, move, b.id), act(b, move, a.id)]);

      const left = await activeAdmins();
      const label = `round ${round + 1} (${move}): a ${refusal(ra)}, b ${refusal(rb)}, active admins left ${left.length}`;
      outcomes.push(label);
      expect([label, left.length]).toEqual([label, 1]);
      const [won, lost] = left[0] === a.id ? [ra, rb] : [rb, ra];
      expect([label, won.status]).toEqual([label, move === 'delete' ? 204 : 200]);
      expect([label, REFUSALS.includes(refusal(lost))]).toEqual([label, true]);
      if (lost.status === 409) {
        expect(lost.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(lost.body.detail).toMatch(/^不能停用、降级或删除最后一个管理员/);
      }
      keeper = left[0] === a.id ? a : b;
    }
    // the two requests really met at the guard, not merely one after the other
    expect(outcomes.filter((o) => o.includes('409 LAST_ADMIN')).length).toBeGreaterThan(0);
  });

  it('an administrator cannot deactivate, demote or delete their own account', async () => {
    // from the bootstrapped administrator, whatever the rounds above left
    await stack.ds.query('UPDATE `user` SET active = 1 WHERE id = ?', [stack.admin.id]);
    const other = stack.admin;
    const me = await newAdmin(other);
    // not the last administrator: the refusal is about the account being one's own
    expect((await activeAdmins()).length).toBeGreaterThan(1);
    for (const [method, body, code, words] of [
      ['PATCH', { active: false }, 'SELF_DEACTIVATION', /^不能停用自己的账号/],
      ['PATCH', { role: 'office' }, 'SELF_DEMOTION', /^不能取消自己的管理员角色/],
      ['DELETE', undefined, 'SELF_DELETION', /^不能删除自己的账号/],
    ] as const) {
      const r = await me.http(method, `/users/${me.id}`, body);
      expect([method, r.status, r.body.code]).toEqual([method, 409, code]);
      expect(r.body.detail).toMatch(words);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const still = await other.http('GET', `/users/${me.id}`);
    expect(still.body).toMatchObject({ role: 'admin', active: true });
    // editing one's own name, e-mail or password stays allowed, and so does naming one's own role
    const edit = await me.http('PATCH', `/users/${me.id}`, {
      displayName: '管理员（本人）',
      role: 'admin',
      active: true,
    });
    expect([edit.status, edit.body.displayName]).toEqual([200, '管理员（本人）']);
    // another administrator may still deactivate and delete this account
    expect((await other.http('PATCH', `/users/${me.id}`, { active: false })).status).toBe(200);
    expect((await other.http('DELETE', `/users/${me.id}`)).status).toBe(204);
  });
});
