// Sites et éditeurs: the catalogue of directory sites (shipped entries, editable and restorable,
// plus the doctor's own), and the site form also used from a listing to fill in the publisher's
// address before a letter. Rust validates every field and says what is unverified.

import { h, clear, toast, confirmAction, act } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';
import { longDate } from '../lib/format.js';

const lines = (text) => String(text || '').split('\n');

function textarea(value, rows = 3) {
  const t = h('textarea', { rows });
  t.value = value || '';
  return t;
}

/**
 * The site form. `site` is null for a new site; `options` comes from `listing_options`.
 * `onSaved(siteRow)` runs once Rust accepted and stored it.
 */
export function siteForm(site, options, { onSaved, onCancel, focus = 'name', rowVersion = site?.row_version ?? null } = {}) {
  const s = site || { publisher: {}, host: {} };
  const p = s.publisher || {};
  const hasReviews = h('input', { type: 'checkbox', checked: !!s.has_reviews });
  const kind = h('select', {}, options.site_kinds.map((k) => h('option', { value: k.value, selected: k.value === (s.kind || 'directory') }, k.label)));

  const form = h('form', { class: 'site-form', 'data-testid': 'site-form', novalidate: true },
    h('fieldset', {},
      h('legend', {}, 'Le site'),
      h('div', { class: 'row' },
        field('name', 'Nom du site', h('input', { value: s.name || '' })),
        field('domain', 'Domaine', h('input', { value: s.domain || '', placeholder: 'exemple-annuaire.fr' }))),
      h('div', { class: 'row' },
        field('kind', 'Type de site', kind),
        h('div', { class: 'field checkbox' }, h('label', {}, hasReviews, ' Le site publie des avis ou des notes')))),
    h('fieldset', {},
      h('legend', {}, "L'éditeur (responsable du traitement)"),
      h('p', { class: 'hint' }, 'À relever dans les mentions légales du site (souvent en pied de page), puis à contrôler sur annuaire-entreprises.data.gouv.fr.'),
      h('div', { class: 'row' },
        field('publisher_company', 'Société éditrice', h('input', { value: p.company || '' })),
        field('publisher_legal_form', 'Forme juridique', h('input', { value: p.legal_form || '', placeholder: 'SAS, SARL…' }))),
      h('div', { class: 'row' },
        field('publisher_siren', 'SIREN', h('input', { value: p.siren || '', inputmode: 'numeric', maxlength: 11 }), '9 chiffres.'),
        field('verified_on', 'Coordonnées vérifiées le', dateInput(s.verified_on || ''),
          'Laissez vide tant que vous ne les avez pas contrôlées : le site reste « à vérifier ».')),
      field('publisher_office_lines', 'Adresse postale du siège (une ligne par ligne postale)', textarea((p.office_lines || []).join('\n')),
        'Par exemple « 12 rue de la Paix » puis « 75002 Paris ». 38 caractères au plus par ligne.'),
      h('div', { class: 'row' },
        field('dpo_email', 'Courriel du délégué à la protection des données', h('input', { type: 'email', value: p.dpo_email || '' })),
        field('dpo_form_url', 'Formulaire RGPD du site (adresse web)', h('input', { value: p.dpo_form_url || '', placeholder: 'https://' })))),
    h('fieldset', {},
      h('legend', {}, 'Hébergeur et signalements'),
      h('div', { class: 'row' },
        field('host_name', "Nom de l'hébergeur", h('input', { value: s.host?.name || '' })),
        field('host_address_lines', "Adresse de l'hébergeur", textarea((s.host?.address_lines || []).join('\n'), 2))),
      h('div', { class: 'row' },
        field('report_url', "Page de signalement d'un avis", h('input', { value: s.report_url || '', placeholder: 'https://' })),
        field('notice_url', 'Page de notification de contenu illicite', h('input', { value: s.notice_url || '', placeholder: 'https://' }))),
      field('notes', 'Notes', textarea(s.notes, 3))),
    h('div', { class: 'actions' },
      onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Annuler') : null,
      h('button', { type: 'submit', 'data-testid': 'site-save' }, 'Enregistrer le site')));
  hasReviews.name = 'has_reviews';

  onSubmit(form, async (d) => {
    const input = {
      name: d.get('name'), domain: d.get('domain'), kind: d.get('kind'), has_reviews: hasReviews.checked,
      publisher_company: d.get('publisher_company'), publisher_legal_form: d.get('publisher_legal_form'),
      publisher_siren: d.get('publisher_siren'), publisher_office_lines: lines(d.get('publisher_office_lines')),
      dpo_email: d.get('dpo_email'), dpo_form_url: d.get('dpo_form_url'),
      host_name: d.get('host_name'), host_address_lines: lines(d.get('host_address_lines')),
      report_url: d.get('report_url'), notice_url: d.get('notice_url'),
      verified_on: d.get('verified_on'), notes: d.get('notes'),
      row_version: rowVersion,
    };
    await onSaved?.(await invoke('site_save', { args: { id: site?.id ?? null, input } }));
  });
  setTimeout(() => form.querySelector(`[name="${focus}"]`)?.focus(), 0);
  return form;
}

