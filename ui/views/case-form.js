// The case form: the content (address, site, author), each disputed statement quoted apart with
// its own qualification, the parties with their role, and the date of first publication (exact,
// or the window it may fall in). Rust validates everything again and answers field by field.

import { h, toast } from '../lib/dom.js';
import { field, onSubmit, dateInput } from '../lib/form.js';
import { invoke } from '../lib/ipc.js';

/** A slot for Rust's message about one item's field (`statements.0.quote`…), renamed on removal. */
function slot(key, ...content) {
  return h('div', { class: 'item-field', dataset: { key } }, ...content, h('p', { class: 'field-error' }));
}

/** Gives every item field its current index (`statements.1.quote`), so Rust's messages land. */
function renumber(container, prefix) {
  [...container.children].forEach((box, i) => {
    box.querySelector('legend').textContent = `${box.dataset.noun} n° ${i + 1}`;
    box.querySelectorAll('.item-field').forEach((f) => {
      const name = `${prefix}.${i}.${f.dataset.key}`;
      f.dataset.field = name;
      const input = f.querySelector('input:not([type=checkbox]), textarea, select') || f.querySelector('input[type=hidden]');
      if (input) input.name = name;
    });
  });
}

function statementBox(options, s, index, remove) {
  const quote = h('textarea', { rows: 2, 'data-testid': `statement-${index}-quote`, 'aria-label': `Propos n° ${index + 1}, cité mot pour mot` });
  quote.value = s?.quote || '';
  const grounds = h('div', { class: 'checks', role: 'group', 'aria-label': `Qualification du propos n° ${index + 1}` },
    options.grounds.map((g) => h('label', { title: g.explanation },
      h('input', { type: 'checkbox', value: g.value, 'data-testid': `statement-${index}-ground-${g.value}`, checked: Boolean(s?.grounds?.includes(g.value)) }),
      ` ${g.label}`)));
  const box = h('fieldset', { class: 'statement', 'data-testid': `statement-${index}`, dataset: { noun: 'Propos' } },
    h('legend', {}, `Propos n° ${index + 1}`),
    slot('quote', quote),
    slot('grounds', h('input', { type: 'hidden' }), grounds),
    h('button', { type: 'button', class: 'link', onclick: () => remove(box) }, 'Retirer ce propos'));
  box.read = () => ({ quote: quote.value, grounds: [...grounds.querySelectorAll('input:checked')].map((b) => b.value) });
  return box;
}

/** The host and the publisher are often one company (Google for its reviews): the other's
 *  name and contact details are copied instead of typed again (issue 20). */
function sameCompany(box, peers) {
  const mine = box.read().role;
  const other = mine === 'publisher' ? 'host' : mine === 'host' ? 'publisher' : null;
  const from = other ? peers().find((q) => q !== box && q.read().role === other && q.read().name.trim()) : null;
  return from ? from.read() : null;
}

