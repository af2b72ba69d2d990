// One listing: what it shows, its due date with the legal basis, the next steps the core offers
// (buttons), the letters written for it and the dated history with its proof. Every action goes
// to Rust, which re-checks it against the state machine; a refusal is shown as Rust words it.

import { h, clear, toast, confirmAction, act } from '../lib/dom.js';
import { invoke, AppError } from '../lib/ipc.js';
import { longDate, shortDate, dateTime, daysLeft, savedMessage } from '../lib/format.js';
import { siteForm } from './sites.js';
import { STEPS, stepForm, markSentForm } from './listing-steps.js';
import { listingForm } from './listing-form.js';

/** Draws listing `id` into `body`; `back()` returns to the list. */
export async function listingDetail(body, id, { back, keepScroll = false }) {
  const [d, options] = await Promise.all([invoke('listing_get', { id }), invoke('listing_options')]);
  const redraw = async () => { await listingDetail(body, id, { back, keepScroll: true }); document.getElementById('main')?.focus({ preventScroll: true }); };
  const panel = h('div', { class: 'step-panel', 'data-testid': 'step-panel' });
  const result = h('div', { class: 'action-result', role: 'status', 'data-testid': 'action-result' });
  const ctx = { d, options, panel, result, redraw, shownCaveats: new Set() };
  const actions = nextActions(ctx);

  clear(body).append(h('div', { class: 'listing-detail', 'data-testid': 'listing-detail' },
    h('button', { class: 'link back', 'data-testid': 'back-to-list', onclick: back }, '← Toutes les fiches'),
    h('h2', { class: 'detail-title' }, d.site_name, ' ',
      h('span', { class: `status status-${d.listing.state.status}`, 'data-testid': 'listing-status' }, d.status_label)),
    h('div', { class: 'detail-grid' },
      facts(d),
      deadline(d)),
    publisherWarning(ctx),
    h('h3', {}, 'Prochaines étapes'),
    h('div', { class: 'next-actions', 'data-testid': 'next-actions' }, actions),
    result,
    panel,
    letters(ctx),
    timeline(d),
    h('ul', { class: 'caveats muted' }, d.caveats.filter((c) => !ctx.shownCaveats.has(c)).map((c) => h('li', {}, c))),
    h('div', { class: 'actions' },
      h('button', { class: 'secondary', 'data-testid': 'listing-edit', onclick: () => edit(ctx) }, 'Modifier la fiche'),
      h('button', {
        class: 'danger',
        onclick: async () => {
          const ok = await confirmAction('Supprimer cette fiche ?',
            "Son historique sera effacé. Les courriers déjà rédigés restent enregistrés.", 'Supprimer');
          if (!ok) return;
          await act(() => invoke('listing_delete', { id }), { done: 'Fiche supprimée.', refresh: back });
        },
      }, 'Supprimer la fiche'))));
  if (!keepScroll) window.scrollTo(0, 0);
}

function facts(d) {
  const l = d.listing;
  return h('div', { class: 'card facts' },
    h('p', {}, h('span', { class: 'label' }, 'Adresse : '), h('code', { 'data-testid': 'listing-url' }, l.url)),
    h('p', {}, h('span', { class: 'label' }, 'Trouvée le : '), longDate(l.state.found_on)),
    h('p', {}, h('span', { class: 'label' }, 'Affiche : '), d.shows_labels.length ? d.shows_labels.join(', ') : '—'),
    h('p', {}, h('span', { class: 'label' }, 'Site : '), `${d.site.name} (${d.site.domain}) · `,
      d.site_verified ? `coordonnées vérifiées le ${longDate(d.site.verified_on)}` : h('span', { class: 'to-check' }, 'coordonnées à vérifier')),
    l.notes ? h('p', { class: 'notes' }, l.notes) : null);
}

