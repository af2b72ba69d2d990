// One case file: the content and its statements with their qualifications, the legal clocks
// (nearest lapse first, and why a letter does not stop them), the next steps the core computes,
// the letters of the case, the evidence kept with its fingerprints, and the chronology.

import { h, clear, toast, confirmAction, act } from '../lib/dom.js';
import { invoke, channel } from '../lib/ipc.js';
import { longDate, shortDate, dateTime, daysLeft, savedMessage } from '../lib/format.js';
import { markSentForm, acknowledgedForm } from './listing-steps.js';
import { caseForm } from './case-form.js';
import { caseStepForm } from './case-steps.js';
import { letterPanel } from './case-letters.js';
import { evidenceSection } from './case-evidence.js';

/** Draws case `id` into `body`; `back()` returns to the list. */
export async function caseDetail(body, id, { back, keepScroll = false }) {
  const [d, options] = await Promise.all([invoke('case_get', { id }), invoke('case_options')]);
  const redraw = async () => { await caseDetail(body, id, { back, keepScroll: true }); };
  const panel = h('div', { class: 'step-panel', 'data-testid': 'case-panel' });
  const result = h('div', { class: 'action-result', role: 'status', 'data-testid': 'case-result' });
  const ctx = { d, options, panel, result, redraw };
  const c = d.case;
  clear(body).append(h('div', { class: 'case-detail', 'data-testid': 'case-detail' },
    h('button', { class: 'link back', 'data-testid': 'back-to-cases', onclick: back }, '← Tous les dossiers'),
    h('h2', { class: 'detail-title' }, c.title, ' ',
      h('span', { class: `status status-${c.status}`, 'data-testid': 'case-status' }, d.status_label)),
    h('p', { class: 'note', 'data-testid': 'only-a-judge' }, d.only_a_judge),
    h('div', { class: 'detail-grid' }, facts(d), clocks(d)),
    h('h3', {}, 'Prochaines étapes'),
    h('div', { class: 'next-actions', 'data-testid': 'case-actions' }, d.next_actions.map((a) => actionItem(ctx, a))),
    result,
    panel,
    letters(ctx),
    evidenceSection(ctx),
    timeline(d),
    h('div', { class: 'actions' },
      h('button', { class: 'secondary', 'data-testid': 'case-export', onclick: (e) => exportDossier(ctx, e.currentTarget) }, 'Dossier pour l’avocat (archive ZIP)'),
      h('button', { class: 'secondary', 'data-testid': 'case-edit', onclick: () => edit(ctx) }, 'Modifier le dossier'),
      h('button', {
        class: 'danger',
        onclick: async () => {
          if (!await confirmAction('Supprimer ce dossier ?', 'Seul un dossier sans pièce ni courrier peut être supprimé. Son historique sera effacé.', 'Supprimer')) return;
          await act(() => invoke('case_delete', { id }), { done: 'Dossier supprimé.', refresh: back });
        },
      }, 'Supprimer le dossier'))));
  if (!keepScroll) window.scrollTo(0, 0);
}

function facts(d) {
  const c = d.case;
  return h('div', { class: 'card facts' },
    h('p', {}, h('span', { class: 'label' }, 'Adresse : '), h('code', { 'data-testid': 'case-url' }, c.url)),
    h('p', {}, h('span', { class: 'label' }, 'Site : '), c.site_name, c.author ? ` · auteur affiché : ${c.author}` : ''),
    h('p', {}, h('span', { class: 'label' }, 'Première publication : '), d.publication_text),
    h('p', {}, h('span', { class: 'label' }, 'Découvert le : '), longDate(c.discovered_on)),
    h('h4', {}, 'Propos contestés'),
    h('ol', { class: 'statements', 'data-testid': 'case-statements' }, d.statements.map((s) => h('li', {},
      h('q', {}, s.quote), ' — ', s.grounds.map((g) => g.label).join(', ')))),
    c.parties.length ? h('ul', { class: 'parties' }, c.parties.map((p) => h('li', {},
      h('strong', {}, p.name), ` (${p.role === 'author' ? 'auteur' : p.role === 'publisher' ? 'éditeur' : 'hébergeur'})`,
      p.address_lines.length ? ` — ${p.address_lines.join(', ')}` : ' — adresse inconnue'))) : h('p', { class: 'muted' }, 'Aucune partie renseignée (auteur, éditeur, hébergeur).'),
    c.notes ? h('p', { class: 'notes' }, c.notes) : null);
}

