// « Courriers »: every letter the app wrote, with its posting and acknowledgement, a copy of the
// PDF on demand (regenerated from the stored row) and a link to what it is about.

import { h, clear, toast, act } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { longDate, savedMessage } from '../lib/format.js';
import { markSentForm, acknowledgedForm } from './listing-steps.js';

function row(entry, options, redraw) {
  const { today } = options;
  const l = entry;
  const posting = l.sent_on
    ? [`Posté le ${longDate(l.sent_on)}`, l.registered_number ? ` (n° ${l.registered_number})` : '']
    : [l.unsent_label];
  const ack = l.acknowledged_on ? `AR reçu le ${longDate(l.acknowledged_on)}` : (l.sent_on ? 'AR attendu' : '');
  const actions = h('div', { class: 'actions' },
    h('button', {
      class: 'secondary', type: 'button', 'data-testid': `letter-export-${l.id}`,
      onclick: async () => {
        await act(() => invoke('letter_export', { id: l.id }), { refresh: (saved) => { if (saved) toast(savedMessage(saved, 'La copie', { fem: true, exported: true })); } });
      },
    }, 'Enregistrer une copie (PDF)'),
    entry.listing_id ? h('a', { href: `#/fiches/${entry.listing_id}`, class: 'button-link' }, 'Voir la fiche') : null,
    entry.case_id ? h('a', { href: `#/dossiers/${entry.case_id}`, class: 'button-link' }, 'Voir le dossier') : null);
  const panel = h('div', { class: 'letter-form' });
  const forms = [];
  const open = (make, testid, label) => forms.push(h('button', {
    class: 'secondary', type: 'button', 'data-testid': testid,
    onclick: () => {
      clear(panel).append(make(l, today, { onDone: async (msg) => { toast(msg); await redraw(); }, onCancel: () => clear(panel) }));
      panel.querySelector('input')?.focus();
    },
  }, label));
  if (l.can_mark_sent) {
    open((letter, t, cb) => markSentForm(letter, t, { ...cb, onDone: () => cb.onDone('Envoi enregistré.') }), `letter-sent-${l.id}`, 'Marquer envoyé');
  } else if (l.can_mark_received) {
    open((letter, t, cb) => acknowledgedForm(letter, t, { ...cb, receiptChoices: options.receipt_choices, onDone: () => cb.onDone('Réception enregistrée.') }),
      `letter-ack-${l.id}`, 'Enregistrer la réception (AR, ou lettre non réclamée)');
  }
  return h('article', { class: 'card letter-card', 'data-testid': 'letter-row' },
    h('h3', {}, l.kind_label),
    entry.about ? h('p', { class: 'muted' }, entry.about) : null,
    h('p', {}, l.dated ? `Daté du ${longDate(l.dated)}` : '', ' · ', posting, ack ? ` · ${ack}` : ''),
    actions, forms, panel);
}

export async function letters(root) {
  const list = h('div', { class: 'letter-list', 'data-testid': 'letter-register' });
  const options = await invoke('listing_options');
  const redraw = async () => {
    const entries = await invoke('letter_list');
    clear(list).append(...(entries.length
      ? entries.map((e) => row(e, options, redraw))
      : [h('p', { class: 'muted' }, 'Aucun courrier pour l’instant. Les lettres se préparent depuis une fiche nominative (demande d’effacement, plainte CNIL, déréférencement) ou depuis un dossier (notification à l’hébergeur, mise en demeure, relance, inventaire des preuves).')]));
  };
  root.append(h('section', { class: 'area', 'data-testid': 'letters' },
    h('h1', {}, 'Courriers'),
    h('p', { class: 'lead' }, 'Chaque courrier est conservé tel qu’il a été rédigé : la copie PDF est refaite à l’identique à partir de ses données. Gardez les preuves de dépôt et les avis de réception, ils font courir les délais.'),
    list));
  await redraw();
}
