// Form helpers: labelled fields with an error slot each, filled from the `fields` list of an
// `invalid` error returned by Rust.

import { h } from './dom.js';

export function field(name, label, input, hint) {
  input.id ||= `f-${name}`;
  input.name = name;
  input.dataset.testid = `field-${name}`;
  const error = h('p', { class: 'field-error', id: `${input.id}-error`, 'data-testid': `error-${name}` });
  input.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: input.id }, label),
    input,
    hint ? h('p', { class: 'hint' }, hint) : null,
    error);
}

export function showFieldErrors(form, fields) {
  clearFieldErrors(form);
  let first = null;
  for (const { field: name, message } of fields) {
    const slot = form.querySelector(`[data-field="${CSS.escape(name)}"] .field-error`);
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
    if (input) input.setAttribute('aria-invalid', 'true');
    first ||= input;
  }
  first?.focus();
}

export function clearFieldErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
}