function clocks(d) {
  const n = d.nearest_lapse;
  return h('div', { class: `card deadline-card${n && n.days_left < 0 ? ' overdue' : ''}`, 'data-testid': 'case-clocks' },
    h('h3', {}, 'Délais pour agir en justice'),
    n ? h('p', { class: 'due', 'data-testid': 'case-nearest-lapse' },
      `${n.label} : ${n.approximate ? 'au plus tôt le ' : 'le '}${longDate(n.lapses_on)} (${daysLeft(n.days_left)})`) : h('p', { class: 'muted' }, 'Aucun délai en cours.'),
    h('ul', { class: 'clocks' }, d.clocks.map((k) => h('li', {},
      `${k.claim} — ${k.approximate ? 'au plus tôt le ' : ''}${longDate(k.lapses_on)} (${k.basis})`,
      k.stopped_on ? ` : interrompu le ${longDate(k.stopped_on)}` : '',
      k.alerts?.length ? h('span', { class: 'muted' }, ` · alertes : ${k.alerts.map(shortDate).join(', ')}`) : null,
      k.to_verify ? h('span', { class: 'to-check' }, ' · à vérifier') : null))),
    h('p', { class: 'warning', 'data-testid': 'no-stop-warning' }, d.no_stop_warning));
}

function actionItem(ctx, a) {
  const testid = `case-action-${a.kind}`;
  let button = null;
  const waiting = a.letter_id ? ctx.d.letters.find((l) => l.id === a.letter_id) : null;
  if (waiting) {
    button = h('button', {
      'data-testid': testid,
      onclick: () => { clear(ctx.panel).append(markSentForm(waiting, ctx.options.today, { onDone: async () => { toast('Envoi enregistré.'); await ctx.redraw(); }, onCancel: () => clear(ctx.panel) })); ctx.panel.querySelector('input')?.focus(); },
    }, a.label);
  } else if (a.letter) {
    button = h('button', { 'data-testid': testid, onclick: () => letterPanel(ctx, a.letter) }, a.label);
  } else if (a.kind === 'add_evidence') {
    button = h('button', { class: 'secondary', 'data-testid': testid, onclick: () => document.querySelector('[data-testid=evidence-section]')?.scrollIntoView() }, a.label);
  } else if (a.step) {
    button = h('button', { class: 'secondary', 'data-testid': testid, onclick: () => showStep(ctx, a.step) }, a.label);
  }
  return h('div', { class: 'next-action', dataset: { kind: a.kind } },
    button ?? h('p', {}, h('strong', {}, a.label)),
    a.why ? h('p', { class: 'why' }, a.why) : null,
    a.caveat ? h('p', { class: 'caveats' }, a.caveat) : null);
}

export async function showStep(ctx, kind) {
  const { d, panel, redraw } = ctx;
  const form = await act(() => caseStepForm(kind, d.case, {
    onDone: async () => { toast('Étape enregistrée.'); await redraw(); },
    onCancel: () => clear(panel),
  }));
  if (!form) return;
  clear(panel).append(form);
  panel.scrollIntoView({ block: 'nearest' });
  panel.querySelector('input, select, textarea')?.focus({ preventScroll: true });
}