function siteCard(s, { onEdit, onChanged }) {
  const p = s.publisher;
  const publisher = p.company
    ? `${p.company}${p.legal_form ? ` ${p.legal_form}` : ''}${p.siren ? ` — SIREN ${p.siren}` : ''}`
    : null;
  return h('article', { class: 'card site-card', 'data-testid': 'site-card', dataset: { domain: s.domain } },
    h('h3', {}, s.name,
      h('span', { class: 'badge' }, s.kind_label),
      s.builtin ? null : h('span', { class: 'badge mine' }, 'ajouté par vous')),
    h('p', { class: 'muted' }, s.domain, s.has_reviews ? ' · avis ou notes' : ''),
    h('p', {}, 'Éditeur : ', publisher ?? h('span', { class: 'to-check' }, 'à vérifier')),
    p.office_lines.length ? h('p', { class: 'address' }, p.office_lines.join('\n')) : null,
    s.verified
      ? h('p', { class: 'verified' }, `Coordonnées vérifiées le ${longDate(s.verified_on)}`)
      : h('p', {}, h('span', { class: 'to-check', 'data-testid': 'site-unverified' }, 'Coordonnées à vérifier')),
    s.listings ? h('p', { class: 'muted' }, `${s.listings} fiche${s.listings > 1 ? 's' : ''} suivie${s.listings > 1 ? 's' : ''} sur ce site`) : null,
    s.notes ? h('details', { class: 'site-notes' }, h('summary', {}, 'Notes'), h('p', {}, s.notes)) : null,
    h('div', { class: 'actions' },
      h('button', { class: 'secondary', 'data-testid': `site-edit-${s.domain}`, onclick: () => onEdit(s) }, 'Modifier'),
      s.builtin ? h('button', {
        class: 'secondary',
        onclick: async () => {
          const ok = await confirmAction('Restaurer ce site ?',
            `Les informations de « ${s.name} » reprendront les valeurs livrées avec l'application ; vos modifications seront perdues.`, 'Restaurer');
          if (!ok) return;
          await act(() => invoke('site_reset', { id: s.id }), { done: 'Site restauré.', refresh: onChanged });
        },
      }, "Restaurer l'original") : h('button', {
        class: 'danger',
        onclick: async () => {
          const ok = await confirmAction('Supprimer ce site ?', `« ${s.name} » sera retiré de la liste.`, 'Supprimer');
          if (!ok) return;
          await act(() => invoke('site_delete', { id: s.id }), { done: 'Site supprimé.', refresh: onChanged });
        },
      }, 'Supprimer')));
}

/** The catalogue screen, drawn into `root`. */
export async function sitesPanel(root) {
  const [sites, options] = await Promise.all([invoke('site_list'), invoke('listing_options')]);
  const editor = h('div', { class: 'editor', 'data-testid': 'site-editor' });
  const redraw = () => sitesPanel(root);
  const edit = (s) => {
    clear(editor).append(
      h('h3', {}, s ? `Modifier « ${s.name} »` : 'Ajouter un site'),
      siteForm(s, options, {
        onSaved: async () => { toast('Site enregistré.'); await redraw(); },
        onCancel: () => clear(editor),
      }));
    editor.scrollIntoView({ block: 'start' });
  };
  const unverified = sites.filter((s) => !s.verified).length;
  clear(root).append(
    h('p', { class: 'lead' },
      "Les sites où des fiches de médecins sont publiées. Les coordonnées des éditeurs n'ont pas pu être vérifiées pour l'application : ",
      'elles sont livrées vides et marquées « à vérifier ». Relevez-les dans les mentions légales du site avant d’écrire.'),
    unverified ? h('p', { class: 'muted' }, `${unverified} site${unverified > 1 ? 's' : ''} sur ${sites.length} à vérifier.`) : null,
    h('div', { class: 'actions' }, h('button', { 'data-testid': 'site-add', onclick: () => edit(null) }, 'Ajouter un site')),
    editor,
    h('div', { class: 'cards', 'data-testid': 'site-list' }, sites.map((s) => siteCard(s, { onEdit: edit, onChanged: redraw }))));
}
