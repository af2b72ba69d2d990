// Veille: the alert feeds the doctor follows (a Google Alerts feed or any RSS/Atom feed), the
// inbox of what they brought — each item dismissed, or turned into a listing, a review or a case
// file through the usual forms, prefilled — and « Relever les flux » with its progress.

import { h, clear, toast, act } from '../lib/dom.js';
import { invoke, channel } from '../lib/ipc.js';
import { field, onSubmit } from '../lib/form.js';
import { dateTime } from '../lib/format.js';
import { listingForm } from './listing-form.js';
import { caseForm } from './case-form.js';

const HOW = 'Sur Google Alertes, créez une alerte à votre nom, choisissez « Envoyer à : flux RSS », puis copiez ici l’adresse du flux. Tout autre flux RSS ou Atom convient aussi. Les flux sont relevés au démarrage, une fois par jour au plus, ou quand vous le demandez.';

/** Route entry: `#/veille`. */
export async function veille(root) {
  const body = h('div', {});
  root.append(h('section', { class: 'area veille cases', 'data-testid': 'veille' }, h('h1', {}, 'Veille'), body));
  await draw(body);
}

async function draw(body) {
  const [feeds, items] = await Promise.all([invoke('watch_feeds'), invoke('watch_inbox', { filter: 'new' })]);
  const panel = h('div', { class: 'step-panel', 'data-testid': 'veille-panel' });
  const report = h('div', { class: 'action-result', role: 'status', 'data-testid': 'fetch-report' });
  const redraw = () => draw(body);
  clear(body).append(
    h('p', { class: 'lead' }, 'Les nouvelles mentions de votre nom arrivent ici d’elles-mêmes ; à vous de décider ce que chacune devient.'),
    feedsPanel(feeds, redraw),
    h('div', { class: 'actions' }, feeds.length ? h('button', { 'data-testid': 'veille-fetch', onclick: (e) => fetchNow(e.currentTarget, report, redraw) }, 'Relever les flux maintenant') : null),
    report,
    panel,
    h('h2', {}, `Nouveautés (${items.length})`),
    items.length
      ? h('ul', { class: 'veille-inbox', 'data-testid': 'veille-inbox' }, items.map((it) => itemRow(it, panel, redraw)))
      : h('p', { class: 'muted', 'data-testid': 'veille-empty' }, feeds.length ? 'Rien de nouveau.' : 'Ajoutez un flux pour commencer.'));
}

function feedsPanel(feeds, redraw) {
  const form = h('form', { class: 'inline-form', 'data-testid': 'feed-form', novalidate: true },
    field('url', 'Adresse du flux (RSS ou Atom)', h('input', { inputmode: 'url', placeholder: 'https://www.google.fr/alerts/feeds/…' })),
    h('button', { type: 'submit', 'data-testid': 'feed-add' }, 'Suivre ce flux'));
  onSubmit(form, async (d) => {
    await invoke('watch_feed_add', { url: String(d.get('url')) });
    toast('Flux ajouté. Relevez-le pour voir ses nouveautés.');
    await redraw();
  });
  return h('section', { class: 'card' },
    h('h2', {}, 'Flux suivis'),
    h('p', { class: 'hint' }, HOW),
    feeds.length ? h('ul', { class: 'feeds', 'data-testid': 'feed-list' }, feeds.map((f) => h('li', {},
      h('strong', {}, f.title), ' ', h('code', {}, f.url), h('br'),
      h('span', { class: 'muted' }, f.last_fetched_at ? `relevé le ${dateTime(f.last_fetched_at)} · ${f.item_count} élément(s), ${f.new_count} nouveau(x)` : 'pas encore relevé'),
      f.last_error ? h('p', { class: 'form-error', 'data-testid': 'feed-error' }, f.last_error) : null,
      h('button', {
        class: 'link', 'data-testid': `feed-remove-${f.id}`,
        onclick: () => act(() => invoke('watch_feed_remove', { id: f.id }), { done: 'Flux retiré ; ses éléments déjà reçus sont gardés.', refresh: redraw }),
      }, 'Ne plus suivre')))) : null,
    form);
}

async function fetchNow(button, report, redraw) {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Avancement du relevé' });
  button.disabled = true;
  report.className = 'action-result working';
  clear(report).append('Relevé des flux… ', bar);
  const progress = channel((p) => { bar.max = Math.max(p.total, 1); bar.value = p.done; });
  try {
    const reports = await invoke('watch_fetch', { progress });
    await redraw();
    const fresh = reports.reduce((n, r) => n + r.new_items, 0);
    const errors = reports.filter((r) => r.error);
    const out = document.querySelector('[data-testid=fetch-report]');
    out.className = `action-result ${errors.length ? 'bad' : 'ok'}`;
    clear(out).append(`${fresh} nouveauté(s).`, errors.map((r) => h('p', {}, r.error)));
  } catch (err) {
    report.className = 'action-result bad';
    report.textContent = err.message;
  } finally {
    button.disabled = false;
  }
}

