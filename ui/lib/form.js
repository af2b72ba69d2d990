// Form helpers: labelled fields with an error slot each, filled from the `fields` list of an
// `invalid` error returned by Rust.

import { h } from './dom.js';
import { AppError } from './ipc.js';
import { shortDate } from './format.js';

/**
 * A labelled field with its hint and its error slot, both tied to the input for screen readers.
 * A required field says so in its label (a visible mark) and to assistive technologies.
 */
export function field(name, label, input, hint, { required = false } = {}) {
  input.id ||= `f-${name}`;
  input.name = name;
  input.dataset.testid = `field-${name}`;
  const error = h('p', { class: 'field-error', id: `${input.id}-error`, 'data-testid': `error-${name}` });
  const hintNode = hint ? h('p', { class: 'hint', id: `${input.id}-hint` }, hint) : null;
  input.setAttribute('aria-describedby', [hintNode?.id, error.id].filter(Boolean).join(' '));
  if (required) input.setAttribute('aria-required', 'true');
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: input.id }, label, required ? h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
    input,
    hintNode,
    error);
}

/**
 * A date field read and typed as JJ/MM/AAAA whatever the system's language: WebKitGTK's own
 * date input follows the system locale (month first on an English-configured computer), so the
 * app uses a text field and Rust reads the date (`validation::calendar_date`).
 */
export function dateInput(iso, attrs = {}) {
  return h('input', {
    type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: 'JJ/MM/AAAA', maxlength: 10,
    class: 'date', value: iso ? shortDate(iso) : '', ...attrs,
  });
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

/**
 * Wires a form to Rust: on submit, clears the previous errors, disables the submit button while
 * `send(formData)` runs, and shows what Rust refused — each `invalid` message under its field
 * (on top of the form when this form has no such field), any other error on top of the form.
 */
export function onSubmit(form, send) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    form.querySelector('.form-error')?.remove();
    const button = form.querySelector('[type=submit]');
    if (button) button.disabled = true;
    try {
      await send(new FormData(form));
    } catch (err) {
      const fields = err instanceof AppError ? err.fields : [];
      // Each message under its field when this form has it; the others on top of the form.
      const placed = fields.filter((f) => form.querySelector(`[name="${CSS.escape(f.field)}"]`));
      const rest = fields.filter((f) => !placed.includes(f));
      if (placed.length) showFieldErrors(form, placed);
      if (!fields.length || rest.length) {
        const text = fields.length ? rest.map((f) => f.message).join(' ') : err.message;
        // A form saved from a stale version: what was typed stays; the doctor may reload the
        // saved version (the record's address brings the same screen back).
        const reload = err?.kind === 'stale'
          ? h('button', { type: 'button', class: 'secondary', 'data-testid': 'form-reload', onclick: () => window.location.reload() }, 'Recharger la version enregistrée')
          : null;
        form.prepend(h('div', { class: 'form-error', role: 'alert', 'data-testid': 'form-error' }, h('p', {}, text), reload));
      }
    } finally {
      if (button) button.disabled = false;
    }
  });
}