function deadline(d) {
  const dl = d.answer_deadline;
  if (!dl) {
    const waiting = d.listing.state.status === 'erasure_requested';
    return h('div', { class: 'card deadline-card', 'data-testid': 'listing-deadline' },
      h('h3', {}, 'Délai de réponse'),
      h('p', { class: 'muted' }, waiting
        ? "Le délai d'un mois commencera à la date de l'accusé de réception : saisissez-la dès que vous la recevez."
        : "Aucun délai en cours : il commence quand l'éditeur reçoit votre demande d'effacement."));
  }
  const running = d.days_left != null;
  return h('div', { class: `card deadline-card${d.overdue ? ' overdue' : ''}`, 'data-testid': 'listing-deadline' },
    h('h3', {}, dl.label),
    h('p', { class: 'due' }, `Au plus tard le ${longDate(dl.due_on)}`),
    running ? h('p', { class: d.overdue ? 'overdue-text' : 'days-left' },
      d.overdue ? `Échéance dépassée depuis ${-d.days_left} jour${d.days_left < -1 ? 's' : ''}` : d.days_left === 0 ? "C'est le dernier jour." : `Il reste ${daysLeft(d.days_left).replace('dans ', '')}.`) : null,
    h('p', { class: 'muted' }, `Base légale : ${dl.basis}.`,
      dl.postponed_from ? ` Le délai finissait le ${longDate(dl.postponed_from)}, un samedi, un dimanche ou un jour férié : il est reporté au jour ouvré suivant.` : ''),
    d.listing.state.received_on ? h('p', { class: 'muted' }, `Demande reçue par l'éditeur le ${longDate(d.listing.state.received_on)}.`) : null);
}

function openSiteForm(ctx, message) {
  const { d, options, panel, redraw } = ctx;
  clear(panel).append(
    h('h3', {}, `Compléter « ${d.site.name} »`),
    message ? h('p', { class: 'warning', role: 'alert' }, message) : null,
    siteForm(d.site, options, {
      rowVersion: d.site_row_version,
      focus: 'publisher_company',
      onSaved: async () => { toast('Site enregistré.'); await redraw(); },
      onCancel: () => clear(panel),
    }));
  panel.scrollIntoView({ block: 'start' });
}

function publisherWarning(ctx) {
  const { d } = ctx;
  const wantsLetter = d.next_actions.some((a) => a.kind === 'generate_erasure_letter');
  if (!d.publisher_address_problem || !wantsLetter) return null;
  return h('div', { class: 'warning', 'data-testid': 'publisher-warning' },
    h('p', {}, d.publisher_address_problem),
    h('button', { class: 'secondary', 'data-testid': 'site-complete', onclick: () => openSiteForm(ctx) }, 'Compléter le site'));
}

async function busy(button, message, ctx, work) {
  const { result } = ctx;
  button.disabled = true;
  result.className = 'action-result working';
  result.textContent = message;
  try {
    await work();
  } catch (err) {
    if (err instanceof AppError && err.fields.some((f) => f.field === 'site')) {
      // The publisher's details are missing: say so next to the form that fills them in.
      result.textContent = '';
      openSiteForm(ctx, err.message);
      return;
    }
    result.className = 'action-result bad';
    result.textContent = err.message;
  } finally {
    button.disabled = false;
  }
}


function generate(ctx, kind, what, after, extras = () => ({})) {
  return async (event) => busy(event.currentTarget, 'Préparation du document…', ctx, async () => {
    const out = await invoke('listing_letter_generate', { args: { id: ctx.d.listing.id, kind, ...extras() } });
    await ctx.redraw();
    const result = document.querySelector('[data-testid=action-result]');
    result.className = 'action-result ok';
    clear(result).append(savedMessage(out, what),
      out.warnings?.length ? h('ul', { class: 'caveats', 'data-testid': 'letter-warnings' }, out.warnings.map((w) => h('li', {}, w))) : '');
    after?.();
  });
}

function showStep(ctx, key, extra = {}) {
  const { d, options, panel, redraw } = ctx;
  clear(panel).append(stepForm(STEPS[key], d.listing.id, options.today, {
    receiptChoices: d.receipt_choices,
    ...extra,
    onDone: async () => { toast('Étape enregistrée.'); await redraw(); },
    onCancel: () => clear(panel),
  }));
  panel.scrollIntoView({ block: 'nearest' });
  panel.querySelector('input, select, textarea')?.focus({ preventScroll: true });
}