function partyBox(options, p, index, remove, peers) {
  const role = h('select', { 'data-testid': `party-${index}-role`, 'aria-label': 'Rôle' },
    options.roles.map((r) => h('option', { value: r.value, selected: p?.role === r.value }, r.label)));
  const name = h('input', { value: p?.name || '', 'data-testid': `party-${index}-name`, 'aria-label': 'Nom, raison sociale ou pseudonyme' });
  const identified = h('input', { type: 'checkbox', checked: Boolean(p?.identified), 'data-testid': `party-${index}-identified` });
  const address = h('textarea', { rows: 3, 'data-testid': `party-${index}-address`, 'aria-label': 'Adresse postale, une ligne par ligne d’enveloppe' });
  address.value = (p?.address_lines || []).join('\n');
  const email = h('input', { value: p?.email || '', 'aria-label': 'Adresse électronique', 'data-testid': `party-${index}-email` });
  const webForm = h('input', { value: p?.web_form || '', 'aria-label': 'Formulaire de signalement ou de notification (URL)', 'data-testid': `party-${index}-web_form` });
  const notes = h('input', { value: p?.notes || '', 'aria-label': 'Ce que vous savez d’autre, et d’où vient l’information' });
  const box = h('fieldset', { class: 'party', 'data-testid': `party-${index}`, dataset: { noun: 'Partie' } },
    h('legend', {}, `Partie n° ${index + 1}`),
    h('div', { class: 'row' }, slot('role', h('label', {}, 'Rôle ', role)), slot('name', h('label', {}, 'Nom ', name))),
    h('label', {}, identified, ' Identifiée (vrai nom et adresse connus)'),
    slot('address_lines', h('label', { class: 'block' }, 'Adresse postale (une ligne par ligne d’enveloppe, sans le nom)', address)),
    h('div', { class: 'row' }, slot('email', h('label', {}, 'Courriel ', email)), slot('web_form', h('label', {}, 'Formulaire en ligne ', webForm))),
    h('label', { class: 'block' }, 'Ce que vous savez d’autre (mentions légales, WHOIS…) ', notes),
    h('button', {
      type: 'button', class: 'link', 'data-testid': `party-${index}-same-company`,
      onclick: () => {
        const from = sameCompany(box, peers);
        if (!from) { toast('Indiquez d’abord l’hébergeur (ou l’éditeur) dans une autre partie, avec son rôle.', 'error'); return; }
        name.value = from.name;
        address.value = from.address_lines.join('\n');
        email.value = from.email || '';
        webForm.value = from.web_form || '';
        toast(`Coordonnées reprises de « ${from.name} ».`);
      },
    }, 'Même société que l’hébergeur (ou l’éditeur)'),
    h('button', { type: 'button', class: 'link', onclick: () => remove(box) }, 'Retirer cette partie'));
  box.read = () => ({
    role: role.value,
    name: name.value,
    identified: identified.checked,
    address_lines: address.value.split('\n').map((l) => l.trim()).filter(Boolean),
    email: email.value.trim() || null,
    web_form: webForm.value.trim() || null,
    notes: notes.value,
  });
  return box;
}

function publicationFields(pub, today) {
  const exact = pub?.kind !== 'approximate';
  const kind = h('select', { 'data-testid': 'field-publication_kind', id: 'f-publication_kind' },
    h('option', { value: 'exact', selected: exact }, 'Je connais la date exacte'),
    h('option', { value: 'approximate', selected: !exact }, 'Le site n’affiche qu’un âge (« il y a 2 mois »)'));
  const on = dateInput(exact ? pub?.on : null, { 'data-testid': 'field-publication_on', 'aria-label': 'Date de première publication' });
  const earliest = dateInput(exact ? null : pub?.earliest_on, { 'data-testid': 'field-publication_earliest', 'aria-label': 'Au plus tôt le' });
  const latest = dateInput(exact ? null : pub?.latest_on, { 'data-testid': 'field-publication_latest', 'aria-label': 'Au plus tard le' });
  const seenText = h('input', { value: pub?.seen_text || '', 'data-testid': 'field-publication_seen_text', 'aria-label': 'Ce que le site affiche' });
  const seenOn = dateInput(exact ? today : pub?.seen_on || today, { 'aria-label': 'Vu le' });
  const exactBox = h('div', { class: 'row' }, h('label', {}, 'Date de première publication ', on));
  const approxBox = h('div', {},
    h('div', { class: 'row' }, h('label', {}, 'Au plus tôt le ', earliest), h('label', {}, 'Au plus tard le ', latest)),
    h('div', { class: 'row' }, h('label', {}, 'Ce que le site affiche ', seenText), h('label', {}, 'Vu le ', seenOn)));
  const sync = () => { exactBox.hidden = kind.value !== 'exact'; approxBox.hidden = kind.value === 'exact'; };
  kind.addEventListener('change', sync);
  sync();
  const box = h('fieldset', { class: 'field', dataset: { field: 'first_publication' } },
    h('legend', {}, 'Première mise en ligne'),
    h('p', { class: 'hint' }, 'Le délai de trois mois pour agir contre une injure ou une diffamation part de cette date, pas du jour où vous avez découvert les propos.'),
    h('label', { for: 'f-publication_kind' }, 'Date connue ? '), kind, exactBox, approxBox,
    h('input', { type: 'hidden', name: 'first_publication' }),
    h('p', { class: 'field-error', 'data-testid': 'error-first_publication' }));
  box.read = () => (kind.value === 'exact'
    ? { kind: 'exact', on: on.value }
    : { kind: 'approximate', earliest_on: earliest.value, latest_on: latest.value, seen_text: seenText.value, seen_on: seenOn.value });
  return box;
}

