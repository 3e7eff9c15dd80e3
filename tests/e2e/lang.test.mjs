// 2. At a desk (1280×800), a district cadre looks over the cells under the
// committee, switches the interface to English and back; the choice survives
// a reload.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESK, launch, newUser, shot, login, until } from './lib.mjs';

const browser = await launch();
after(() => browser.close());

const text = async (loc) => (await loc.textContent()).trim();

test('district cadre switches the language to English and back', async () => {
  const { context, page: p } = await newUser(browser, DESK, 'district');
  await login(p, 'danguy');

  // Home: the cells under the committee, each with its two sections.
  await p.getByRole('heading', { name: 'Đảng bộ phường Tân Mai' }).waitFor();
  const cell = p.locator('.card.cell', { hasText: 'Chi bộ Khu phố 3' });
  await cell.getByRole('link', { name: 'Danh sách đảng viên' }).waitFor();
  await cell.getByRole('link', { name: 'Cuộc họp' }).waitFor();
  assert.match(await text(p.locator('main h1')), /^Xin chào/);
  await shot(p, '11-desk-home.png');

  // Roster in Vietnamese.
  await cell.getByRole('link', { name: 'Danh sách đảng viên' }).click();
  await p.locator('.member', { hasText: 'Trần Văn Bình' }).waitFor();
  assert.equal(await text(p.locator('#conn')), 'Đã kết nối');
  assert.equal(await text(p.getByRole('button', { name: 'Thoát' })), 'Thoát');
  assert.match(await text(p.locator('.member', { hasText: 'Trần Văn Bình' })), /Chính thức.*Phó bí thư/);
  await shot(p, '12-desk-roster-vi.png');

  // English: the same screen, every label switched, nothing reloaded.
  await p.getByRole('button', { name: 'EN', exact: true }).click();
  await p.locator('html[lang="en"]').waitFor({ state: 'attached' });
  assert.equal(await text(p.locator('#conn')), 'Connected');
  await p.getByRole('button', { name: 'Log out' }).waitFor();
  await p.getByRole('link', { name: 'Members' }).waitFor();
  await p.getByRole('link', { name: 'Meetings' }).waitFor();
  await p.getByRole('button', { name: 'Add member' }).waitFor();
  assert.match(await text(p.locator('.summary')), /^\d+ members: \d+ official, \d+ probationary$/);
  assert.match(await text(p.locator('.member', { hasText: 'Trần Văn Bình' })), /Official.*Deputy secretary/);
  assert.match(await text(p.locator('.member', { hasText: 'Bùi Văn Khoa' })), /Exempt/);
  assert.equal(await p.getByRole('button', { name: 'EN', exact: true }).getAttribute('aria-pressed'), 'true');
  await shot(p, '13-desk-roster-en.png');

  // Remembered across a reload.
  await p.reload();
  await p.locator('.member', { hasText: 'Trần Văn Bình' }).waitFor();
  await p.getByRole('link', { name: 'Members' }).waitFor();
  assert.equal(await text(p.locator('#conn')), 'Connected');

  // The meeting room in English.
  await p.getByRole('link', { name: 'Meetings' }).click();
  await p.getByText('Sinh hoạt chi bộ thường kỳ tháng 12/2026').click();
  await p.locator('.room-title', { hasText: 'Sinh hoạt chi bộ thường kỳ tháng 12/2026' }).waitFor();
  await p.getByRole('heading', { name: 'Participants' }).waitFor();
  await p.getByRole('heading', { name: 'Join links' }).waitFor();
  await until(async () => /^Online: \d+\/\d+$/.test(await text(p.locator('.online-count'))), 'the online count in English');
  await shot(p, '14-desk-room-en.png');

  // And back to Vietnamese.
  await p.getByRole('button', { name: 'VI', exact: true }).click();
  await p.locator('html[lang="vi"]').waitFor({ state: 'attached' });
  await p.getByRole('heading', { name: 'Người dự họp' }).waitFor();
  await p.getByRole('heading', { name: 'Liên kết dự họp' }).waitFor();
  assert.match(await text(p.locator('.online-count')), /^Đang trực tuyến: \d+\/\d+$/);
  assert.equal(await text(p.locator('#conn')), 'Đã kết nối');
  await shot(p, '15-desk-room-vi.png');

  assert.deepEqual(p.errors, []);
  await context.close();
});