function dereferencingPanel(ctx) {
  const { d, panel } = ctx;
  const next = d.engines.find((e) => !e.asked) ?? d.engines[0];
  const engine = h('input', { value: next ? next.name : 'Google', 'data-testid': 'field-engine_name', id: 'f-engine' });
  const out = h('div', {});
  const prepare = h('button', {
    type: 'button', 'data-testid': 'dereferencing-prepare',
    onclick: (event) => busy(event.currentTarget, 'Préparation du texte…', ctx, async () => {
      const g = await invoke('listing_letter_generate', { args: { id: d.listing.id, kind: 'dereferencing_request', engine: engine.value } });
      ctx.result.textContent = '';
      const text = h('textarea', { rows: 12, readonly: true, class: 'copy-text', 'data-testid': 'dereferencing-text' });
      text.value = g.form_text;
      clear(out).append(
        h('p', {}, `Texte à coller dans le formulaire de ${engine.value} (sélectionnez-le, puis copiez) :`),
        text,
        h('div', { class: 'actions' },
          h('button', {
            type: 'button', class: 'secondary', 'data-testid': 'dereferencing-copy',
            onclick: async () => {
              await act(() => invoke('letter_copy_form_text', { id: g.letter.id }), { done: 'Texte copié : collez-le dans le formulaire du moteur de recherche.' });
            },
          }, 'Copier le texte'),
          h('button', {
            type: 'button', class: 'secondary', 'data-testid': 'dereferencing-pdf',
            onclick: (e) => busy(e.currentTarget, 'Préparation de la copie…', ctx, async () => {
              const saved = await invoke('letter_export', { id: g.letter.id });
              ctx.result.className = 'action-result ok';
              ctx.result.textContent = savedMessage(saved, 'La copie imprimable', { fem: true, exported: true });
            }),
          }, 'Imprimer une copie (PDF)'),
          h('button', { type: 'button', onclick: () => showStep(ctx, 'dereferencing_sent', { engine: engine.value }) }, "J'ai envoyé la demande")));
      text.scrollIntoView({ block: 'nearest' });
    }),
  }, 'Préparer le texte');
  clear(panel).append(h('div', { class: 'step-form', 'data-testid': 'dereferencing-panel' },
    h('h3', {}, 'Demande de déréférencement'),
    h('p', { class: 'hint' }, 'Une demande par moteur de recherche, par son formulaire en ligne. Joignez une copie lisible de votre pièce d’identité et gardez une capture de la demande envoyée.'),
    h('ul', { class: 'engines', 'data-testid': 'engine-forms' }, d.engines.map((e) => h('li', {},
      h('strong', {}, e.name), e.asked ? ' — demande déjà enregistrée' : ' — à demander',
      h('br'), `Formulaire « ${e.form_title} » (${e.form_title_caveat}) : ${e.form_url} (${e.form_url_caveat})`))),
    h('div', { class: 'field engine' }, h('label', { for: 'f-engine' }, 'Moteur de recherche'), engine),
    h('div', { class: 'actions' }, prepare),
    out));
  panel.scrollIntoView({ block: 'nearest' });
}

/**
 * « J'envoie aussi cette demande par courriel / par le formulaire du site »: the letter then says
 * where the copy went (checklist C). Prefilled from the site's DPO address or form.
 */
function copySentFields(ctx) {
  const p = ctx.d.site.publisher;
  const on = h('input', { type: 'checkbox', 'data-testid': 'copy-sent' });
  const channel = h('select', { 'data-testid': 'copy-channel', 'aria-label': 'Moyen' },
    h('option', { value: 'email' }, 'par courriel'), h('option', { value: 'web_form' }, 'par le formulaire du site'));
  const address = h('input', { 'data-testid': 'copy-address', 'aria-label': 'Adresse électronique ou adresse du formulaire', value: p.dpo_email || p.dpo_form_url || '' });
  if (!p.dpo_email && p.dpo_form_url) channel.value = 'web_form';
  const box = h('p', { class: 'small' }, h('label', {}, on, " J'envoie aussi cette demande aujourd'hui "), channel, ' : ', address);
  const extras = () => (on.checked
    ? { copy_sent: { on: ctx.options.today, channel: channel.value, address: address.value } }
    : {});
  return { box, extras };
}

