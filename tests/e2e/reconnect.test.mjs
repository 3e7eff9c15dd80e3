// 3. A member on a weak connection: the network drops while the chair posts a
// notice; the indicator turns amber, then green, and the missed notice shows
// up exactly once. Then the socket is cut from the page itself, and finally
// the member's link is reissued, which must end the old link politely.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, launch, newUser, shot, login, until } from './lib.mjs';

const browser = await launch();
after(() => browser.close());

const MEETING = 'Sinh hoạt chi bộ thường kỳ tháng 12/2026';
const MEMBER = 'Trần Văn Bình';

// Records every state the connection indicator goes through.
async function watchIndicator(page) {
  await page.evaluate(() => {
    const el = document.getElementById('conn');
    window.__states = [el.dataset.state];
    new MutationObserver(() => window.__states.push(el.dataset.state))
      .observe(el, { attributes: true, attributeFilter: ['data-state'] });
  });
}
const states = (page) => page.evaluate(() => window.__states);

// The member's feed: every logged event once, in seq order.
async function feedSeqs(page) {
  return page.locator('.feed li[data-seq]').evaluateAll((els) => els.map((e) => +e.dataset.seq));
}
function assertOnceInOrder(seqs) {
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'feed in seq order');
  assert.equal(new Set(seqs).size, seqs.length, 'no event twice: ' + seqs.join(','));
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'no event missing: ' + seqs.join(','));
}

test('a member who loses the network gets the missed notice exactly once', async () => {
  const sec = await newUser(browser, PHONE, 'secretary');
  const p = sec.page;
  await login(p, 'bithu');
  await p.getByText(MEETING).click();
  await p.locator('.room-title', { hasText: MEETING }).waitFor();

  // A fresh personal link for one member (reissuing if one exists).
  const row = p.locator('.link-row', { hasText: MEMBER });
  await row.waitFor();
  await row.getByRole('button', { name: /^(Tạo liên kết|Tạo lại)$/ }).click();
  await p.locator('dialog[open], .link-row.fresh').first().waitFor();
  if (await p.locator('dialog[open]').count()) await p.locator('dialog[open]').getByRole('button', { name: 'Tạo lại' }).click();
  await row.locator('input.link-url').waitFor();
  const link = await row.locator('input.link-url').inputValue();
  assert.match(link, /\/#\/j\/[A-Za-z0-9_-]{43}$/);

  if (await p.getByRole('button', { name: 'Khai mạc cuộc họp' }).count()) {
    await p.getByRole('button', { name: 'Khai mạc cuộc họp' }).click();
  }
  await p.locator('.room-head .badge', { hasText: 'Đang họp' }).waitFor();

  // The member joins.
  const mem = await newUser(browser, PHONE, 'member');
  const m = mem.page;
  await m.goto(link);
  await m.locator('.room-title', { hasText: MEETING }).waitFor();
  await m.locator('#conn[data-state="ready"]').waitFor();
  await m.locator('.feed li', { hasText: 'khai mạc cuộc họp' }).waitFor();
  await p.locator('.plist li.on', { hasText: MEMBER }).waitFor();
  await watchIndicator(m);

  // The network goes away; the chair posts a notice meanwhile.
  await mem.context.setOffline(true);
  await m.locator('#conn[data-state="retrying"], #conn[data-state="down"]').waitFor();
  assert.match((await m.locator('#conn').textContent()).trim(), /^Đang kết nối lại…/);
  await p.locator('.plist li.off', { hasText: MEMBER }).waitFor();
  const missed = 'Thông báo trong lúc mất mạng: nghỉ giải lao 5 phút.';
  await p.getByLabel('Gửi thông báo tới mọi người').fill(missed);
  await p.getByRole('button', { name: 'Gửi thông báo' }).click();
  await p.locator('.feed li.notice', { hasText: missed }).waitFor();
  await m.waitForTimeout(800);
  assert.equal(await m.locator('.feed li.notice', { hasText: missed }).count(), 0, 'offline: not delivered yet');
  await shot(m, '20-reconnect-amber.png');

  // Back online: green again, the notice is there, once.
  await mem.context.setOffline(false);
  await m.locator('#conn[data-state="ready"]').waitFor();
  await m.locator('.feed li.notice', { hasText: missed }).waitFor();
  await m.waitForTimeout(500);
  assert.equal(await m.locator('.feed li.notice', { hasText: missed }).count(), 1);
  assertOnceInOrder(await feedSeqs(m));
  const seen = await states(m);
  assert.equal(seen.at(-1), 'ready');
  assert.ok(seen.includes('retrying'), 'went amber: ' + seen.join(' → '));
  assert.equal((await m.locator('#conn').textContent()).trim(), 'Đã kết nối');
  await p.locator('.plist li.on', { hasText: MEMBER }).waitFor();
  await shot(m, '21-reconnect-green.png');

  // The socket dies under the page (a server restart, a NAT timeout): it
  // reconnects by itself and resumes; a notice after that arrives once.
  await watchIndicator(m);
  await m.evaluate(() => window.chibo.conn.ws.close(4000));
  await until(async () => (await states(m)).includes('retrying') && (await states(m)).at(-1) === 'ready', 'amber then green after a dropped socket');
  const after1 = 'Đề nghị các đồng chí phát biểu ý kiến.';
  await p.getByLabel('Gửi thông báo tới mọi người').fill(after1);
  await p.getByRole('button', { name: 'Gửi thông báo' }).click();
  await m.locator('.feed li.notice', { hasText: after1 }).waitFor();
  await m.waitForTimeout(300);
  assert.equal(await m.locator('.feed li.notice', { hasText: after1 }).count(), 1);
  assert.equal(await m.locator('.feed li.notice', { hasText: missed }).count(), 1);
  assertOnceInOrder(await feedSeqs(m));

  // A reload keeps the member in (the link is remembered) with the same feed.
  await m.reload();
  await m.locator('.feed li.notice', { hasText: after1 }).waitFor();
  await m.locator('#conn[data-state="ready"]').waitFor();
  assertOnceInOrder(await feedSeqs(m));

  // The chair reissues the member's link: the old one stops, with a clear message.
  await row.getByRole('button', { name: 'Tạo lại' }).click();
  await p.locator('dialog[open]').getByRole('button', { name: 'Tạo lại' }).click();
  await m.getByRole('heading', { name: 'Liên kết không còn hiệu lực' }).waitFor({ timeout: 20000 });
  await m.getByText('liên hệ đồng chí bí thư chi bộ để nhận liên kết mới', { exact: false }).waitFor();
  await shot(m, '22-link-revoked.png');

  assert.deepEqual([...p.errors, ...m.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e))], []);
  await mem.context.close();
  await sec.context.close();
});