function letters(ctx) {
  const { d, options, panel, redraw } = ctx;
  const open = (make) => {
    clear(panel).append(make());
    panel.scrollIntoView({ block: 'nearest' });
    panel.querySelector('input')?.focus({ preventScroll: true });
  };
  const cb = (msg) => ({ onDone: async () => { toast(msg); await redraw(); }, onCancel: () => clear(panel) });
  return h('section', { class: 'letters' },
    h('h3', {}, 'Courriers du dossier'),
    d.letters.length ? h('ul', { class: 'letter-list', 'data-testid': 'case-letters' }, d.letters.map((l) => h('li', {},
      h('strong', {}, l.kind_label), ` — rédigé le ${longDate(l.dated || l.created_at)}`,
      l.sent_on ? `, posté le ${longDate(l.sent_on)}` : ` — ${l.unsent_label}`,
      l.registered_number ? ` (recommandé n° ${l.registered_number})` : '',
      l.acknowledged_on ? `, reçu le ${longDate(l.acknowledged_on)}` : '',
      h('span', { class: 'letter-actions' }, h('button', {
        class: 'link', 'data-testid': `case-letter-export-${l.id}`,
        onclick: async () => act(() => invoke('letter_export', { id: l.id }), { refresh: (saved) => { if (saved) toast(savedMessage(saved, 'La copie', { fem: true, exported: true })); } }),
      }, 'Copie PDF'),
      l.can_mark_sent ? h('button', { class: 'link', 'data-testid': `case-letter-sent-${l.id}`, onclick: () => open(() => markSentForm(l, options.today, cb('Envoi enregistré.'))) }, 'Marquer envoyé') : null,
      l.can_mark_received
        ? h('button', { class: 'link', 'data-testid': `case-letter-ack-${l.id}`, onclick: () => open(() => acknowledgedForm(l, options.today, { ...cb('Réception enregistrée.'), receiptChoices: options.receipt_choices })) }, 'Enregistrer la réception')
        : null))))
      : h('p', { class: 'muted' }, 'Aucun courrier pour ce dossier. Les courriers proposés apparaissent dans les prochaines étapes.'));
}

function timeline(d) {
  return h('section', { class: 'timeline-section' },
    h('h3', {}, 'Chronologie'),
    d.events.length
      ? h('ol', { class: 'timeline', 'data-testid': 'case-timeline' }, d.events.map((e) => h('li', {},
        h('span', { class: 'when', title: `enregistré le ${dateTime(e.recorded_at)}` }, shortDate(e.on)),
        h('div', {}, h('strong', {}, e.label), e.details.map((p) => h('p', { class: 'proof' }, p)), e.note ? h('p', { class: 'proof' }, e.note) : null))))
      : h('p', { class: 'muted' }, `Dossier ouvert le ${longDate(d.case.opened_on)} ; aucune démarche enregistrée pour l'instant.`));
}

async function exportDossier(ctx, button, includeModified = false) {
  const { result } = ctx;
  const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Avancement de l’archive' });
  button.disabled = true;
  result.className = 'action-result working';
  clear(result).append('Préparation du dossier pour l’avocat… ', bar);
  const progress = channel((p) => { bar.max = Math.max(p.total, 1); bar.value = p.done; });
  try {
    const saved = await invoke('case_export_dossier', { id: ctx.d.case.id, includeModified, progress });
    result.className = 'action-result ok';
    result.textContent = saved ? `Archive enregistrée : ${saved.path}. Elle contient le dossier en PDF, les courriers, les pièces et leurs empreintes (MANIFEST-SHA256.txt).` : 'Enregistrement annulé.';
  } catch (err) {
    result.className = 'action-result bad';
    result.textContent = err.message;
    // A piece that no longer matches its recorded digest: the archive is refused; the doctor may
    // still include it, marked as modified with both digests (Rust decides and writes the mark).
    if (err.kind === 'modified_evidence') {
      const again = h('button', { class: 'secondary', 'data-testid': 'dossier-include-modified' }, 'Inclure quand même, signalée comme modifiée');
      again.addEventListener('click', () => exportDossier(ctx, button, true));
      result.append(' ', again);
    }
  } finally {
    button.disabled = false;
  }
}

async function edit(ctx) {
  const { d, options, panel, redraw } = ctx;
  clear(panel).append(h('h3', {}, 'Modifier le dossier'), caseForm(d.case, options, {
    id: d.case.id,
    rowVersion: d.row_version,
    onSaved: async () => { toast('Dossier enregistré.'); await redraw(); },
    onCancel: () => clear(panel),
  }));
  panel.scrollIntoView({ block: 'start' });
}
