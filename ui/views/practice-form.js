// The practitioner form, used by the first-run onboarding and by Paramètres.

import { h } from '../lib/dom.js';
import { field, onSubmit } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';

function select(options, value) {
  return h('select', {}, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/**
 * Builds the form. `onSaved(practitioner)` runs after Rust accepted and stored it.
 * `practitioner` is null for a new doctor.
 */
export function practiceForm(practitioner, { onSaved, submitLabel = 'Enregistrer', onCancel } = {}) {
  const p = practitioner || {};
  const lines = h('textarea', { rows: 3, autocomplete: 'street-address' });
  lines.value = (p.address_lines || []).join('\n');
  const isDefault = h('input', { type: 'checkbox', checked: p.is_default || !practitioner });

  const form = h('form', { class: 'practice-form', 'data-testid': 'practice-form', novalidate: true },
    h('p', { class: 'hint' }, 'Les champs marqués ', h('span', { class: 'required-mark' }, '*'), ' sont obligatoires.'),
    h('fieldset', {},
      h('legend', {}, 'Identité'),
      h('div', { class: 'row' },
        field('civility', 'Civilité', select([['madame', 'Madame'], ['monsieur', 'Monsieur']], p.civility || 'madame')),
        field('title', 'Titre', select([['docteur', 'Docteur'], ['professeur', 'Professeur']], p.title || 'docteur'))),
      h('div', { class: 'row' },
        field('first_name', 'Prénom', h('input', { value: p.first_name || '', autocomplete: 'given-name' }), undefined, { required: true }),
        field('last_name', 'Nom', h('input', { value: p.last_name || '', autocomplete: 'family-name' }), undefined, { required: true })),
      h('div', { class: 'row' },
        field('specialty', 'Spécialité', h('input', { value: p.specialty || '' }), 'Telle qu’elle figure sur vos courriers, par exemple « Médecine générale ».', { required: true }),
        field('rpps', 'Numéro RPPS', h('input', { value: p.rpps || '', inputmode: 'numeric', maxlength: 14 }),
          '11 chiffres, inscrits sur votre carte CPS.', { required: true }))),
    h('fieldset', {},
      h('legend', {}, 'Adresse professionnelle'),
      field('address_lines', 'Adresse (une ligne par ligne postale)', lines,
        'Par exemple « 12 rue Cabanis ». 38 caractères au plus par ligne, votre nom compris, 6 lignes au plus.', { required: true }),
      h('div', { class: 'row' },
        field('postcode', 'Code postal', h('input', { value: p.postcode || '', inputmode: 'numeric', maxlength: 5, autocomplete: 'postal-code' }), undefined, { required: true }),
        field('city', 'Commune', h('input', { value: p.city || '', autocomplete: 'address-level2' }), undefined, { required: true }))),
    h('fieldset', {},
      h('legend', {}, 'Coordonnées et signature'),
      h('div', { class: 'row' },
        field('phone', 'Téléphone du cabinet', h('input', { value: p.phone || '', type: 'tel', autocomplete: 'tel' }), undefined, { required: true }),
        field('email', 'Adresse électronique professionnelle', h('input', { value: p.email || '', type: 'email', autocomplete: 'email' }), undefined, { required: true })),
      field('designation', 'Désignation dans les courriers', h('input', { value: p.designation || '', maxlength: 60, placeholder: 'Médecin exerçant en libéral' }),
        'Comment vous êtes présenté(e) dans vos courriers, par exemple « Médecin libérale » ou « Médecin généraliste libéral ». Laissé vide : « Médecin exerçant en libéral ».'),
      h('div', { class: 'row' },
        field('signature_city', 'Lieu de signature (« Fait à … »)', h('input', { value: p.signature_city || '' }),
          'Laissé vide, la commune du cabinet est utilisée.'),
        h('div', { class: 'field checkbox' },
          h('label', {}, isDefault, ' Signataire par défaut des courriers')))),
    h('div', { class: 'actions' },
      onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Annuler') : null,
      h('button', { type: 'submit', 'data-testid': 'practice-save' }, submitLabel)));
  isDefault.name = 'is_default';

  onSubmit(form, async (data) => {
    const input = {
      civility: data.get('civility'),
      title: data.get('title'),
      first_name: data.get('first_name'),
      last_name: data.get('last_name'),
      specialty: data.get('specialty'),
      rpps: data.get('rpps'),
      address_lines: String(data.get('address_lines') || '').split('\n'),
      postcode: data.get('postcode'),
      city: data.get('city'),
      phone: data.get('phone'),
      email: data.get('email'),
      signature_city: data.get('signature_city'),
      designation: data.get('designation'),
      is_default: isDefault.checked,
      row_version: practitioner?.row_version ?? null,
    };
    await onSaved?.(await invoke('practitioner_save', { args: { id: practitioner?.id ?? null, input } }));
  });
  return form;
}
