// Tiny DOM helpers. Text always goes through textContent, never innerHTML, so nothing typed
// by the doctor or imported from a review can become markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast ${kind}`, 'data-testid': 'toast' }, message);
  box.append(item);
  // A few at a time: a long stack would hide the page it reports on.
  while (box.children.length > 3) box.firstElementChild.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 9000 : 4500);
}

/** Asks for confirmation in a modal dialog; resolves to true when confirmed. */
export function confirmAction(title, text, okLabel = 'Confirmer') {
  const dialog = document.getElementById('confirm-dialog');
  dialog.querySelector('#confirm-title').textContent = title;
  dialog.querySelector('#confirm-text').textContent = text;
  dialog.querySelector('[value=ok]').textContent = okLabel;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

/**
 * The pattern of every action button: run `command` (an invoke), then say `done` (a message, or a
 * function of the result) and `refresh`; a refusal is shown as it came from Rust. Returns the
 * command's result, or `undefined` when it failed.
 */
export async function act(command, { done, refresh } = {}) {
  let out;
  try {
    out = await command();
  } catch (err) {
    toast(err.message, 'error');
    return undefined;
  }
  if (done) toast(typeof done === 'function' ? done(out) : done);
  if (refresh) await refresh(out);
  return out;
}
