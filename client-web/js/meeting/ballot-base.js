// What the secret-ballot and self-review parts share (ballot-member.js,
// ballot.js, review.js): their Vietnamese strings, their stylesheet (loaded
// with them: a phone that never sees a ballot never downloads either), and
// how a choice and a tracker are written.
import { addStrings } from '../i18n.js';
import { h } from '../ui.js';
import strings from './strings-ballot-vi.js';

addStrings(strings);

// ballot.css; resolves when it applies (or failed: the parts still work).
export const styled = new Promise((resolve) => {
  if (document.querySelector('link[data-ballot-css]')) { resolve(); return; }
  const link = h('link', { rel: 'stylesheet', href: 'ballot.css', 'data-ballot-css': '' });
  link.addEventListener('load', resolve);
  link.addEventListener('error', resolve);
  document.head.append(link);
});

// 128 random bits as 32 lowercase hex characters (PROTOCOL.md ballot.cast).
export function newTracker() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

// A choice as the server writes it in the box: candidate ids sorted and
// joined by ",", an empty election ballot as "blank" (PROTOCOL.md).
export function canonical(choice) {
  if (Array.isArray(choice)) return choice.length ? [...choice].sort().join(',') : 'blank';
  return choice;
}

// 'd70a61953c…' -> 'd70a 6195 3c…' (groups of four, easier to read aloud);
// the short form is the first eight characters.
export const grouped = (tr) => (tr || '').match(/.{1,4}/g)?.join(' ') || '';
export const shortTracker = (tr) => grouped((tr || '').slice(0, 8));

// The labels of a box entry's choice ('c1,c3' -> 'Nguyễn Văn A, Trần Thị B'),
// or null for a blank ballot.
export function choiceLabel(b, canon) {
  if (canon == null || canon === 'blank') return null;
  return String(canon).split(',').map((x) => (b.options || []).find((o) => o.id === x)?.label || x).join(', ');
}

// The line of a closed ballot's result, for 'ballot.resultLine'.
export function resultParams(b) {
  const r = b.result || {};
  return { kind: b.kind, r: r.result || {}, counts: r.counts || {}, options: b.options || [], seats: b.seats, returned: r.returned, issued: r.issued, den: r.denominator };
}

// Did the result pass (for its colour): yes/no passed, a penalty or a
// rating proposed, someone elected.
export function resultTone(b) {
  const r = b.result?.result || {};
  switch (b.kind) {
    case 'yes_no': return r.passed ? 'passed' : 'failed';
    case 'election': return (r.elected || []).length ? 'passed' : 'failed';
    default: return 'neutral';
  }
}
