// The letters of a case, each with the form of what the case does not hold yet: the notice to the
// host (its own form first, the factual justification, the false-notice warning to confirm), the
// mise en demeure and its follow-up (recipient, period, the press-clock warning to confirm), and
// the evidence inventory. Rust assembles, checks the checklist and answers field by field.

import { h, clear } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke, AppError } from '../lib/ipc.js';
import { savedMessage } from '../lib/format.js';

const TITLES = {
  host_notice: 'Notification à l’hébergeur (règlement sur les services numériques, art. 16)',
  formal_notice: 'Mise en demeure',
  follow_up: 'Relance après la mise en demeure',
  evidence_inventory: 'Inventaire des preuves',
};

function warnings(list, name, testid) {
  return h('div', { class: 'warning', dataset: { field: name } },
    h('ul', {}, list.map((w) => h('li', {}, w))),
    h('label', {}, h('input', { type: 'checkbox', name, 'data-testid': testid }), ' J’ai lu ces avertissements.'),
    h('p', { class: 'field-error', 'data-testid': `error-${name}` }));
}

function hostFields(ctx) {
  const firstNotice = ctx.d.events.length && ctx.d.case.status !== 'open';
  return [
    h('fieldset', { class: 'field', dataset: { field: 'electronic_notice' } },
      h('legend', {}, 'Notification par le formulaire de l’hébergeur (à faire d’abord)'),
      h('div', { class: 'row' },
        field('electronic_notice_on', 'Faite le', dateInput(null)),
        field('electronic_notice_reference', 'Référence obtenue (facultatif)', h('input', {}))),
      field('electronic_notice_unavailable', 'Ou : pourquoi le formulaire n’a pas pu être utilisé', h('input', {})),
      h('p', { class: 'field-error', 'data-testid': 'error-electronic_notice' })),
    firstNotice ? null : field('prior_contact_reason', 'Pourquoi l’auteur ou l’éditeur n’a pas été contacté d’abord', h('input', {}),
      'Par exemple : « l’auteur n’est connu que par un pseudonyme et le site ne publie aucun moyen de le joindre ».'),
    field('factual_justification', 'Pourquoi, en fait, ces propos sont illicites', h('textarea', { rows: 3 }),
      'Expliquez en quelques phrases, sans détail médical : par exemple, le fait imputé est faux et vous pouvez le prouver.'),
  ];
}

function noticeFields(ctx) {
  const o = ctx.options;
  const author = ctx.d.case.parties.find((p) => p.role === 'author' && p.identified);
  return [
    field('recipient_role', 'Destinataire', h('select', {},
      h('option', { value: 'author', selected: Boolean(author), disabled: !author }, author ? `L’auteur : ${author.name}` : 'L’auteur (non identifié)'),
      h('option', { value: 'publisher', selected: !author }, 'L’éditeur du site')),
    author ? null : 'L’auteur n’est pas identifié dans le dossier : la mise en demeure va à l’éditeur du site.'),
    field('deadline_days', `Délai laissé (${o.formal_notice_days_min} à ${o.formal_notice_days_max} jours)`,
      h('input', { inputmode: 'numeric', value: String(o.formal_notice_days_default) }), 'Le délai court à partir de la réception de la lettre. Aucune somme d’argent ne doit être demandée.'),
  ];
}

/** Opens the form of letter `kind` for the case in the panel. */
export function letterPanel(ctx, kind) {
  const { panel, options } = ctx;
  const w = options.letter_warnings[kind] || [];
  const ack = kind === 'host_notice' ? 'false_notice_acknowledged' : 'press_clock_acknowledged';
  const form = h('form', { class: 'step-form', 'data-testid': 'case-letter-form', dataset: { kind }, novalidate: true },
    h('h3', {}, TITLES[kind]),
    kind === 'host_notice' ? hostFields(ctx) : null,
    kind === 'formal_notice' || kind === 'follow_up' ? noticeFields(ctx) : null,
    w.length && kind !== 'evidence_inventory' ? warnings(w, ack, 'letter-warnings-ack') : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => clear(panel) }, 'Annuler'),
      h('button', { type: 'submit', 'data-testid': 'case-letter-generate' }, 'Préparer le courrier (PDF)')));
  onSubmit(form, async (d) => {
    const args = { id: ctx.d.case.id, kind };
    for (const [k, v] of d.entries()) args[k] = String(v);
    if (args.deadline_days !== undefined) {
      const n = Number(args.deadline_days);
      // Typed as text: a non-number is answered here; the range is Rust's rule.
      if (!Number.isInteger(n) || n <= 0) {
        const message = 'Indiquez un nombre entier de jours.';
        throw new AppError({ kind: 'invalid', message, fields: [{ field: 'deadline_days', message }] });
      }
      args.deadline_days = n;
    }
    args[ack] = d.get(ack) === 'on';
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
