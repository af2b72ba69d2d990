// « Courriers »: every letter the app wrote, with its posting and acknowledgement, a copy of the
// PDF on demand (regenerated from the stored row) and a link to what it is about.

import { h, clear, toast } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { longDate, todayIso } from '../lib/format.js';

function inlineForm(testid, fields, submitLabel, onSubmit) {
  const error = h('p', { class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'inline-form', 'data-testid': testid, novalidate: true },
    fields.map(([name, label, attrs]) => h('label', {}, label, h('input', { name, ...attrs }))),
    h('button', { type: 'submit' }, submitLabel), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try { await onSubmit(Object.fromEntries(new FormData(form))); } catch (err) {
      error.textContent = err.fields?.length ? err.fields.map((f) => f.message).join(' ') : err.message;
    }
  });
  return form;
}

function row(entry, redraw) {
  const l = entry;
  const posting = l.sent_on
    ? [`Posté le ${longDate(l.sent_on)}`, l.registered_number ? ` (n° ${l.registered_number})` : '']
    : ['Pas encore posté'];
  const ack = l.acknowledged_on ? `AR reçu le ${longDate(l.acknowledged_on)}` : (l.sent_on ? 'AR attendu' : '');
  const actions = h('div', { class: 'actions' },
    h('button', {
      class: 'secondary', type: 'button', 'data-testid': `letter-export-${l.id}`,
      onclick: async () => {
        try {
          const saved = await invoke('letter_export', { id: l.id });
          if (saved) {
            toast(saved.opened ? `Copie enregistrée : ${saved.path}`
              : `Copie enregistrée : ${saved.path}. Aucun lecteur de PDF n'a pu l'ouvrir : ouvrez-la vous-même pour l'imprimer.`);
          }
        } catch (err) { toast(err.message, 'error'); }
      },
    }, 'Enregistrer une copie (PDF)'),
    entry.listing_id ? h('a', { href: `#/fiches/${entry.listing_id}`, class: 'button-link' }, 'Voir la fiche') : null);
  const forms = [];
  if (l.can_mark_sent) {
    forms.push(inlineForm(`letter-sent-${l.id}`, [
      ['sent_on', 'Déposé à La Poste le', { type: 'date', value: todayIso() }],
      ['registered_number', 'N° de recommandé', { placeholder: '1A 234 567 8901 2' }],
    ], 'Marquer envoyé', async (v) => {
      await invoke('letter_mark_sent', { args: { id: l.id, ...v } });
      toast('Envoi enregistré.');
      await redraw();
    }));
  } else if (l.sent_on && !l.acknowledged_on) {
    forms.push(inlineForm(`letter-ack-${l.id}`, [
      ['acknowledged_on', "Date de l'avis de réception", { type: 'date', value: todayIso() }],
    ], 'Enregistrer l’AR', async (v) => {
      await invoke('letter_mark_acknowledged', { args: { id: l.id, ...v } });
      toast('Accusé de réception enregistré.');
      await redraw();
    }));
  }
  return h('article', { class: 'card letter-card', 'data-testid': 'letter-row' },
    h('h3', {}, l.kind_label),
    entry.about ? h('p', { class: 'muted' }, entry.about) : null,
    h('p', {}, l.dated ? `Daté du ${longDate(l.dated)}` : '', ' · ', posting, ack ? ` · ${ack}` : ''),
    actions, forms);
}

export async function letters(root) {
  const list = h('div', { class: 'letter-list', 'data-testid': 'letter-register' });
  const redraw = async () => {
    const entries = await invoke('letter_list');
    clear(list).append(...(entries.length
      ? entries.map((e) => row(e, redraw))
      : [h('p', { class: 'muted' }, 'Aucun courrier pour l’instant. Les lettres se préparent depuis une fiche nominative (demande d’effacement, plainte CNIL, déréférencement).')]));
  };
  root.append(h('section', { class: 'area', 'data-testid': 'letters' },
    h('h1', {}, 'Courriers'),
    h('p', { class: 'lead' }, 'Chaque courrier est conservé tel qu’il a été rédigé : la copie PDF est refaite à l’identique à partir de ses données. Gardez les preuves de dépôt et les avis de réception, ils font courir les délais.'),
    list));
  await redraw();
}
