// #/login — account sign-in (district cadres, secretaries, observers).
import { h, field, errorBox, showError, setT } from '../ui.js';

export function mount(view, ctx) {
  const user = h('input', { name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const show = h('button', { type: 'button', class: 'btn small ghost', t: 'login.show', 'aria-pressed': 'false' });
  show.addEventListener('click', () => {
    const on = pass.type === 'password';
    pass.type = on ? 'text' : 'password';
    show.setAttribute('aria-pressed', String(on));
    setT(show, on ? 'login.hide' : 'login.show');
  });
  const err = errorBox();
  const btn = h('button', { type: 'submit', class: 'btn primary block', t: 'login.submit' });
  const passField = field('login.pass', pass);
  passField.querySelector('label').after(show);
  passField.classList.add('with-toggle');
  const form = h('form', { class: 'card narrow', novalidate: true },
    h('h1', { t: 'login.title' }),
    h('p', { class: 'muted', t: 'login.lead' }),
    field('login.user', user), passField, err, btn,
    h('p', { class: 'hint', t: 'login.members' }));
  view.append(form);

  const note = ctx.takeLoginNote();
  if (note) showError(err, note);
  user.focus();

  let lockTimer = 0;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(err, null);
    if (!user.value.trim() || !pass.value) {
      showError(err, { code: 'login_empty' });
      (user.value.trim() ? pass : user).focus();
      return;
    }
    btn.disabled = true;
    setT(btn, 'login.busy');
    try {
      const res = await ctx.conn.start({ user: user.value.trim(), password: pass.value }, { once: true });
      if (!ctx.alive()) return;
      ctx.loggedIn(res);
      return;
    } catch (er) {
      if (!ctx.alive()) return;
      showError(err, er);
      if (er.code === 'throttled') {
        // Keep the button off until the server will listen again.
        const ms = er.details?.retry_after_ms || 30000;
        clearTimeout(lockTimer);
        lockTimer = setTimeout(() => { btn.disabled = false; setT(btn, 'login.submit'); }, ms);
        setT(btn, 'login.wait');
        return;
      }
      pass.focus();
      pass.select();
    }
    btn.disabled = false;
    setT(btn, 'login.submit');
  });
  return () => clearTimeout(lockTimer);
}
