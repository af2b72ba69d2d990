// « Avis et commentaires »: the inbox. Filters (status, platform, rating, full text) are sent to
// Rust, which pages the result; a review opens its detail and the reply wizard in place. Reviews
// of the page can be selected for a bulk action (issue 9, point 8); Rust decides which of them
// the action fits and says so.

import { h, clear, act, confirmAction } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { stars, statusBadge, published } from './review-common.js';
import { entryPanels } from './review-entry.js';
import { reviewDetail } from './review-detail.js';

const PAGE = 25;

// Kept across visits so that coming back from a review finds the list as it was left.
const state = { status: '', platform: '', rating: '', text: '', offset: 0 };

function excerpt(text, max = 220) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function filterFromState() {
  const rating = state.rating ? Number(state.rating) : null;
  return {
    statuses: state.status ? [state.status] : [],
    platform: state.platform || null,
    min_rating: rating,
    max_rating: rating,
    text: state.text || null,
    offset: state.offset,
    limit: PAGE,
  };
}

function reviewRow(r, choices, open, selection) {
  const box = h('input', {
    type: 'checkbox', class: 'review-select', 'data-testid': 'review-select',
    'aria-label': `Sélectionner l'avis de ${r.author} du ${published(r.published)}`,
    checked: selection.has(r.id),
  });
  box.addEventListener('change', () => selection.toggle(r.id, box.checked));
  return h('article', { class: 'review-row', 'data-testid': 'review-row', dataset: { id: r.id } },
    h('div', { class: 'review-row-head' },
      box,
      stars(r.rating),
      h('strong', {}, r.platform),
      h('span', { class: 'muted' }, ` · ${r.author} · ${published(r.published)}`),
      statusBadge(r.status, choices)),
    h('p', { class: 'review-excerpt' }, r.text ? excerpt(r.text) : h('em', { class: 'muted' }, '(note sans texte)')),
    h('button', { class: 'secondary', 'data-testid': 'review-open', onclick: () => open(r.id) },
      r.status === 'new' ? 'Qualifier et répondre' : 'Ouvrir'));
}

