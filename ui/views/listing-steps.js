// The small forms that record a step of a listing (answer received, refusal, CNIL complaint
// filed…) or of its letter (posted, acknowledged). They send what the doctor typed; Rust checks
// it against the state machine and answers with per-field errors or a refusal that says why.

import { h } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';

const textarea = (rows = 2) => h('textarea', { rows });

/** What the receipt date rests on; the choices and their labels come from Rust. */
function receiptBasis(choices = []) {
  return field('basis', 'Ce qui date la réception', h('select', {},
    choices.map((c) => h('option', { value: c.value }, c.label))));
}

/** Step forms by the core's action kind (plus two that follow a generated document). */
export const STEPS = {
  record_request_sent: {
    kind: 'erasure_requested', title: 'Demande envoyée par courriel ou par le formulaire du site', date: "Date d'envoi",
    extra: () => [field('channel', 'Moyen utilisé', h('select', {},
      h('option', { value: 'web_form' }, 'Formulaire du site'), h('option', { value: 'email' }, 'Courriel')),
    "Sans lettre recommandée, le délai d'un mois court dès l'envoi ; gardez une copie d'écran ou le courriel envoyé.")],
  },
  record_receipt: {
    kind: 'receipt_acknowledged', title: 'Réception de la lettre', date: 'Date de réception ou de première présentation',
    hint: "Le délai d'un mois laissé à l'éditeur commence ce jour-là : la date de l'avis de réception signé ou, s'il n'est pas revenu, celle de la première présentation (suivi de La Poste, ou mentionnée sur la lettre revenue non réclamée).",
    extra: (ctx) => [receiptBasis(ctx.receiptChoices)],
  },
  record_extension: {
    kind: 'extension_notified', title: "Prolongation notifiée par l'éditeur", date: 'Date de la notification',
    extra: () => [field('reasons', "Motifs donnés par l'éditeur", textarea())],
  },
  record_reply: {
    kind: 'reply_received', title: "Réponse de l'éditeur", date: 'Date de la réponse',
    extra: () => [field('summary', 'Ce que dit la réponse (une ou deux phrases)', textarea())],
  },
  record_refusal: {
    kind: 'refusal_received', title: "Refus de l'éditeur", date: 'Date du refus',
    extra: () => [field('summary', 'Le refus et ses motifs (une ou deux phrases)', textarea())],
  },
  record_no_answer: { kind: 'no_answer_recorded', title: "Constat d'absence de réponse", date: 'Date du constat' },
  confirm_removal: {
    kind: 'removal_confirmed', title: 'Fiche supprimée', date: 'Date du constat',
    extra: () => [
      field('proof_by', 'Comment la suppression a été constatée', h('select', {},
        h('option', { value: 'observation' }, "Je l'ai constaté moi-même"),
        h('option', { value: 'publisher_confirmation' }, "L'éditeur l'a confirmé"),
        h('option', { value: 'presence_check' }, 'La dernière vérification de présence'))),
      field('summary', 'Précisions', textarea(), 'Par exemple : « la page affiche introuvable » ou le résumé du message de l’éditeur.'),
    ],
  },
  record_reappearance: {
    kind: 'reappeared', title: 'La fiche est réapparue', date: 'Date du constat',
    extra: () => [field('note', 'Précisions', textarea())],
  },
  cnil_filed: {
    kind: 'cnil_complaint_filed', title: 'Plainte déposée auprès de la CNIL', date: 'Date du dépôt',
    extra: () => [field('reference', 'Numéro de plainte donné par la CNIL (si vous l’avez)', h('input', {}))],
  },
  dereferencing_sent: {
    kind: 'dereferencing_requested', title: 'Demande de déréférencement envoyée', date: 'Date de la demande',
    extra: (ctx) => [field('engines', 'Moteurs de recherche saisis (séparés par des virgules)', h('input', { value: ctx.engine || 'Google' }))],
  },
};

function shell(title, hint, fields, { onCancel }) {
  return h('form', { class: 'step-form', 'data-testid': 'step-form', novalidate: true },
    h('h3', {}, title),
    hint ? h('p', { class: 'hint' }, hint) : null,
    fields,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Annuler'),
      h('button', { type: 'submit', 'data-testid': 'step-save' }, 'Enregistrer')));
}

/** A form recording one listing step through `listing_record_event`. `today` comes from Rust. */
export function stepForm(step, listingId, today, { onDone, onCancel, engine, receiptChoices }) {
  const fields = [
    field('occurred_on', step.date, dateInput(today), 'JJ/MM/AAAA'),
    ...(step.extra ? step.extra({ engine, receiptChoices }) : []),
  ];
  const form = shell(step.title, step.hint, fields, { onCancel });
  onSubmit(form, async (d) => {
    const input = { kind: step.kind };
    for (const [k, v] of d.entries()) input[k] = String(v);
    if (step.kind === 'dereferencing_requested') input.engines = String(d.get('engines') || '').split(',');
    await onDone(await invoke('listing_record_event', { args: { id: listingId, input } }));
  });
  return form;
}

/**
 * "Marquer envoyée": the posting date and the registered-mail number of a letter — the one form
 * for it, from a listing and from the « Courriers » register alike.
 */
export function markSentForm(letter, today, { onDone, onCancel }) {
  const form = shell('Lettre postée en recommandé avec accusé de réception',
    'Le numéro figure sur la preuve de dépôt remise par La Poste (par exemple 1A 123 456 7890 1).',
    [h('div', { class: 'row' },
      field('sent_on', 'Date de dépôt à La Poste', dateInput(today)),
      field('registered_number', 'Numéro de la lettre recommandée', h('input', { autocomplete: 'off' })))],
    { onCancel });
  onSubmit(form, async (d) => {
    await onDone(await invoke('letter_mark_sent', {
      args: { id: letter.id, sent_on: String(d.get('sent_on')), registered_number: String(d.get('registered_number')) },
    }));
  });
  return form;
}

/**
 * "Réception de la lettre": the date on the acknowledgement card or, when none came back or the
 * letter was returned unclaimed, the date of first presentation — any of them starts the clock.
 */
export function acknowledgedForm(letter, today, { onDone, onCancel, receiptChoices }) {
  const form = shell('Réception de la lettre',
    "Le délai laissé au destinataire court à partir de cette date, même si la lettre n'a pas été retirée.",
    [field('acknowledged_on', 'Date de réception ou de première présentation', dateInput(today)),
      receiptBasis(receiptChoices)],
    { onCancel });
  onSubmit(form, async (d) => {
    await onDone(await invoke('letter_mark_acknowledged', {
      args: { id: letter.id, acknowledged_on: String(d.get('acknowledged_on')), basis: String(d.get('basis')) },
    }));
  });
  return form;
}
