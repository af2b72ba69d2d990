// The small forms that record a step of a case (report, decision, notice, constat, court act…).
// They send what the doctor typed; Rust reads the dates, checks the step against the case's
// state machine and answers field by field, or with a refusal that says why.

import { h } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';

const text = (attrs = {}) => h('input', { autocomplete: 'off', ...attrs });
const area = () => h('textarea', { rows: 2 });
const select = (choices, value) => h('select', {}, choices.map((c) => h('option', { value: c.value, selected: c.value === value }, c.label)));
const roleChoices = (o) => o.roles.filter((r) => r.value !== 'host');

/** Step forms by event kind: title, date label, extra fields (given the options and the case). */
export const CASE_STEPS = {
  report_made: {
    title: 'Signalement fait avec l’outil de la plateforme', date: 'Date du signalement',
    hint: 'Utilisez d’abord l’outil de signalement de la plateforme (par exemple « Signaler l’avis »). Notez le motif choisi et la référence reçue. Un signalement n’arrête pas le délai de prescription (voir l’avertissement sous les délais du dossier).',
    extra: () => [field('reason', 'Motif choisi dans l’outil', text()), field('reference', 'Référence reçue (facultatif)', text())],
  },
  report_decided: {
    title: 'Décision de la plateforme sur le signalement', date: 'Date de la décision',
    extra: (o) => [field('decision', 'Décision', select(o.decisions)), field('note', 'Ce que dit la réponse', area())],
  },
  appeal_made: {
    title: 'Contestation de la décision', date: 'Date de la contestation',
    hint: 'Une plateforme en ligne doit offrir un système interne de réclamation contre ses décisions (règlement sur les services numériques, article 20).',
    extra: () => [field('reference', 'Référence (facultatif)', text())],
  },
  host_notified: {
    title: 'Notification faite à l’hébergeur', date: 'Date de la notification',
    extra: (o, c) => [field('host', 'Hébergeur', text({ value: c.parties.find((p) => p.role === 'host')?.name || '' })),
      field('reference', 'Référence du formulaire (facultatif)', text()), field('registered_number', 'N° de recommandé (facultatif)', text())],
  },
  host_decided: {
    title: 'Décision de l’hébergeur', date: 'Date de la décision',
    extra: (o) => [field('decision', 'Décision', select(o.decisions)), field('note', 'Ce que dit la réponse', area())],
  },
  formal_notice_sent: {
    title: 'Mise en demeure envoyée (hors application)', date: 'Date d’envoi',
    extra: (o) => [field('to', 'Destinataire', select(roleChoices(o))),
      field('deadline_days', `Délai laissé (${o.formal_notice_days_min} à ${o.formal_notice_days_max} jours)`, text({ inputmode: 'numeric', value: String(o.formal_notice_days_default) })),
      field('registered_number', 'N° de recommandé (facultatif)', text())],
  },
  formal_notice_received: {
    title: 'Réception de la mise en demeure', date: 'Date de réception ou de première présentation',
    hint: 'Le délai laissé au destinataire court à partir de cette date.',
    extra: (o) => [field('basis', 'Ce qui date la réception', select(o.receipt_choices))],
  },
  follow_up_sent: { title: 'Relance envoyée (hors application)', date: 'Date d’envoi' },
  answer_received: {
    title: 'Réponse reçue', date: 'Date de la réponse',
    extra: (o) => [field('from', 'De la part de', select(roleChoices(o))),
      field('complied', 'La demande est-elle satisfaite ?', select([{ value: 'false', label: 'Non' }, { value: 'true', label: 'Oui, le contenu est retiré ou le sera' }])),
      field('summary', 'Ce que dit la réponse', area())],
  },
  constat_ordered: {
    title: 'Constat commandé à un commissaire de justice', date: 'Date de la commande',
    extra: () => [field('officer', 'Commissaire de justice (nom, étude)', text()), field('reference', 'Référence (facultatif)', text())],
  },
  constat_done: {
    title: 'Constat dressé', date: 'Date du constat',
    hint: 'Joignez ensuite le constat lui-même comme pièce du dossier (type « constat de commissaire de justice »).',
    extra: () => [field('reference', 'Référence du constat', text())],
  },
  lawyer_consulted: {
    title: 'Conseil consulté', date: 'Date',
    extra: () => [field('who', 'Qui (avocat, protection juridique de votre assureur, Ordre…)', text())],
  },
  court_action_filed: {
    title: 'Action en justice engagée', date: 'Date de l’acte',
    hint: 'Seuls une assignation délivrée, une citation directe, une plainte avec constitution de partie civile ou des réquisitions du parquet interrompent le délai ; une plainte simple ne l’interrompt pas. Votre avocat vous donne la date et la référence.',
    extra: (o) => [field('action', 'Acte', select(o.court_actions)), field('reference', 'Référence (facultatif)', text())],
  },
  content_removed: {
    title: 'Contenu retiré', date: 'Date du constat',
    extra: () => [field('how', 'Comment vous l’avez constaté', area())],
  },
  content_reappeared: { title: 'Le contenu est de nouveau en ligne', date: 'Date du constat' },
  closed: {
    title: 'Clore le dossier', date: 'Date',
    extra: (o) => [field('outcome', 'Issue', select(o.outcomes)), field('note', 'Précisions', area())],
  },
};

/** A form recording step `kind` of case `c` through `case_record_event`. */
export function caseStepForm(kind, c, options, { onDone, onCancel }) {
  const step = CASE_STEPS[kind];
  const form = h('form', { class: 'step-form', 'data-testid': 'case-step-form', dataset: { kind }, novalidate: true },
    h('h3', {}, step.title),
    step.hint ? h('p', { class: 'hint' }, step.hint) : null,
    field('on', step.date, dateInput(options.today), 'JJ/MM/AAAA'),
    ...(step.extra ? step.extra(options, c) : []),
    kind === 'closed' || kind === 'report_decided' || kind === 'host_decided' ? null : field('step_note', 'Note (facultatif)', area()),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Annuler'),
      h('button', { type: 'submit', 'data-testid': 'case-step-save' }, 'Enregistrer')));
  onSubmit(form, async (d) => {
    const input = { kind };
    for (const [k, v] of d.entries()) input[k === 'step_note' ? 'note' : k] = String(v);
    await onDone(await invoke('case_record_event', { args: { id: c.id, input } }));
  });
  return form;
}
