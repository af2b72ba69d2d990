// The form that records or edits a listing (site, address, what it shows, when it was found).
// Its own module: the list and the detail screens both use it, and neither imports the other.

import { h, clear, toast } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';
import { siteForm } from './sites.js';

/** The listing form (new listing when `listing` is null). */
export function listingForm(listing, sites, options, { onSaved, onCancel }) {
  const l = listing?.listing;
  const siteSelect = h('select', {},
    h('option', { value: '' }, '— Choisissez le site —'),
    sites.map((s) => h('option', { value: s.id, selected: l?.site_id === s.id }, `${s.name} (${s.domain})`)));
  const siteSlot = h('div', { class: 'inline-editor' });
  const shows = h('div', { class: 'checks', role: 'group', 'aria-label': 'Ce que la fiche affiche' },
    options.shown.map((o) => h('label', {}, h('input', {
      type: 'checkbox', name: 'shows', value: o.value, 'data-testid': `shows-${o.value}`,
      checked: l ? l.shows.includes(o.value) : false,
    }), ` ${o.label}`)));
  const notes = h('textarea', { rows: 2 });
  notes.value = l?.notes || '';

  const addSite = () => {
    clear(siteSlot).append(h('h3', {}, 'Ajouter un site'), siteForm(null, options, {
      onSaved: async (saved) => {
        siteSelect.append(h('option', { value: saved.id, selected: true }, `${saved.name} (${saved.domain})`));
        clear(siteSlot);
        toast('Site ajouté.');
      },
      onCancel: () => clear(siteSlot),
    }));
  };

  const form = h('form', { class: 'listing-form', 'data-testid': 'listing-form', novalidate: true },
    h('fieldset', {},
      h('legend', {}, 'La fiche'),
      h('div', { class: 'row' },
        field('site_id', 'Site qui publie la fiche', siteSelect),
        field('found_on', 'Trouvée le', dateInput(l?.state.found_on || options.today))),
      h('p', { class: 'hint' }, 'Le site manque dans la liste ? ',
        h('button', { type: 'button', class: 'link', 'data-testid': 'site-add-inline', onclick: addSite }, 'Ajouter un site')),
      field('url', 'Adresse (URL) de la fiche', h('input', { value: l?.url || '', placeholder: 'https://…', inputmode: 'url' }),
        "Copiez-la depuis la barre d'adresse du navigateur."),
      h('div', { class: 'field', dataset: { field: 'shows' } },
        h('span', { class: 'label' }, 'Ce que la fiche affiche'), shows,
        h('p', { class: 'field-error', 'data-testid': 'error-shows' })),
      field('notes', 'Notes', notes)),
    h('div', { class: 'actions' },
      onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Annuler') : null,
      h('button', { type: 'submit', 'data-testid': 'listing-save' }, 'Enregistrer la fiche')));

  onSubmit(form, async (d) => {
    const input = {
      site_id: Number(d.get('site_id')) || 0,
      url: d.get('url'),
      shows: d.getAll('shows'),
      found_on: d.get('found_on'),
      notes: d.get('notes'),
    };
    await onSaved?.(await invoke('listing_save', { args: { id: l?.id ?? null, input } }));
  });
  return h('div', {}, form, siteSlot);
}
