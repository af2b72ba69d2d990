// The form that records or edits a listing (site, address, what it shows, when it was found).
// Its own module: the list and the detail screens both use it, and neither imports the other.

import { h, clear, toast } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';
import { siteForm } from './sites.js';

/** The host of a web address as a site's domain is written (lower case, no "www."), or null. */
function urlHost(raw) {
  try {
    const url = new URL(String(raw || '').trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  } catch {
    return null;
  }
}

const onDomain = (host, domain) => Boolean(domain) && (host === domain || host.endsWith(`.${domain}`));

/** The site an address is on (the most specific domain), as Rust's `site_for_url` finds it. */
function siteForHost(sites, host) {
  return sites.filter((s) => onDomain(host, s.domain)).sort((a, b) => b.domain.length - a.domain.length)[0] || null;
}

/** The listing form (new listing when `listing` is null or has no id). */
export function listingForm(listing, sites, options, { onSaved, onCancel, save = null }) {
  const l = listing?.listing;
  const known = [...sites];
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
        known.push(saved);
        matchSite(false);
        clear(siteSlot);
        toast('Site ajouté.');
      },
      onCancel: () => clear(siteSlot),
    }));
  };

  // Comfort only: Rust refuses an address that is not on its site unless the doctor confirms.
  const url = h('input', { value: l?.url || '', placeholder: 'https://…', inputmode: 'url' });
  const mismatchOk = h('input', { type: 'checkbox', name: 'site_mismatch_ok', 'data-testid': 'field-site_mismatch_ok' });
  const mismatchText = h('span', {});
  const mismatch = h('div', { class: 'field', hidden: true, 'data-testid': 'site-mismatch' },
    h('label', {}, mismatchOk, ' ', mismatchText));
  const matchSite = (preselect) => {
    const host = urlHost(url.value);
    const match = host ? siteForHost(known, host) : null;
    if (preselect && match) siteSelect.value = String(match.id);
    const chosen = known.find((s) => String(s.id) === siteSelect.value);
    // Confirmable only when no known site holds the address (Rust refuses it otherwise).
    const differs = Boolean(host && chosen && !match && !onDomain(host, chosen.domain));
    mismatch.hidden = !differs;
    if (!differs) mismatchOk.checked = false;
    mismatchText.textContent = differs
      ? `L'adresse est bien sur ce site : « ${chosen.name} » publie aussi sous ${host}.`
      : '';
  };
  url.addEventListener('input', () => matchSite(true));
  url.addEventListener('change', () => matchSite(true));
  siteSelect.addEventListener('change', () => matchSite(false));

  const form = h('form', { class: 'listing-form', 'data-testid': 'listing-form', novalidate: true },
    h('fieldset', {},
      h('legend', {}, 'La fiche'),
      h('div', { class: 'row' },
        field('site_id', 'Site qui publie la fiche', siteSelect),
        field('found_on', 'Trouvée le', dateInput(l?.state.found_on || options.today))),
      h('p', { class: 'hint' }, 'Le site manque dans la liste ? ',
        h('button', { type: 'button', class: 'link', 'data-testid': 'site-add-inline', onclick: addSite }, 'Ajouter un site')),
      field('url', 'Adresse (URL) de la fiche', url,
        "Copiez-la depuis la barre d'adresse du navigateur : le site correspondant est choisi d'après elle."),
      mismatch,
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
      site_mismatch_ok: !mismatch.hidden && mismatchOk.checked,
      // The version the form was loaded with: Rust refuses the save if the listing moved on.
      row_version: listing?.row_version ?? null,
    };
    // `save` lets another screen record the listing its own way (the Veille marks its item too).
    await onSaved?.(await (save ? save(input) : invoke('listing_save', { args: { id: l?.id ?? null, input } })));
  });
  matchSite(false);
  return h('div', {}, form, siteSlot);
}
