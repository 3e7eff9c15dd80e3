// 4. The rest of what a secretary does on a phone: a mistyped password, a
// member added by hand (with a bad date first), edited and removed, the
// roster exported, a guest observer invited, the meeting closed, logout.
// Then a district observer account sees everything and can change nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, PHONE, PASSWORD, launch, newUser, shot, login, until } from './lib.mjs';

const browser = await launch();
after(() => browser.close());

const confirm = (p, name) => p.locator('dialog[open]').getByRole('button', { name, exact: true }).click();

test('secretary edits the roster, invites a guest, closes the meeting, logs out', async () => {
  const { context, page: p } = await newUser(browser, PHONE, 'secretary');

  // A wrong password: a plain message, the user name stays typed.
  await p.goto(BASE + '/#/login');
  await p.getByLabel('Tên đăng nhập').fill('khongco');
  await p.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByText('Sai tên đăng nhập hoặc mật khẩu.').waitFor();
  assert.equal(await p.getByLabel('Tên đăng nhập').inputValue(), 'khongco');
  await shot(p, '30-login-wrong.png');
  await p.getByLabel('Tên đăng nhập').fill('bithu');
  await p.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.locator('#conn[data-state="ready"]').waitFor();

  // Add a member by hand; a date that does not exist is caught at once.
  await p.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await p.locator('.member').first().waitFor();
  const before = await p.locator('.member').count();
  await p.getByRole('button', { name: 'Thêm đảng viên' }).click();
  await p.getByLabel('Họ và tên').fill('Võ Thị Xuân');
  await p.getByLabel('Ngày vào Đảng').fill('30/02/2010');
  await p.getByRole('button', { name: 'Lưu' }).click();
  await p.getByText('Ngày không hợp lệ «30/02/2010».', { exact: false }).waitFor();
  assert.equal(await p.getByLabel('Họ và tên').inputValue(), 'Võ Thị Xuân', 'what was typed stays');
  await shot(p, '31-member-form-error.png', p.locator('.panel-slot'));
  await p.getByLabel('Ngày vào Đảng').fill('3/2/2010');
  await p.getByLabel('Trạng thái sinh hoạt').selectOption('attached');
  await p.getByRole('button', { name: 'Lưu' }).click();
  const row = p.locator('.member', { hasText: 'Võ Thị Xuân' });
  await row.waitFor();
  assert.match(await row.textContent(), /Chính thức.*Sinh hoạt tạm thời.*Vào Đảng: 03\/02\/2010/);
  assert.equal(await p.locator('.member').count(), before + 1);

  // Edit: she is probationary.
  await row.click();
  assert.equal(await p.getByLabel('Ngày vào Đảng').inputValue(), '03/02/2010');
  await p.getByLabel('Loại đảng viên').selectOption('probationary');
  await p.getByRole('button', { name: 'Lưu' }).click();
  await until(async () => /Dự bị/.test(await row.textContent()), 'the edited kind');

  // Export: a UTF-8 CSV file with Vietnamese headers.
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Xuất CSV' }).click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  assert.match(csv, /^Họ và tên/);
  assert.ok(csv.includes('Võ Thị Xuân') && csv.includes('Trần Văn Bình'));

  // Remove, after a confirmation.
  await row.click();
  await p.getByRole('button', { name: 'Xóa khỏi danh sách' }).click();
  await p.getByText('Xóa đồng chí Võ Thị Xuân khỏi danh sách chi bộ?', { exact: false }).waitFor();
  await shot(p, '32-remove-confirm.png');
  await confirm(p, 'Xóa');
  await until(async () => (await p.locator('.member', { hasText: 'Võ Thị Xuân' }).count()) === 0, 'the member gone');
  assert.equal(await p.locator('.member').count(), before);

  // A new meeting, opened, with an observer from the district invited by link.
  await p.getByRole('link', { name: 'Cuộc họp' }).click();
  await p.getByRole('button', { name: 'Tạo cuộc họp mới' }).click();
  await p.getByLabel('Loại cuộc họp').selectOption('thematic');
  assert.match(await p.getByLabel('Tiêu đề').inputValue(), /^Sinh hoạt chuyên đề tháng/);
  await p.getByLabel('Tiêu đề').fill('Chuyên đề học tập và làm theo tư tưởng Hồ Chí Minh');
  await p.getByRole('button', { name: 'Tạo cuộc họp', exact: true }).click();
  await p.locator('.room-title', { hasText: 'Chuyên đề học tập' }).waitFor();
  await p.getByRole('button', { name: 'Khai mạc cuộc họp' }).click();
  await p.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();
  await p.getByLabel('Họ và tên').fill('Trương Thanh Sơn');
  await p.getByLabel('Chức vụ').fill('Phó Bí thư Đảng ủy phường');
  await p.getByRole('button', { name: 'Tạo liên kết khách' }).click();
  const guestRow = p.locator('.link-row', { hasText: 'Trương Thanh Sơn' });
  const guestLink = await guestRow.locator('input.link-url').inputValue();
  assert.match(guestLink, /\/#\/j\/[A-Za-z0-9_-]{43}$/);
  await shot(p, '33-guest-link.png', guestRow);

  const g = await newUser(browser, PHONE, 'guest');
  await g.page.goto(guestLink);
  await g.page.locator('.room-title', { hasText: 'Chuyên đề học tập' }).waitFor();
  await g.page.locator('.plist li.on', { hasText: 'Trương Thanh Sơn' }).waitFor();
  await p.locator('.plist li.on', { hasText: 'Trương Thanh Sơn' }).waitFor();
  assert.match(await p.locator('.parts-box').textContent(), /Quan sát viên, khách mời \(1\/1\)/);
  await p.locator('.feed li', { hasText: 'Trương Thanh Sơn vào cuộc họp' }).waitFor();

  // Close, after a confirmation: everyone sees it ended.
  await p.getByRole('button', { name: 'Bế mạc cuộc họp' }).click();
  await confirm(p, 'Bế mạc cuộc họp');
  await p.locator('.room-head .badge', { hasText: 'Đã kết thúc' }).waitFor();
  await g.page.locator('.room-head .badge', { hasText: 'Đã kết thúc' }).waitFor();
  await g.page.getByText('Cuộc họp đã kết thúc.').waitFor();
  await g.page.locator('.feed li', { hasText: 'Đ/c Nguyễn Thị Hồng bế mạc cuộc họp' }).waitFor();
  await shot(g.page, '34-guest-closed.png');

  // Log out: back to the form, and a reload does not sign in again.
  await p.getByRole('button', { name: 'Thoát' }).click();
  await p.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await p.reload();
  await p.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  assert.equal(await p.evaluate(() => localStorage.getItem('chibo.token')), null);

  assert.deepEqual([...p.errors, ...g.page.errors], []);
  await g.context.close();
  await context.close();
});

test('an observer account can look but not change', async () => {
  const { context, page: p } = await newUser(browser, PHONE, 'observer');
  await login(p, 'quansat');
  const cell = p.locator('.card.cell', { hasText: 'Chi bộ Khu phố 3' });
  await cell.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await p.locator('.member', { hasText: 'Trần Văn Bình' }).waitFor();
  assert.equal(await p.getByRole('button', { name: 'Thêm đảng viên' }).count(), 0);
  assert.equal(await p.getByRole('button', { name: 'Nhập từ CSV' }).count(), 0);
  assert.equal(await p.locator('.member-btn').count(), 0, 'cards are not editable');
  await p.getByRole('link', { name: 'Cuộc họp' }).click();
  assert.equal(await p.getByRole('button', { name: 'Tạo cuộc họp mới' }).count(), 0);
  await p.getByText('Sinh hoạt chi bộ thường kỳ tháng 12/2026').click();
  await p.locator('.room-title').waitFor();
  await p.locator('.plist li.on', { hasText: 'Phan Văn Quang' }).waitFor();
  assert.equal(await p.locator('.controls').isVisible(), false);
  assert.equal(await p.locator('.links-box').isVisible(), false);
  await shot(p, '35-observer-room.png');
  assert.deepEqual(p.errors, []);
  await context.close();
});
