import { randomUUID } from 'node:crypto';
import { type Page } from 'playwright-core';
import { openBrowser, pickOption, type WebBrowser } from './browser';
import { startStack, Session, Stack } from './harness';

/**
 * 单位与账号 in a real browser: the administrator creates a handling unit with its contacts,
 * edits it (a bad e-mail is refused next to its field and nothing typed is lost), creates a unit
 * account that then signs in, unlocks an account locked by failed logins and deactivates one.
 * Whatever the page saved is read back through the API. An office user gets no such screens.
 * Rows of the Element Plus tables are found by the id their first cell carries (data-unit-id,
 * data-user-id); a select is opened by a click and its choice picked by the option's name.
 */
describe('web workspace: units and accounts (admin)', () => {
  let stack: Stack;
  let web: WebBrowser;
  const tag = randomUUID().slice(0, 6);
  const unitCode = `jyt-${tag}`;
  const unitName = `省教育厅${tag}`;
  const staffName = `jyt.zhangli.${tag}`;
  const staffPassword = `Banli-${randomUUID().slice(0, 12)}`;
  let office: Session;
  let admin: Page;
  let unit: any;

  beforeAll(async () => {
    stack = await startStack(`e2e-web-admin-${randomUUID()}`);
    office = await stack.createUser('office', {}, { displayName: '王交办' });
    web = await openBrowser(stack, 'web-admin.e2e');
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
  });

  afterEach(() => {
    // An uncaught error in the page is a bug even when the screen looked right.
    expect(web.pageErrors).toEqual([]);
  });

  const signInAs = (username: string, password: string, displayName: string, hash = '') =>
    web.signInAs(username, password, displayName, hash);
  const signIn = (who: Session, hash = '') => web.signIn(who, hash);

  const shoot = (page: Page, name: string) => web.shoot(page, name);

  /** Goes to `hash` in the page (reloading when it is already there) and waits until it has loaded. */
  async function open(page: Page, hash: string) {
    if (new URL(page.url()).hash === hash) await page.reload();
    else await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await page.locator(`.view[data-ready=true][data-hash="${hash}"]`).waitFor();
  }

  /** A table row by the unit or account id its first cell carries. */
  const unitRow = (page: Page, id: string) => page.locator(`tr:has([data-unit-id="${id}"])`);
  const userRow = (page: Page, id: string) => page.locator(`tr:has([data-user-id="${id}"])`);

  const storedUnit = async () =>
    ((await stack.admin.http('GET', '/units')).body as any[]).find((u) => u.code === unitCode);
  const storedUser = async (username: string) =>
    ((await stack.admin.http('GET', '/users')).body as any[]).find((u) => u.username === username);

  it('the administrator creates a handling unit with two contacts, one receiving task mail', async () => {
    admin = await signIn(stack.admin);
    const link = admin.locator('nav a[href="#/admin/units"]');
    expect(await link.innerText()).toContain('系统管理');
    await link.click();
    const view = admin.locator('.view-admin[data-ready=true]');
    await view.locator('.tabs a.active', { hasText: '承办单位' }).waitFor();
    await view.locator('a.el-button', { hasText: '新增承办单位' }).click();

    const form = admin.locator('form.admin-unit');
    await form.waitFor();
    await form.locator('input[name=code]').fill(unitCode);
    await form.locator('input[name=name]').fill(unitName);
    await form.locator('input[name=shortName]').fill('教育厅');
    await form.locator('input[name=contactName]').fill('张丽');
    await form.locator('input[name=contactPhone]').fill('0571-88000000');
    await form.locator('input[name=contactEmail]').fill(`banli-${tag}@jyt.example.cn`);
    await form.locator('button.add-contact').click();
    await form.locator('button.add-contact').click();
    const rows = form.locator('.contact-row');
    expect(await rows.count()).toBe(2);
    // a new contact receives task mail unless unticked
    expect(await rows.nth(1).locator('input[name="c.receivesTasks"]').isChecked()).toBe(true);
    await rows.nth(0).locator('input[name="c.name"]').fill('李明');
    await rows.nth(0).locator('input[name="c.title"]').fill('办公室副主任');
    await rows.nth(0).locator('input[name="c.phone"]').fill('0571-87000000');
    await rows.nth(0).locator('input[name="c.email"]').fill(`liming-${tag}@jyt.example.cn`);
    await rows.nth(1).locator('input[name="c.name"]').fill('王芳');
    await rows.nth(1).locator('input[name="c.phone"]').fill('0571-87000001');
    await rows.nth(1).locator('label.receives').click();
    expect(await rows.nth(1).locator('input[name="c.receivesTasks"]').isChecked()).toBe(false);
    // a third row added and removed again is not saved
    await form.locator('button.add-contact').click();
    await rows.nth(2).locator('input[name="c.name"]').fill('临时');
    await rows.nth(2).locator('button.remove').click();
    await shoot(admin, 'unit-new');
    await form.locator('button[type=submit]').click();

    await admin.locator('.notice-ok', { hasText: `已新增承办单位“${unitName}”` }).waitFor();
    unit = await storedUnit();
    expect(unit).toMatchObject({
      name: unitName,
      shortName: '教育厅',
      contactName: '张丽',
      contactPhone: '0571-88000000',
      contactEmail: `banli-${tag}@jyt.example.cn`,
      leaderName: null,
      leaderEmail: null,
    });
    expect(unit.contacts).toEqual([
      {
        id: expect.any(String),
        name: '李明',
        title: '办公室副主任',
        phone: '0571-87000000',
        email: `liming-${tag}@jyt.example.cn`,
        receivesTasks: true,
      },
      {
        id: expect.any(String),
        name: '王芳',
        title: null,
        phone: '0571-87000001',
        email: null,
        receivesTasks: false,
      },
    ]);

    const row = admin.locator('.view-admin[data-ready=true]').locator(unitRow(admin, unit.id));
    const text = await row.innerText();
    expect(text).toContain(unitCode);
    expect(text).toContain(unitName);
    expect(text).toContain('李明');
    expect(text).toContain('王芳');
    expect(await row.locator('.badge.tasks').count()).toBe(1);
    expect(await web.axe(admin)).toEqual([]);
    await shoot(admin, 'units');
  });

  it('edits the unit leader; a bad e-mail is refused next to its field and nothing typed is lost', async () => {
    await unitRow(admin, unit.id).locator('a.el-button', { hasText: '修改' }).click();
    const form = admin.locator(`form.admin-unit[data-unit-id="${unit.id}"]`);
    await form.waitFor();
    expect(await form.locator('input[name=code]').inputValue()).toBe(unitCode);
    expect(await form.locator('.contact-row').count()).toBe(2);
    await form.locator('input[name=leaderName]').fill('王强');
    await form.locator('input[name=leaderEmail]').fill('wangqiang-at-jyt');
    await form.locator('.contact-row').nth(1).locator('input[name="c.email"]').fill('wangfang@');
    await form.locator('button[type=submit]').click();

    const problem = form.locator('.problem');
    await problem.waitFor();
    expect(await problem.locator('.problem-code').innerText()).toBe('VALIDATION_FAILED');
    expect(await problem.locator('.problem-detail').innerText()).toMatch(/^请求内容有误/);
    const leaderError = form.locator('.field-error[data-field=leaderEmail]');
    expect(await leaderError.innerText()).toMatch(/^邮箱格式不正确/);
    expect(await form.locator('input[name=leaderEmail]').getAttribute('aria-invalid')).toBe('true');
    const contactError = form.locator('.contact-row').nth(1).locator('.field-error');
    expect(await contactError.getAttribute('data-field')).toBe('contacts.1.email');
    expect(await contactError.innerText()).toMatch(/^邮箱格式不正确/);
    // what was typed is still there, and nothing was stored
    expect(await form.locator('input[name=leaderName]').inputValue()).toBe('王强');
    expect(await form.locator('input[name=leaderEmail]').inputValue()).toBe('wangqiang-at-jyt');
    expect((await storedUnit()).leaderName).toBeNull();
    await shoot(admin, 'unit-refused');

    // correcting a field takes its note away
    await form.locator('input[name=leaderEmail]').fill(`wangqiang-${tag}@jyt.example.cn`);
    await leaderError.waitFor({ state: 'detached' });
    await form
      .locator('.contact-row')
      .nth(1)
      .locator('input[name="c.email"]')
      .fill(`wangfang-${tag}@jyt.example.cn`);
    await form.locator('button[type=submit]').click();
    await admin.locator('.notice-ok', { hasText: `已保存承办单位“${unitName}”` }).waitFor();

    const saved = await storedUnit();
    expect(saved).toMatchObject({ leaderName: '王强', leaderEmail: `wangqiang-${tag}@jyt.example.cn` });
    expect(saved.contacts.map((c: any) => [c.name, c.email, c.receivesTasks])).toEqual([
      ['李明', `liming-${tag}@jyt.example.cn`, true],
      ['王芳', `wangfang-${tag}@jyt.example.cn`, false],
    ]);
    expect(await unitRow(admin, unit.id).innerText()).toContain('王强');
  });

  it('creates a unit account bound to the unit, which signs in with its role and unit', async () => {
    await admin.locator('.tabs a[href="#/admin/users"]').click();
    await admin.locator('.view-admin[data-ready=true] .tabs a.active', { hasText: '账号' }).waitFor();
    await admin.locator('a.el-button', { hasText: '新增账号' }).click();
    const form = admin.locator('form.admin-user');
    await form.waitFor();
    const role = form.locator('.select-role');
    expect(await role.innerText()).toContain('承办单位经办人');
    await form.locator('input[name=username]').fill(staffName);
    await form.locator('input[name=displayName]').fill('张丽');
    await form.locator('input[name=email]').fill(`zhangli-${tag}@jyt.example.cn`);
    await form.locator('input[name=password]').fill(staffPassword);
    // a proposer needs a party, a unit role a unit: the fields follow the role
    await pickOption(role, '代表委员');
    await form.locator('.select-party').waitFor();
    expect(await form.locator('.select-unit').isVisible()).toBe(false);
    expect(await form.locator('.field-hint', { hasText: '查看本人提出的建议/提案' }).count()).toBe(1);
    await pickOption(role, '承办单位经办人');
    await form.locator('.select-unit').waitFor();
    expect(await form.locator('.select-party').isVisible()).toBe(false);

    // no unit chosen yet: the API's refusal, placed at the unit field
    await form.locator('button[type=submit]').click();
    await form.locator('.problem').waitFor();
    expect(await form.locator('.problem-code').innerText()).toBe('USER_BINDING_INVALID');
    expect(await form.locator('.field-error[data-field=unitId]').innerText()).toContain('须指定所属单位');
    expect(await form.locator('input[name=username]').inputValue()).toBe(staffName);
    expect(await form.locator('input[name=password]').inputValue()).toBe(staffPassword);

    await pickOption(form.locator('.select-unit'), `${unitName}（${unitCode}）`);
    await shoot(admin, 'user-new');
    await form.locator('button[type=submit]').click();
    await admin.locator('.notice-ok', { hasText: `已新增账号 ${staffName}（承办单位经办人）` }).waitFor();
    const stored = await storedUser(staffName);
    expect(stored).toMatchObject({
      displayName: '张丽',
      role: 'unitStaff',
      unitId: unit.id,
      partyId: null,
      email: `zhangli-${tag}@jyt.example.cn`,
      active: true,
      locked: false,
    });
    const row = userRow(admin, stored.id);
    expect(await row.innerText()).toContain(unitName);
    expect(await row.locator('.role').innerText()).toBe('承办单位经办人');

    // a second tab: the new account signs in and is shown with its role and unit
    const staff = await signInAs(staffName, staffPassword, '张丽');
    expect(await staff.locator('.role-tag').innerText()).toBe('承办单位经办人');
    await staff.locator('.who-unit', { hasText: unitName }).waitFor();
    expect(await staff.locator('nav a[href="#/admin/units"]').count()).toBe(0);

    // the administrator corrects the account's name and e-mail
    await row.locator('a.el-button', { hasText: '修改' }).click();
    const edit = admin.locator(`form.admin-user[data-user-id="${stored.id}"]`);
    await edit.waitFor();
    expect(await edit.locator('.select-unit').innerText()).toContain(`${unitName}（${unitCode}）`);
    await edit.locator('input[name=displayName]').fill('张丽（经办）');
    await edit.locator('input[name=email]').fill('');
    await edit.locator('button[type=submit]').click();
    await admin.locator('.notice-ok', { hasText: `已保存账号 ${staffName}` }).waitFor();
    expect(await storedUser(staffName)).toMatchObject({
      displayName: '张丽（经办）',
      email: null,
      role: 'unitStaff',
      unitId: unit.id,
      active: true,
    });
  });

  it('refuses to delete a unit that has accounts, with the reason, and deletes an unused one', async () => {
    const unused = await stack.createUnit({ name: `临时单位${tag}` });
    await open(admin, '#/admin/units');
    // the search keeps the rows that mention every word typed
    await admin.locator('input[aria-label="查找承办单位"]').fill(`王芳 ${tag}`);
    await admin.locator('.list-count', { hasText: '找到 1 /' }).waitFor();
    expect(await unitRow(admin, unused.id).count()).toBe(0);
    await admin.locator('input[aria-label="查找承办单位"]').fill('');
    await unitRow(admin, unused.id).waitFor();

    // the unit's account count leads to its accounts, filtered to the unit
    await unitRow(admin, unit.id).locator('a', { hasText: '1 个' }).click();
    const accounts = admin.locator(
      `.view-admin[data-ready=true][data-hash="#/admin/users?unitId=${unit.id}"]`,
    );
    await accounts.locator('.list-count', { hasText: '找到 1 /' }).waitFor();
    expect(await accounts.locator('.filter-unit').innerText()).toContain(unitName);
    expect(await accounts.locator('a.username').allInnerTexts()).toEqual([staffName]);

    await open(admin, '#/admin/units');
    const row = unitRow(admin, unit.id);
    await row.locator('.confirm button.danger').click();
    // the question names the unit and says what deleting does; the refusal stays in it
    const ask = admin.getByRole('dialog', { name: `删除承办单位“${unitName}”` });
    expect(await ask.locator('.confirm-q').innerText()).toContain('删除后不能恢复');
    await ask.locator('.confirm-yes').click();
    const problem = ask.locator('.problem');
    await problem.waitFor();
    expect(await problem.locator('.problem-code').innerText()).toBe('UNIT_IN_USE');
    expect(await problem.locator('.problem-detail').innerText()).toContain('1 个账号');
    expect(await storedUnit()).toBeTruthy();
    await ask.locator('.confirm-no').click();
    await ask.waitFor({ state: 'hidden' });

    const other = unitRow(admin, unused.id);
    await other.locator('.confirm button.danger').click();
    await admin
      .getByRole('dialog', { name: `删除承办单位“临时单位${tag}”` })
      .locator('.confirm-yes')
      .click();
    await admin.locator('.notice-ok', { hasText: `已删除承办单位“临时单位${tag}”` }).waitFor();
    expect((await stack.admin.http('GET', `/units/${unused.id}`)).status).toBe(404);
    expect(await unitRow(admin, unused.id).count()).toBe(0);
  });

  it('unlocks an account that failed logins locked', async () => {
    const who = await stack.createUser('supervisor', {}, { displayName: '赵督办' });
    const tries: number[] = [];
    for (let i = 0; i < stack.cfg.auth.maxFailedLogins; i++)
      tries.push(
        (await stack.http('POST', '/auth/login', { username: who.username, password: 'wrong-pass' })).status,
      );
    expect(tries.at(-1)).toBe(423);
    const locked = await stack.http('POST', '/auth/login', {
      username: who.username,
      password: who.password,
    });
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');

    await open(admin, '#/admin/users');
    const row = userRow(admin, who.id);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('locked');
    expect(await row.locator('.badge.locked').innerText()).toBe('已锁定');
    expect(await web.axe(admin)).toEqual([]);
    await shoot(admin, 'users-locked');
    await row.locator('button.unlock').click();
    await admin.locator('.notice-ok', { hasText: `已解除账号 ${who.username} 的登录锁定` }).waitFor();
    const after = admin.locator('.view-admin[data-ready=true]').locator(userRow(admin, who.id));
    expect(await after.locator('[data-status]').getAttribute('data-status')).toBe('active');
    expect(await after.locator('button.unlock').count()).toBe(0);

    expect(await storedUser(who.username)).toMatchObject({
      locked: false,
      lockedUntil: null,
      failedLogins: 0,
    });
    expect(
      (await stack.http('POST', '/auth/login', { username: who.username, password: who.password })).status,
    ).toBe(200);
  });

  it('deactivates an account, whose login and token are then refused, and activates it again', async () => {
    const who = await stack.createUser('office', {}, { displayName: '钱交办' });
    await open(admin, '#/admin/users');
    const row = userRow(admin, who.id);
    await row.locator('.confirm button.danger', { hasText: '停用' }).click();
    const ask = admin.getByRole('dialog', { name: `停用账号 ${who.username}` });
    expect(await ask.locator('.confirm-q').innerText()).toContain('登录立即失效');
    await ask.locator('.confirm-yes').click();
    await admin.locator('.notice-ok', { hasText: `已停用账号 ${who.username}` }).waitFor();
    const after = admin.locator('.view-admin[data-ready=true]').locator(userRow(admin, who.id));
    expect(await after.locator('[data-status]').getAttribute('data-status')).toBe('inactive');
    expect(await after.locator('.badge.inactive').innerText()).toBe('已停用');

    expect((await storedUser(who.username)).active).toBe(false);
    const refused = await stack.http('POST', '/auth/login', {
      username: who.username,
      password: who.password,
    });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('INVALID_CREDENTIALS');
    expect((await who.http('GET', '/auth/me')).status).toBe(401);
    // the administrator's own account offers no 停用, nor a role change in its form
    expect(await userRow(admin, stack.admin.id).locator('.confirm').count()).toBe(0);

    await after.locator('button.enable').click();
    await admin.locator('.notice-ok', { hasText: `已启用账号 ${who.username}` }).waitFor();
    expect((await storedUser(who.username)).active).toBe(true);
    expect(
      (await stack.http('POST', '/auth/login', { username: who.username, password: who.password })).status,
    ).toBe(200);
  });

  it("the administrator's own form keeps its role and active flag out of reach", async () => {
    await open(admin, `#/admin/users/${stack.admin.id}`);
    const form = admin.locator(`form.admin-user[data-user-id="${stack.admin.id}"]`);
    expect(await form.locator('input[name=role]').isDisabled()).toBe(true);
    expect(await form.locator('input[name=active]').isDisabled()).toBe(true);
    expect(await form.locator('.select-unit').isVisible()).toBe(false);
    // a password shorter than 8 is refused at its field; the name typed stays
    await form.locator('input[name=displayName]').fill('系统管理员（信息中心）');
    await form.locator('input[name=password]').fill('short');
    await form.locator('button[type=submit]').click();
    expect(await form.locator('.field-error[data-field=password]').innerText()).toBe('至少 8 个字符');
    expect(await form.locator('input[name=displayName]').inputValue()).toBe('系统管理员（信息中心）');
    await form.locator('input[name=password]').fill('');
    await form.locator('button[type=submit]').click();
    await admin.locator('.notice-ok', { hasText: `已保存账号 ${stack.admin.username}` }).waitFor();
    expect(await storedUser(stack.admin.username)).toMatchObject({
      displayName: '系统管理员（信息中心）',
      role: 'admin',
      active: true,
    });
    // the old password still works: nothing was changed by the refused attempt
    expect(
      (
        await stack.http('POST', '/auth/login', {
          username: stack.admin.username,
          password: stack.admin.password,
        })
      ).status,
    ).toBe(200);
  });

  it('an office user has no 单位与账号 link and is refused on its address', async () => {
    const page = await signIn(office);
    expect(await page.locator('.role-tag').innerText()).toBe('交办机关');
    expect(await page.locator('nav a[href="#/admin/units"]').count()).toBe(0);
    // but reads the jurisdictions and their rules
    expect(await page.locator('nav a[href="#/admin/jurisdictions"]').innerText()).toContain('辖区与政策');
    await open(page, '#/admin/units');
    const view = page.locator('.view-admin[data-ready=true]');
    expect(await view.locator('.problem-code').innerText()).toBe('FORBIDDEN_ROLE');
    expect(await view.locator('.problem-detail').innerText()).toContain(
      '只有系统管理员可以管理承办单位与账号',
    );
    expect(await view.locator('table, form').count()).toBe(0);
    await open(page, '#/admin/users');
    expect(await page.locator('.view-admin[data-ready=true] .problem-code').innerText()).toBe(
      'FORBIDDEN_ROLE',
    );
    // and the API refuses it too
    expect((await office.http('PATCH', `/units/${unit.id}`, { leaderName: '某人' })).status).toBe(403);
    expect((await office.http('GET', '/users')).status).toBe(403);
  });
});