/** The CNIL asks for the organisation's SIREN; without one on the site, the doctor says why. */
function sirenReasonField(ctx) {
  if (ctx.d.site.publisher.siren) return { box: null, extras: () => ({}) };
  const reason = h('input', { 'data-testid': 'siren-missing-reason', id: 'f-siren-reason', placeholder: 'Par exemple : aucune mention légale sur le site' });
  const box = h('p', { class: 'small' }, h('label', { for: 'f-siren-reason' }, "Le SIREN de l'éditeur n'est pas renseigné : indiquez-le dans la fiche du site, ou dites pourquoi il n'a pas pu être trouvé "), reason);
  return { box, extras: () => ({ siren_missing_reason: reason.value }) };
}

function actionButton(ctx, a) {
  const id = `action-${a.kind}`;
  switch (a.kind) {
    case 'generate_erasure_letter': {
      const copy = copySentFields(ctx);
      // Asked, never assumed: the letter says article 14 was not honoured only on this answer.
      const notInformed = h('input', { type: 'checkbox', 'data-testid': 'not-informed' });
      const informedBox = h('p', { class: 'small' }, h('label', {}, notInformed,
        ' Le site ne m’a jamais informé qu’il publiait une fiche à mon nom (qui traite mes données, dans quel but, d’où elles viennent : article 14 du RGPD)'));
      // A letter already waits to be posted: a new version is a choice, after what Rust says of it.
      const earlier = ctx.d.letters.some((l) => l.kind === 'erasure_request' && !l.sent_on);
      const write = generate(ctx, 'erasure_request', 'Le courrier', null, () => ({ ...copy.extras(), not_informed: notInformed.checked, new_version: earlier }));
      const onclick = earlier
        ? async (event) => {
          const button = event.currentTarget;
          if (await confirmAction('Rédiger une nouvelle version ?', a.caveats[0], 'Rédiger la nouvelle version')) await write({ currentTarget: button });
        }
        : write;
      return h('div', {}, h('button', { class: earlier ? 'secondary' : '', 'data-testid': id, onclick }, a.label), informedBox, copy.box);
    }
    case 'cnil_complaint_pack': {
      const siren = sirenReasonField(ctx);
      return h('div', {}, h('button', { 'data-testid': id, onclick: generate(ctx, 'cnil_complaint', 'Le dossier de plainte', null, siren.extras) }, a.label), siren.box);
    }
    case 'dereferencing_request':
      return h('button', { class: 'secondary', 'data-testid': id, onclick: () => dereferencingPanel(ctx) }, a.label);
    case 'check_presence':
      return h('button', {
        class: 'secondary', 'data-testid': id,
        onclick: (event) => busy(event.currentTarget, 'Vérification en cours : connexion au site…', ctx, async () => {
          const r = await invoke('listing_check_presence', { id: ctx.d.listing.id });
          await ctx.redraw();
          const result = document.querySelector('[data-testid=action-result]');
          result.className = `action-result ${r.outcome === 'unreachable' || r.outcome === 'inconclusive' ? 'bad' : 'ok'}`;
          result.textContent = r.recorded ? r.detail : `${r.detail} (vérification non enregistrée dans l'historique : elle n'a rien pu constater)`;
        }),
      }, a.label);
    case 'court_action':
      return null;
    default:
      return STEPS[a.kind] ? h('button', { class: 'secondary', 'data-testid': id, onclick: () => showStep(ctx, a.kind) }, a.label) : null;
  }
}

