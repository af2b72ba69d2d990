// One review: what was recorded, where it stands, and the next step of the guide's order —
// qualification first, then reply (the wizard) or a deliberate silence, or the case file.

import { h, clear, toast, confirmAction, act } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { longDate, dateTime } from '../lib/format.js';
import { stars, statusBadge, published, googleAdvice } from './review-common.js';
import { qualificationStep } from './review-qualify.js';
import { replyWizard } from './reply-wizard.js';

function deleteButton(review, back) {
  return h('button', {
    class: 'link danger-link', 'data-testid': 'review-delete',
    onclick: async () => {
      const ok = await confirmAction('Supprimer cet avis ?',
        `L’avis de « ${review.author} » sur ${review.platform} sera retiré de votre liste, avec sa qualification et sa réponse enregistrée. L’avis publié sur la plateforme n’est pas touché.`,
        'Supprimer');
      if (!ok) return;
      await act(() => invoke('review_delete', { id: review.id }), { done: 'Avis supprimé.', refresh: back });
    },
  }, 'Supprimer (saisi par erreur)');
}

function reviewCard(review, choices, back) {
  return h('article', { class: 'card review-card', 'data-testid': 'review-card' },
    h('div', { class: 'review-row-head' },
      stars(review.rating), h('strong', {}, review.platform),
      h('span', { class: 'muted' }, ` · ${review.author} · publié ${published(review.published)}`),
      statusBadge(review.status, choices)),
    h('blockquote', { class: 'review-text', 'data-testid': 'review-text' }, review.text || '(note sans texte)'),
    review.text_translation ? h('details', { class: 'review-translation', 'data-testid': 'review-translation' },
      h('summary', {}, 'Traduction proposée par Google'),
      h('p', {}, review.text_translation),
      h('p', { class: 'small muted' }, 'Traduction automatique : seul le texte d’origine, ci-dessus, fait foi et peut être cité.')) : null,
    h('p', { class: 'small card-links' },
      review.url ? h('button', { class: 'link', onclick: () => act(() => invoke('review_open_page', { id: review.id })) },
        'Ouvrir la page de l’avis') : null,
      deleteButton(review, back)));
}

function statements(review, choices) {
  const label = (g) => choices.grounds.find((x) => x.id === g)?.label || g;
  return h('ol', { class: 'statements', 'data-testid': 'statements' },
    review.qualification.statements.map((s) => h('li', {},
      h('q', {}, s.quote), h('span', { class: 'muted' }, ` — ${s.grounds.map(label).join(', ')}`))));
}

export async function reviewDetail(root, id, env) {
  const { choices, back } = env;
  const { review, acks, draft, from_google: fromGoogle } = await invoke('review_get', { id });
  // After an action redraws the review, focus goes back to the content, not to the page's body.
  const reload = async () => { await reviewDetail(clear(root), id, env); document.getElementById('main')?.focus({ preventScroll: true }); };
  const decide = (decision, message) => async () => {
    await act(() => invoke('review_decide', { id, decision }), { done: message, refresh: reload });
  };

  const body = h('div', { class: 'review-next' });
  switch (review.status) {
    case 'new':
      body.append(qualificationStep(review, choices, reload));
      break;
    case 'to_answer':
      try {
        body.append(await replyWizard(review, { choices, reload, savedDraft: draft }));
      } catch (err) {
        body.append(h('p', { class: 'form-error', role: 'alert', 'data-testid': 'wizard-error' }, err.message));
      }
      break;
    case 'answered':
      body.append(h('section', { class: 'panel done', 'data-testid': 'answered' },
        h('h2', {}, `Répondu le ${longDate(review.reply.replied_on)}`),
        h('pre', { class: 'reply-kept', 'data-testid': 'reply-kept' }, review.reply.text),
        acks.length ? h('p', { class: 'small muted' }, `Points signalés par le contrôle du secret médical et conservés sciemment : ${acks.map((a) => `« ${a.matched} » (${dateTime(a.acknowledged_at)})`).join(', ')}.`) : null,
        h('div', { class: 'actions' },
          h('button', { class: 'secondary', 'data-testid': 'reply-revise', onclick: decide('reply', 'Vous pouvez réviser la réponse.') }, 'Réviser la réponse'))));
      break;
    case 'left_alone':
      body.append(h('section', { class: 'panel', 'data-testid': 'left-alone' },
        h('h2', {}, `Laissé sans réponse (décision du ${longDate(review.left_alone_on)})`),
        h('p', {}, 'Ne pas répondre à une critique licite est un choix légitime. Vous pouvez changer d’avis à tout moment.'),
        h('div', { class: 'actions' },
          h('button', { class: 'secondary', onclick: decide('reply', 'Rédigez votre réponse.') }, 'Finalement, répondre'),
          h('button', { class: 'secondary', onclick: decide('reconsider', 'Avis remis à qualifier.') }, 'Revoir la qualification'))));
      break;
    case 'escalated':
      body.append(h('section', { class: 'panel case', 'data-testid': 'escalated' },
        h('h2', {}, 'Contenu possiblement illicite : propos cités'),
        h('p', {}, 'Propos contestés, cités un par un avec leurs motifs :'),
        statements(review, choices),
        h('p', { class: 'note' }, 'Seul un juge tranche : votre qualification prépare le dossier (signalement à la plateforme, mise en demeure, constat), elle ne vaut pas décision. Répondre publiquement reste votre choix : ne pas répondre en est un ; une réponse brève et courtoise, sans évoquer la procédure ni menacer l’auteur, en est un autre.'),
        h('div', { class: 'actions' },
          // The case file takes the quoted statements with it; an existing one is reopened.
          h('button', { 'data-testid': 'review-open-case', onclick: () => { location.hash = `#/dossiers/avis-${id}`; } }, 'Ouvrir ou voir le dossier'),
          h('button', {
            class: 'secondary',
            onclick: async () => {
              await act(() => invoke('review_qualify', { id, qualification: { kind: 'lawful' } }), { done: 'Avis requalifié comme critique licite.', refresh: reload });
            },
          }, 'Requalifier comme critique licite'))));
      break;
    default:
      break;
  }

  root.append(h('section', { class: 'area review-detail', 'data-testid': 'review-detail' },
    h('p', {}, h('button', { class: 'link', 'data-testid': 'review-back', onclick: back }, '← Retour à la liste des avis')),
    h('h1', {}, 'Avis et commentaires'),
    reviewCard(review, choices, back),
    fromGoogle && review.status !== 'escalated' ? googleAdvice() : null,
    body));
}
