// Step 1 of the wizard, always first: can this content be illicit? Lawful criticism → reply or
// deliberately stay silent; possibly illicit → quote each disputed statement with its grounds,
// and the review goes to a case file.

import { h, clear, toast } from '../lib/dom.js';
import { invoke, AppError } from '../lib/ipc.js';

function statementEditor(choices, index, initialQuote) {
  const quote = h('textarea', { rows: 2, 'data-testid': `statement-quote-${index}`, 'aria-label': `Propos contesté n° ${index + 1}` });
  quote.value = initialQuote || '';
  const grounds = choices.grounds.map((g) => {
    const box = h('input', { type: 'checkbox', value: g.id, 'data-testid': `statement-${index}-ground-${g.id}` });
    return h('label', { class: 'ground-choice', title: g.explanation }, box, ` ${g.label}`);
  });
  const el = h('fieldset', { class: 'statement', 'data-testid': `statement-${index}` },
    h('legend', {}, `Propos contesté n° ${index + 1}`),
    h('p', { class: 'hint' }, 'Copiez exactement le passage, tel qu’il est publié (une phrase ou un membre de phrase).'),
    quote,
    h('p', { class: 'hint' }, 'Motif(s) pour ce propos :'),
    h('div', { class: 'ground-choices' }, grounds));
  el.read = () => ({
    quote: quote.value,
    grounds: [...el.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.value),
  });
  return el;
}

function illicitForm(review, choices, reload) {
  const list = h('div', { class: 'statements-edit' });
  const error = h('div', { 'data-testid': 'qualify-error', id: 'qualify-error' });
  const add = () => {
    const selected = window.getSelection()?.toString().trim();
    const quote = selected && review.text.includes(selected) ? selected : '';
    list.append(statementEditor(choices, list.children.length, quote));
  };
  add();
  const submit = async () => {
    clear(error);
    const statements = [...list.children].map((s) => s.read()).filter((s) => s.quote.trim() || s.grounds.length);
    try {
      await invoke('review_qualify', { id: review.id, qualification: { kind: 'illicit', statements } });
      toast('Avis qualifié de possiblement illicite : ses propos sont cités.');
      await reload();
    } catch (err) {
      const lines = err instanceof AppError && err.fields.length ? err.fields.map((f) => f.message) : [err.message];
      error.append(h('div', { class: 'form-error', role: 'alert' }, lines.map((l) => h('p', {}, l))));
      // The message belongs to the statements it is about: tied to them, and focus goes there.
      const quotes = [...list.querySelectorAll('textarea')];
      quotes.forEach((q) => { q.setAttribute('aria-describedby', 'qualify-error'); q.setAttribute('aria-invalid', 'true'); });
      quotes[0]?.focus();
    }
  };
  return h('div', { class: 'illicit-form', 'data-testid': 'illicit-form' },
    h('p', {}, 'Citez ', h('strong', {}, 'chaque propos contesté séparément'), ', avec son ou ses motifs : un signalement ou une mise en demeure doit viser les mots exacts, un par un. Astuce : sélectionnez un passage de l’avis ci-dessus avant d’ajouter un propos.'),
    list,
    error,
    h('div', { class: 'actions' },
      h('button', { class: 'secondary', 'data-testid': 'statement-add', onclick: add }, 'Ajouter un autre propos'),
      h('button', { 'data-testid': 'qualify-illicit-save', onclick: submit }, 'Placer l’avis en dossier')),
    h('p', { class: 'note' }, 'Seul un juge tranche : vous enregistrez ici votre lecture pour préparer le dossier, pas une décision. Le détail des démarches (signalement, mise en demeure, constat) se fera dans « Dossiers ».'));
}

function lawfulChoice(review, reload) {
  const decide = async (decision, message) => {
    try {
      if (!review.qualification) await invoke('review_qualify', { id: review.id, qualification: { kind: 'lawful' } });
      await invoke('review_decide', { id: review.id, decision });
      toast(message);
      await reload();
    } catch (err) { toast(err.message, 'error'); }
  };
  return h('div', { class: 'lawful-choice', 'data-testid': 'lawful-choice' },
    h('p', {}, 'Une critique, même sévère ou injuste, reste permise. Vous pouvez y répondre, ou choisir de ne pas le faire : c’est un choix légitime, qui sera noté avec sa date.'),
    h('div', { class: 'actions' },
      h('button', { 'data-testid': 'decide-reply', onclick: () => decide('reply', 'Rédigez votre réponse.') }, 'Répondre à cet avis'),
      h('button', { class: 'secondary', 'data-testid': 'decide-leave', onclick: () => decide('leave_alone', 'Décision notée : pas de réponse.') }, 'Ne pas répondre (choix délibéré)')));
}

const groundList = (grounds) => h('dl', { class: 'grounds' },
  grounds.map((g) => [h('dt', {}, g.label), h('dd', {}, g.explanation)]));

export function qualificationStep(review, choices, reload) {
  const next = h('div', { class: 'qualify-next' });
  const choose = (which) => {
    clear(next).append(which === 'illicit' ? illicitForm(review, choices, reload) : lawfulChoice(review, reload));
    for (const b of buttons.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.choice === which));
  };
  const buttons = h('div', { class: 'actions' },
    h('button', { class: 'secondary', 'data-testid': 'qualify-lawful', dataset: { choice: 'lawful' }, onclick: () => choose('lawful') }, 'Non : c’est une critique licite'),
    h('button', { class: 'secondary', 'data-testid': 'qualify-illicit', dataset: { choice: 'illicit' }, onclick: () => choose('illicit') }, 'Oui : il peut être illicite'));
  const section = h('section', { class: 'panel wizard-step', 'data-testid': 'step-qualify' },
    h('p', { class: 'step-label' }, 'Étape 1 sur 3 — Qualifier avant toute réponse'),
    h('h2', {}, 'Ce contenu peut-il être illicite ?'),
    h('div', { 'data-testid': 'grounds' },
      h('p', {}, 'Il peut l’être s’il contient, par exemple (liste non exhaustive du guide) :'),
      groundList(choices.grounds.filter((g) => g.in_guide_list)),
      h('p', {}, 'Les plateformes retirent aussi, selon leurs règles :'),
      groundList(choices.grounds.filter((g) => !g.in_guide_list))),
    buttons,
    next);
  // Already lawful (e.g. back from "ne pas répondre"): go straight to the choice.
  if (review.qualification?.kind === 'lawful') choose('lawful');
  return section;
}
