// Dossiers: one case per illicit content, the open ones with the nearest legal lapse first; the
// form to open one (from scratch, or from a review qualified as illicit: `#/dossiers/avis-12`);
// and the calendar of every deadline. The case itself is in case-detail.js.

import { h, clear, toast, act } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { longDate, daysLeft } from '../lib/format.js';
import { caseDetail } from './case-detail.js';
import { caseForm } from './case-form.js';

/** Route entry: `#/dossiers`, `#/dossiers/12`, `#/dossiers/avis-5`. */
export async function cases(root, ctx) {
  const body = h('div', { class: 'cases-body' });
  clear(root).append(h('section', { class: 'area cases', 'data-testid': 'cases' },
    h('h1', {}, 'Dossiers (contenus illicites)'), body));
  const back = () => { location.hash = '#/dossiers'; };
  const param = String(ctx?.param || '');
  const fromReview = /^avis-(\d+)$/.exec(param);
  if (fromReview) return openForm(body, Number(fromReview[1]));
  const wanted = Number(param);
  if (Number.isInteger(wanted) && wanted > 0) return caseDetail(body, wanted, { back });
  return listPanel(body);
}

async function openForm(body, reviewId) {
  const options = await invoke('case_options');
  let draft = null;
  if (reviewId) {
    draft = await invoke('case_draft_from_review', { reviewId });
    if (draft.existing_case_id) { location.hash = `#/dossiers/${draft.existing_case_id}`; return; }
  }
  clear(body).append(
    h('h2', {}, draft ? 'Ouvrir un dossier à partir de l’avis' : 'Ouvrir un dossier'),
    caseForm(draft, options, {
      onSaved: (saved) => { toast('Dossier ouvert.'); location.hash = `#/dossiers/${saved.case.id}`; },
      onCancel: () => { location.hash = '#/dossiers'; listPanel(body); },
    }));
  body.querySelector('input')?.focus();
}

function lapseCell(r) {
  const n = r.nearest_lapse;
  if (!n) return h('td', { class: 'muted' }, r.open ? '—' : 'dossier clos');
  return h('td', { class: `deadline${n.urgency === 'overdue' ? ' overdue' : n.urgency === 'soon' ? ' soon' : ''}` },
    `${n.approximate ? 'au plus tôt le ' : ''}${longDate(n.lapses_on)}`, h('br'), h('span', { class: 'muted' }, `${n.label} · ${daysLeft(n.days_left)}`));
}

async function listPanel(body) {
  const rows = await invoke('case_list');
  const table = rows.length
    ? h('table', { class: 'listing-table', 'data-testid': 'case-list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Dossier'), h('th', {}, 'État'), h('th', {}, 'Prescription la plus proche'), h('th', {}, ''))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-testid': 'case-row' },
        h('td', {}, h('strong', {}, r.title), h('br'), h('span', { class: 'muted' }, r.site_name)),
        h('td', {}, h('span', { class: `status status-${r.status}` }, r.status_label)),
        lapseCell(r),
        h('td', {}, h('a', { class: 'button-link', href: `#/dossiers/${r.id}`, 'data-testid': `case-open-${r.id}` }, 'Ouvrir'))))))
    : h('p', { class: 'empty', 'data-testid': 'case-empty' },
      'Aucun dossier pour l’instant. Un avis qualifié de peut-être illicite s’ouvre en dossier depuis sa page ; un propos trouvé ailleurs (forum, blog, réseau social) s’ouvre ici.');
  clear(body).append(
    h('p', { class: 'lead' }, 'Quand un propos dépasse la liberté d’expression, la réaction se fait par paliers : signalement à la plateforme, notification à l’hébergeur, mise en demeure, preuves, puis action en justice avec un avocat. L’action pour injure ou diffamation se prescrit trois mois après la première mise en ligne : un courrier n’arrête pas ce délai.'),
    h('div', { class: 'actions' },
      h('button', { 'data-testid': 'case-add', onclick: () => openForm(body, null) }, 'Ouvrir un dossier'),
      h('button', {
        class: 'secondary', 'data-testid': 'calendar-export',
        onclick: () => act(() => invoke('calendar_export'), { done: (s) => (s ? `Calendrier enregistré : ${s.path}. Importez-le dans votre agenda.` : 'Enregistrement annulé.') }),
      }, 'Exporter les échéances (agenda .ics)')),
    table);
}