function nextActions(ctx) {
  const { d, options, panel, redraw } = ctx;
  const items = [];
  for (const letter of d.letters.filter((l) => l.can_mark_sent)) {
    items.push(h('div', { class: 'next-action primary' },
      h('p', {}, `Votre demande d'effacement du ${longDate(letter.dated || letter.created_at)} est prête. Une fois postée en recommandé avec accusé de réception, notez la date et le numéro :`),
      h('button', {
        'data-testid': 'letter-mark-sent',
        onclick: () => {
          clear(panel).append(markSentForm(letter, options.today, {
            onDone: async () => { toast('Envoi enregistré.'); await redraw(); },
            onCancel: () => clear(panel),
          }));
          panel.scrollIntoView({ block: 'nearest' });
          panel.querySelector('input')?.focus({ preventScroll: true });
        },
      }, 'Marquer envoyée')));
  }
  const plain = [];
  for (const a of d.next_actions) {
    const button = actionButton(ctx, a);
    // Each caveat once: several steps share "not for reviews", which the first one shows.
    const caveats = a.caveats.filter((c) => !ctx.shownCaveats.has(c));
    caveats.forEach((c) => ctx.shownCaveats.add(c));
    const cnil = a.kind === 'cnil_complaint_pack';
    if (!caveats.length && !cnil && button) {
      plain.push(button);
      continue;
    }
    items.push(h('div', { class: `next-action${a.kind === 'court_action' ? ' info' : ''}`, dataset: { kind: a.kind } },
      button ?? h('p', {}, h('strong', {}, a.label)),
      caveats.length ? h('ul', { class: 'caveats' }, caveats.map((c) => h('li', {}, c))) : null,
      cnil ? h('p', { class: 'hint' },
        `La CNIL recommande la plainte en ligne, sur cnil.fr, qui accepte les pièces jointes ; le dossier imprimé est adressé à ${d.cnil_postal_address.join(', ')} (${d.cnil_postal_caveat}). `,
        h('button', { class: 'link', 'data-testid': 'cnil-filed', onclick: () => showStep(ctx, 'cnil_filed') }, "J'ai déposé la plainte")) : null));
  }
  if (plain.length) items.push(h('div', { class: 'next-action plain' }, h('p', { class: 'muted' }, items.length ? 'Autres démarches :' : 'Démarches possibles :'), h('div', { class: 'actions' }, plain)));
  return items;
}

function letters(ctx) {
  const { d, result } = ctx;
  if (!d.letters.length) return null;
  return h('section', { class: 'letters' },
    h('h3', {}, 'Courriers'),
    h('ul', { class: 'letter-list', 'data-testid': 'listing-letters' }, d.letters.map((l) => h('li', {},
      h('strong', {}, l.kind_label), ` — rédigé le ${longDate(l.dated || l.created_at)}`,
      l.sent_on ? `, posté le ${longDate(l.sent_on)}` : '',
      l.registered_number ? ` (recommandé n° ${l.registered_number})` : '',
      l.acknowledged_on ? `, reçu le ${longDate(l.acknowledged_on)}` : '',
      ' ',
      h('button', {
        class: 'link',
        onclick: (event) => busy(event.currentTarget, 'Préparation du PDF…', ctx, async () => {
          const saved = await invoke('letter_export', { id: l.id });
          result.className = 'action-result ok';
          result.textContent = savedMessage(saved, 'Le courrier', { exported: true });
        }),
      }, 'Enregistrer une copie (PDF)')))));
}

function timeline(d) {
  return h('section', { class: 'timeline-section' },
    h('h3', {}, 'Historique'),
    d.events.length
      ? h('ol', { class: 'timeline', 'data-testid': 'listing-timeline' }, d.events.map((e) => h('li', { class: e.presence ? `presence-${e.presence}` : '' },
        h('span', { class: 'when', title: `enregistré le ${dateTime(e.recorded_at)}` }, shortDate(e.occurred_on)),
        h('div', {},
          h('strong', {}, e.label.charAt(0).toUpperCase() + e.label.slice(1)),
          e.from_label !== e.to_label ? h('span', { class: 'muted' }, ` — ${e.from_label} → ${e.to_label}`) : null,
          e.proof.map((p) => h('p', { class: 'proof' }, p)),
          e.note ? h('p', { class: 'proof' }, e.note) : null))))
      : h('p', { class: 'muted' }, `Fiche trouvée le ${longDate(d.listing.state.found_on)} ; aucune démarche enregistrée pour l'instant.`));
}

async function edit(ctx) {
  const { d, options, panel, redraw } = ctx;
  const sites = await invoke('site_list');
  clear(panel).append(h('h3', {}, 'Modifier la fiche'), listingForm(d, sites, options, {
    onSaved: async () => { toast('Fiche enregistrée.'); await redraw(); },
    onCancel: () => clear(panel),
  }));
  panel.scrollIntoView({ block: 'start' });
}