export async function reviews(root, ctx) {
  const choices = await invoke('review_choices');
  // Every review has an address (`#/avis/42`): opening one goes through the router, so a reload
  // or a link comes back to it, and « retour » comes back to the inbox as it was left.
  const openReview = (id) => { location.hash = `#/avis/${id}`; };
  const wanted = Number(ctx?.param);
  if (Number.isInteger(wanted) && wanted > 0) {
    await reviewDetail(root, wanted, { choices, ctx, back: () => { location.hash = '#/avis'; } });
    return;
  }

  const list = h('div', { class: 'review-list', 'data-testid': 'review-list', 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager' });
  const counter = h('p', { class: 'muted', 'data-testid': 'review-count' });

  // The selection: ids of the page shown (a new page or filter starts a new selection).
  const chosen = new Set();
  let pageIds = [];
  const selectAll = h('input', { type: 'checkbox', id: 'review-select-all', 'data-testid': 'review-select-all' });
  const selectAllLabel = h('label', { class: 'select-all', for: 'review-select-all' }, selectAll, ' Tout sélectionner sur cette page');
  const selCount = h('strong', { 'data-testid': 'bulk-count' });
  const summary = h('p', { class: 'report bulk-summary', role: 'status', 'data-testid': 'bulk-summary' });
  const bar = h('div', { class: 'bulk-bar', 'data-testid': 'bulk-bar', role: 'region', 'aria-label': 'Actions sur les avis sélectionnés', hidden: true });
  const updateBar = () => {
    const n = chosen.size;
    bar.hidden = n === 0;
    selCount.textContent = `${n} avis sélectionné${n > 1 ? 's' : ''}`;
    const onPage = pageIds.filter((id) => chosen.has(id)).length;
    selectAll.checked = pageIds.length > 0 && onPage === pageIds.length;
    selectAll.indeterminate = onPage > 0 && onPage < pageIds.length;
  };
  const selection = {
    has: (id) => chosen.has(id),
    toggle: (id, on) => { if (on) chosen.add(id); else chosen.delete(id); updateBar(); },
  };
  selectAll.addEventListener('change', () => {
    for (const id of pageIds) { if (selectAll.checked) chosen.add(id); else chosen.delete(id); }
    for (const box of list.querySelectorAll('[data-testid=review-select]')) box.checked = selectAll.checked;
    updateBar();
  });
  const bulk = (action, title, text, okLabel) => async () => {
    const ids = [...chosen];
    if (!ids.length || !(await confirmAction(title, text(ids.length), okLabel))) return;
    // Rust's summary stays in the status line (a toast would vanish before it is read).
    summary.textContent = '';
    const out = await act(() => invoke('review_bulk', { ids, action }), { refresh: async () => { await refresh(); } });
    if (out) summary.textContent = out.summary;
  };
  const many = (n) => (n > 1 ? `les ${n} avis sélectionnés` : "l'avis sélectionné");
  bar.append(
    selCount,
    h('button', {
      class: 'secondary', 'data-testid': 'bulk-leave-alone',
      onclick: bulk('leave_alone', 'Ne pas répondre à ces avis ?',
        (n) => `Qualifier ${many(n)} comme critiques licites et les marquer « ignoré volontairement » (daté d'aujourd'hui). Les avis déjà répondus ou en dossier restent tels quels. Vous pourrez revenir sur ce choix avis par avis.`,
        'Qualifier et ne pas répondre'),
    }, 'Qualifier comme licites et ne pas répondre'),
    h('button', {
      'data-testid': 'bulk-thank-you',
      onclick: bulk('thank_you', 'Préparer les remerciements ?',
        (n) => `Pour les avis positifs parmi ${many(n)} : qualification licite, décision d'y répondre, et réponse de remerciement préparée à partir du profil du cabinet puis contrôlée (secret médical). Rien n'est publié ni copié : vous relirez et copierez chaque réponse depuis l'avis. Les autres avis restent tels quels.`,
        'Préparer les réponses'),
    }, 'Préparer la réponse de remerciement'));

  const refresh = async () => {
    let page;
    try {
      page = await invoke('review_list', { filter: filterFromState() });
    } catch (err) {
      clear(list).append(h('p', { class: 'form-error', role: 'alert' }, err.message));
      return;
    }
    clear(list);
    chosen.clear();
    pageIds = page.items.map((r) => r.id);
    selectAllLabel.hidden = !pageIds.length;
    updateBar();
    if (!page.items.length) {
      list.append(h('p', { class: 'empty', 'data-testid': 'review-empty' }, page.total === 0 && !state.text && !state.status && !state.platform && !state.rating
        ? 'Aucun avis enregistré. Ajoutez un avis à la main ou importez un fichier.'
        : 'Aucun avis ne correspond à ces filtres.'));
    }
    for (const r of page.items) list.append(reviewRow(r, choices, openReview, selection));
    const first = page.total ? state.offset + 1 : 0;
    counter.textContent = `${first}–${state.offset + page.items.length} sur ${page.total} avis`;
    pager.hidden = page.total <= PAGE;
    clear(pager).append(
      h('button', { class: 'secondary', disabled: state.offset === 0, onclick: () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); } }, '← Précédents'),
      h('button', { class: 'secondary', disabled: state.offset + PAGE >= page.total, onclick: () => { state.offset += PAGE; refresh(); } }, 'Suivants →'));
  };

  const select = (key, label, options) => {
    const el = h('select', { 'aria-label': label, 'data-testid': `filter-${key}` },
      options.map(([v, text]) => h('option', { value: v, selected: state[key] === v }, text)));
    el.addEventListener('change', () => { state[key] = el.value; state.offset = 0; refresh(); });
    return el;
  };
  const search = h('input', { type: 'search', placeholder: 'Rechercher…', 'aria-label': 'Rechercher dans les avis (mots du texte, pseudonyme)', title: 'Mots du texte ou pseudonyme', 'data-testid': 'filter-text', value: state.text });
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.text = search.value.trim(); state.offset = 0; refresh(); }, 250);
  });

  const platforms = [...new Set([...choices.platforms, ...(state.platform ? [state.platform] : [])])];
  root.append(h('section', { class: 'area reviews', 'data-testid': 'reviews' },
    h('h1', {}, 'Avis et commentaires'),
    h('p', { class: 'lead' }, "Qualifiez d'abord chaque avis (critique licite ou contenu possiblement illicite), puis répondez sans jamais confirmer qu'une personne est votre patient — ou choisissez délibérément de ne pas répondre."),
    entryPanels({ choices, onAdded: () => { state.offset = 0; refresh(); }, onOpen: openReview }),
    h('div', { class: 'filters' },
      search,
      select('status', 'Statut', [['', 'Tous les statuts'], ...choices.statuses.map((s) => [s.id, s.label])]),
      select('platform', 'Plateforme', [['', 'Toutes les plateformes'], ...platforms.map((p) => [p, p])]),
      select('rating', 'Note', [['', 'Toutes les notes'], ...[1, 2, 3, 4, 5].map((n) => [String(n), `${n} étoile${n > 1 ? 's' : ''}`])])),
    counter,
    h('div', { class: 'bulk-head' }, selectAllLabel, bar),
    summary,
    list,
    pager));
  await refresh();
}
