// The small forms that record a step of a case (report, decision, notice, constat, court act…).
// What each form holds — title, date label, fields, choices, defaults, which are required —
// comes from Rust (`case_step_form`), which reads the answer back with the same rules; the page
// only draws it and sends what the doctor typed.

import { h } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';

function input(f) {
  switch (f.input) {
    case 'area': return Object.assign(h('textarea', { rows: 2 }), { value: f.value });
    case 'select': return h('select', {}, f.choices.map((c) => h('option', { value: c.value, selected: c.value === f.value }, c.label)));
    case 'number': return h('input', { autocomplete: 'off', inputmode: 'numeric', value: f.value });
    default: return h('input', { autocomplete: 'off', value: f.value });
  }
}

/** A form recording step `kind` of case `c` through `case_record_event`. */
export async function caseStepForm(kind, c, { onDone, onCancel }) {
  const step = await invoke('case_step_form', { id: c.id, kind });
  const form = h('form', { class: 'step-form', 'data-testid': 'case-step-form', dataset: { kind }, novalidate: true },
    h('h3', {}, step.title),
    step.hint ? h('p', { class: 'hint' }, step.hint) : null,
    field('on', step.date_label, dateInput(null, { value: step.date_value }), 'JJ/MM/AAAA', { required: true }),
    ...step.fields.map((f) => field(f.name, f.label, input(f), null, { required: f.required })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Annuler'),
      h('button', { type: 'submit', 'data-testid': 'case-step-save' }, 'Enregistrer')));
  onSubmit(form, async (d) => {
    const input = { kind };
    for (const [k, v] of d.entries()) input[k] = String(v);
    await onDone(await invoke('case_record_event', { args: { id: c.id, input } }));
  });
  return form;
}
