// The letters of a case. Each form is drawn from the description Rust gives
// (`case_letter_form`): its title, its fields with which are required, its warnings to confirm.
// The same Rust rules check the form when it comes back, so the page keeps no rule of its own.

import { h, clear } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke, AppError } from '../lib/ipc.js';
import { savedMessage } from '../lib/format.js';

function warnings(list, name, testid) {
  return h('div', { class: 'warning', dataset: { field: name } },
    h('ul', {}, list.map((w) => h('li', {}, w))),
    h('label', {}, h('input', { type: 'checkbox', name, 'data-testid': testid }), ' J’ai lu ces avertissements.'),
    h('p', { class: 'field-error', 'data-testid': `error-${name}` }));
}

/** The input of one field of the form Rust describes (its kind, value and choices). */
function input(f) {
  switch (f.input) {
    case 'textarea': return h('textarea', { rows: 3 });
    case 'date': return dateInput(null);
    case 'number': return h('input', { inputmode: 'numeric', value: f.value ?? '' });
    case 'select': return h('select', {}, f.choices.map((c) => h('option', { value: c.value, selected: c.value === f.value, disabled: c.disabled }, c.label)));
    default: return h('input', { value: f.value ?? '' });
  }
}

/** The fields of the form, each group of fields in its fieldset, in Rust's order. */
function fields(form) {
  const out = [];
  const drawn = new Set();
  for (const f of form.fields) {
    if (!f.group) { out.push(field(f.name, f.label, input(f), f.hint, { required: f.required })); continue; }
    if (drawn.has(f.group)) continue;
    drawn.add(f.group);
    const g = form.groups.find((x) => x.name === f.group);
    out.push(h('fieldset', { class: 'field', dataset: { field: g.name } },
      h('legend', {}, g.legend),
      h('p', { class: 'hint' }, g.hint),
      h('div', { class: 'row' }, form.fields.filter((x) => x.group === g.name).map((x) => field(x.name, x.label, input(x), x.hint, { required: x.required }))),
      h('p', { class: 'field-error', 'data-testid': `error-${g.name}` })));
  }
  return out;
}

/** Opens the form of letter `kind` for the case in the panel, as Rust describes it. */
export async function letterPanel(ctx, kind) {
  const { panel } = ctx;
  let spec;
  try {
    spec = await invoke('case_letter_form', { id: ctx.d.case.id, kind });
  } catch (err) {
    clear(panel).append(h('p', { class: 'action-result bad', role: 'alert' }, err.message));
    return;
  }
  const ack = spec.acknowledgement;
  const form = h('form', { class: 'step-form', 'data-testid': 'case-letter-form', dataset: { kind }, novalidate: true },
    h('h3', {}, spec.title),
    fields(spec),
    ack ? warnings(spec.warnings, ack, 'letter-warnings-ack') : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => clear(panel) }, 'Annuler'),
      h('button', { type: 'submit', 'data-testid': 'case-letter-generate' }, spec.submit_label)));
  const numbers = spec.fields.filter((f) => f.input === 'number').map((f) => f.name);
  onSubmit(form, async (d) => {
    const args = { id: ctx.d.case.id, kind };
    for (const [k, v] of d.entries()) args[k] = String(v);
    for (const name of numbers) {
      if (args[name] === undefined || args[name].trim() === '') { delete args[name]; continue; }
      const n = Number(args[name]);
      // Typed as text: what is not a whole number cannot be sent as one; the range is Rust's.
      if (!Number.isInteger(n) || n <= 0) {
        const message = 'Indiquez un nombre entier.';
        throw new AppError({ kind: 'invalid', message, fields: [{ field: name, message }] });
      }
      args[name] = n;
    }
    if (ack) args[ack] = d.get(ack) === 'on';
    const out = await invoke('case_letter_generate', { args });
    await ctx.redraw();
    const result = document.querySelector('[data-testid=case-result]');
    result.className = 'action-result ok';
    clear(result).append(savedMessage(out, 'Le courrier'),
      h('p', {}, 'Il figure dans « Courriers ». Une fois posté, marquez-le envoyé (date et numéro de recommandé).'));
  });
  clear(panel).append(form);
  panel.scrollIntoView({ block: 'nearest' });
  form.querySelector('input, select, textarea')?.focus({ preventScroll: true });
}
