// Fiches nominatives: the listings found on directory sites, each with its state, its due date
// (computed in Rust) and a clear mark when the publisher's time to answer is over; the form to
// add one; and the "Sites et éditeurs" tab. The detail of a listing is in listing-detail.js.

import { h, clear, toast } from '../lib/dom.js';
import { invoke, channel } from '../lib/ipc.js';
import { longDate, daysLeft } from '../lib/format.js';
import { sitesPanel } from './sites.js';
import { listingDetail } from './listing-detail.js';
import { listingForm } from './listing-form.js';

/** Route entry: `#/fiches`. */
export async function listings(root, ctx) {
  const body = h('div', { class: 'listings-body' });
  const tab = (id, label, draw) => h('button', {
    type: 'button', role: 'tab', class: 'tab', 'data-testid': `tab-${id}`,
    onclick: async (e) => {
      root.querySelectorAll('.tab').forEach((t) => t.setAttribute('aria-selected', 'false'));
      e.currentTarget.setAttribute('aria-selected', 'true');
      await draw();
    },
  }, label);
  const showList = () => listPanel(body, { open });
  // Every listing has an address (`#/fiches/12`): opening one goes through the router, so a
  // reload or a link from « Courriers » comes back to it.
  const open = (id) => { location.hash = `#/fiches/${id}`; };
  clear(root).append(h('section', { class: 'area listings', 'data-testid': 'listings' },
    h('h1', {}, 'Fiches nominatives'),
    h('div', { class: 'tabs', role: 'tablist' },
      tab('listings', 'Mes fiches', showList),
      tab('sites', 'Sites et éditeurs', () => sitesPanel(body))),
    body));
  root.querySelector('.tab').setAttribute('aria-selected', 'true');
  const wanted = Number(ctx?.param);
  if (Number.isInteger(wanted) && wanted > 0) await listingDetail(body, wanted, { back: () => { location.hash = '#/fiches'; } });
  else await showList();
}

function deadlineCell(l) {
  if (l.overdue) {
    return h('td', { class: 'deadline overdue' },
      h('span', { class: 'badge overdue', 'data-testid': 'overdue-badge' }, 'échéance dépassée'),
      h('br'), `le ${longDate(l.answer_deadline.due_on)}`);
  }
  if (l.days_left != null) {
    return h('td', { class: `deadline${l.urgency && l.urgency !== 'later' ? ' soon' : ''}` },
      longDate(l.answer_deadline.due_on), h('br'), h('span', { class: 'muted' }, daysLeft(l.days_left)));
  }
  return h('td', { class: 'deadline muted' }, l.listing.state.status === 'erasure_requested' ? 'en attente de l’accusé de réception' : '—');
}