/** The case form: `c` is a stored case (edit) or a draft (from a review), or null. */
export function caseForm(c, options, { onSaved, onCancel, id = null, save = null, rowVersion = null }) {
  const statements = h('div', { class: 'statements' });
  const parties = h('div', { class: 'parties' });
  const remove = (box) => { const list = box.parentElement; box.remove(); renumber(list, list === statements ? 'statements' : 'parties'); };
  const addStatement = (s) => { statements.append(statementBox(options, s, statements.children.length, remove)); renumber(statements, 'statements'); };
  const peers = () => [...parties.children];
  const addParty = (p) => { parties.append(partyBox(options, p, parties.children.length, remove, peers)); renumber(parties, 'parties'); };
  (c?.statements?.length ? c.statements : [null]).forEach(addStatement);
  (c?.parties || []).forEach(addParty);
  const pub = publicationFields(c?.first_publication || c?.publication, options.today);
  const notes = h('textarea', { rows: 2 });
  notes.value = c?.notes || '';
  const form = h('form', { class: 'case-form', 'data-testid': 'case-form', novalidate: true },
    h('p', { class: 'note', 'data-testid': 'only-a-judge' }, options.only_a_judge),
    h('fieldset', {}, h('legend', {}, 'Le contenu'),
      field('title', 'Intitulé du dossier', h('input', { value: c?.title || '' }), 'Pour vous y retrouver, par exemple « Avis Google de mars ».', { required: true }),
      field('url', 'Adresse (URL) exacte du contenu', h('input', { value: c?.url || '', inputmode: 'url', placeholder: 'https://…' }), null, { required: true }),
      h('div', { class: 'row' },
        field('site_name', 'Site ou service', h('input', { value: c?.site_name || '' }), null, { required: true }),
        field('author', 'Auteur affiché (nom ou pseudonyme)', h('input', { value: c?.author || '' })))),
    h('div', { class: 'field', dataset: { field: 'statements' } },
      h('h3', {}, 'Propos contestés'),
      h('p', { class: 'hint' }, 'Citez chaque propos séparément, mot pour mot, et qualifiez-le à part : une lettre ou une assignation doit viser des termes exacts et une qualification par propos.'),
      h('input', { type: 'hidden', name: 'statements' }),
      statements,
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'statement-add', onclick: () => addStatement(null) }, 'Ajouter un propos'),
      h('p', { class: 'field-error', 'data-testid': 'error-statements' })),
    pub,
    field('discovered_on', 'Découvert le', dateInput(c?.discovered_on || options.today), 'Le jour où vous avez eu connaissance du contenu (point de départ du délai de cinq ans pour le dénigrement ou la vie privée).'),
    h('div', { class: 'field', dataset: { field: 'parties' } },
      h('h3', {}, 'Parties'),
      h('p', { class: 'hint' }, 'L’auteur (s’il est identifiable), l’éditeur du site et l’hébergeur : leurs coordonnées figurent en principe dans les mentions légales du site.'),
      h('input', { type: 'hidden', name: 'parties' }),
      parties,
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'party-add', onclick: () => addParty(null) }, 'Ajouter une partie'),
      h('p', { class: 'field-error', 'data-testid': 'error-parties' })),
    field('notes', 'Notes', notes),
    h('div', { class: 'actions' },
      onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Annuler') : null,
      h('button', { type: 'submit', 'data-testid': 'case-save' }, id ? 'Enregistrer le dossier' : 'Ouvrir le dossier')));
  onSubmit(form, async (d) => {
    const caseInput = {
      title: d.get('title'),
      url: d.get('url'),
      site_name: d.get('site_name'),
      author: d.get('author'),
      review_id: c?.review_id ?? null,
      statements: [...statements.children].map((b) => b.read()),
      parties: [...parties.children].map((b) => b.read()),
      publication: pub.read(),
      discovered_on: d.get('discovered_on'),
      notes: d.get('notes'),
      row_version: rowVersion,
    };
    await onSaved?.(await (save ? save(caseInput) : invoke('case_save', { args: { id, form: caseInput } })));
  });
  return form;
}