function itemRow(it, panel, redraw) {
  const open = async (kind) => {
    const draft = await invoke('watch_item_draft', { args: { id: it.id, kind } });
    const done = async (msg) => { toast(msg); clear(panel); await redraw(); };
    const cancel = () => clear(panel);
    if (kind === 'listing') {
      const [sites, options] = await Promise.all([invoke('site_list'), invoke('listing_options')]);
      const prefill = { listing: { url: draft.url, site_id: draft.site_id, notes: draft.notes, shows: [], state: { found_on: draft.found_on } } };
      clear(panel).append(h('h3', {}, 'Nouvelle fiche à partir de la veille'), listingForm(prefill, sites, options, {
        save: (input) => invoke('watch_to_listing', { args: { id: it.id, input } }),
        onSaved: () => done('Fiche enregistrée.'), onCancel: cancel,
      }));
    } else if (kind === 'case') {
      const options = await invoke('case_options');
      const prefill = { title: draft.title, url: draft.url, site_name: draft.site_name || '', discovered_on: draft.discovered_on, statements: [] };
      clear(panel).append(h('h3', {}, 'Nouveau dossier à partir de la veille'),
        h('p', { class: 'hint' }, `Extrait du flux (à vérifier sur la page, puis citer mot pour mot) : « ${draft.snippet} »`),
        draft.published_note ? h('p', { class: 'hint', 'data-testid': 'veille-published-note' }, draft.published_note) : null,
        caseForm(prefill, options, {
          save: (form) => invoke('watch_to_case', { args: { id: it.id, input: form } }),
          // The case is where the doctor goes on: its first steps are there (issue 20).
          onSaved: (detail) => { toast('Dossier ouvert.'); location.hash = `#/dossiers/${detail.case.id}`; }, onCancel: cancel,
        }));
    } else {
      clear(panel).append(h('h3', {}, 'Nouvel avis à partir de la veille'), reviewForm(it, draft, { done, cancel }));
    }
    panel.scrollIntoView({ block: 'start' });
  };
  return h('li', { class: 'card', 'data-testid': 'veille-item' },
    h('strong', {}, it.title), ' ', h('span', { class: 'muted' }, `${it.site_name || it.source_site}${it.published_label ? ` · ${it.published_label}` : ''}`),
    h('br'), h('code', {}, it.url),
    it.snippet ? h('p', { class: 'snippet' }, it.snippet) : null,
    h('div', { class: 'actions' },
      h('button', { class: 'secondary', 'data-testid': `item-listing-${it.id}`, onclick: () => open('listing') }, 'En faire une fiche'),
      h('button', { class: 'secondary', 'data-testid': `item-review-${it.id}`, onclick: () => open('review') }, 'En faire un avis'),
      h('button', { class: 'secondary', 'data-testid': `item-case-${it.id}`, onclick: () => open('case') }, 'En faire un dossier'),
      h('button', { class: 'link', 'data-testid': `item-dismiss-${it.id}`, onclick: () => act(() => invoke('watch_item_dismiss', { id: it.id }), { done: 'Élément écarté.', refresh: redraw }) }, 'Écarter')));
}

/** The review's own words must be pasted from the platform: the feed's snippet is only a hint. */
function reviewForm(it, draft, { done, cancel }) {
  const form = h('form', { class: 'step-form', novalidate: true },
    h('p', { class: 'hint' }, `Extrait du flux : « ${draft.snippet} ». Collez le texte exact de l’avis depuis la plateforme.`),
    h('div', { class: 'row' },
      field('platform', 'Plateforme', h('input', { value: draft.platform || '' })),
      field('author', 'Auteur (pseudonyme affiché)', h('input', {}))),
    h('div', { class: 'row' },
      field('published', 'Date de publication', h('input', { value: draft.published || '' })),
      field('rating', 'Note (1 à 5, facultative)', h('input', { inputmode: 'numeric' }))),
    field('url', 'Adresse de l’avis', h('input', { value: draft.url })),
    field('text', 'Texte de l’avis', h('textarea', { rows: 4 })),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: cancel }, 'Annuler'),
      h('button', { type: 'submit' }, 'Enregistrer l’avis')));
  onSubmit(form, async (d) => {
    const input = Object.fromEntries(['platform', 'author', 'published', 'rating', 'url', 'text'].map((k) => [k, String(d.get(k) || '')]));
    await invoke('watch_to_review', { args: { id: it.id, input } });
    await done('Avis enregistré.');
  });
  return form;
}