async function listPanel(body, { open }) {
  const rows = await invoke('listing_list');
  const adder = h('div', { class: 'editor', 'data-testid': 'listing-editor' });
  const report = h('div', { class: 'check-report', role: 'status', 'data-testid': 'check-report' });
  const redraw = () => listPanel(body, { open });
  const add = async () => {
    const options = await invoke('listing_options');
    const sites = await invoke('site_list');
    clear(adder).append(h('h2', {}, 'Ajouter une fiche'), listingForm(null, sites, options, {
      onSaved: async (saved) => { toast('Fiche enregistrée.'); await open(saved.listing.id); },
      onCancel: () => clear(adder),
    }));
  };
  const table = rows.length
    ? h('table', { class: 'listing-table', 'data-testid': 'listing-list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Site'), h('th', {}, 'Adresse de la fiche'), h('th', {}, 'État'), h('th', {}, 'Réponse due'), h('th', {}, ''))),
      h('tbody', {}, rows.map((l) => h('tr', { class: l.overdue ? 'overdue' : '', 'data-testid': 'listing-row' },
        h('td', {}, h('strong', {}, l.site_name), h('br'), h('span', { class: 'muted' }, l.site_domain)),
        h('td', { class: 'url' }, h('span', { title: l.listing.url }, l.listing.url), h('br'),
          h('span', { class: 'muted' }, `trouvée le ${longDate(l.listing.state.found_on)}`)),
        h('td', {}, h('span', { class: `status status-${l.listing.state.status}` }, l.status_label)),
        deadlineCell(l),
        h('td', {}, h('button', { class: 'secondary', 'data-testid': `listing-open-${l.listing.id}`, onclick: () => open(l.listing.id) }, 'Ouvrir'))))))
    : h('p', { class: 'empty', 'data-testid': 'listing-empty' },
      "Aucune fiche pour l'instant. Faites une recherche à votre nom dans un moteur de recherche : chaque annuaire qui vous présente sans votre accord peut être ajouté ici.");
  clear(body).append(
    h('p', { class: 'lead' },
      "Des annuaires publient des fiches à votre nom sans vous l'avoir demandé. Vous pouvez vous opposer à ce traitement et demander l'effacement de la fiche ; l'éditeur a un mois pour répondre."),
    h('div', { class: 'actions' },
      h('button', { 'data-testid': 'listing-add', onclick: add }, 'Ajouter une fiche'),
      rows.length ? h('button', { class: 'secondary', 'data-testid': 'listing-check-all', onclick: (e) => checkAll(e.currentTarget, report, redraw) }, 'Vérifier toutes les fiches') : null),
    report,
    adder,
    table);
}

/**
 * « Vérifier toutes les fiches »: a progress bar, a stop button, then what was found — the pages
 * gone after an erasure request first, each a link to its listing, which offers to close it.
 */
async function checkAll(button, report, redraw) {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Avancement de la vérification' });
  const line = h('span', {}, 'Vérification en cours…');
  const stop = h('button', { class: 'secondary', 'data-testid': 'listing-check-stop', onclick: () => invoke('listing_check_cancel') }, 'Arrêter');
  button.disabled = true;
  clear(report).append(h('p', {}, line, ' ', bar, ' ', stop));
  const progress = channel((p) => { bar.max = Math.max(p.total, 1); bar.value = p.done; line.textContent = `Vérification : ${p.done} sur ${p.total}`; });
  try {
    const r = await invoke('listing_check_all', { progress });
    await redraw();
    const gone = r.lines.filter((l) => l.propose_removal);
    const offline = r.lines.filter((l) => l.outcome === 'removed').length;
    const online = r.lines.filter((l) => l.outcome === 'online').length;
    const unsure = r.lines.filter((l) => l.outcome === 'unreachable' || l.outcome === 'inconclusive');
    const failures = [...r.failures, ...unsure.map((l) => `${l.site_name} — ${l.url} : ${l.detail}`)];
    clear(report).append(
      h('p', { 'data-testid': 'check-summary' }, `${r.stopped ? 'Vérification arrêtée' : 'Vérification terminée'} : ${r.lines.length - unsure.length} fiche(s) vérifiée(s) sur ${r.total}, ${online} en ligne, ${offline} retirée(s)${failures.length ? `, ${failures.length} impossible(s) à vérifier (non enregistrées)` : ''}.`),
      gone.length ? h('div', { class: 'warning' },
        h('p', {}, 'Ces fiches ne sont plus en ligne après votre demande d’effacement : ouvrez-les pour les clore comme supprimées (la vérification du jour sert de preuve).'),
        h('ul', {}, gone.map((l) => h('li', {}, h('a', { href: `#/fiches/${l.listing_id}`, 'data-testid': `check-gone-${l.listing_id}` }, `${l.site_name} — ${l.url}`))))) : null,
      failures.length ? h('details', {}, h('summary', {}, 'Pages impossibles à vérifier'), h('ul', {}, failures.map((f) => h('li', {}, f)))) : null);
    // The report stays after the list is redrawn.
    document.querySelector('[data-testid=check-report]')?.replaceWith(report);
  } catch (err) {
    clear(report).append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  } finally {
    button.disabled = false;
  }
}
