// Steps 2 and 3 of the wizard for a lawful review the doctor chose to answer: pick the
// situation, get a draft filled from the practice profile, edit it under the live secrecy
// guard, then copy it, open the review's page and mark the review answered.
// Rust re-runs the guard on copy and on "répondu": the checks here only guide.

import { h, clear, toast, confirmAction, act } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { renderHighlights, renderFindings, unacknowledged, ackKey } from './review-guard.js';
import { templateEditor } from './review-templates.js';

const GUARD_DELAY_MS = 150;

/** Same cap as Rust's (`MAX_REPLY_CHARS`, Google's own limit); Rust refuses longer text anyway. */
const MAX_REPLY_CHARS = 4096;

/**
 * `savedDraft`: the reply being written, kept in the store by each guard check, so leaving the
 * page, closing the window or a crash loses nothing.
 */
export async function replyWizard(review, { reload, savedDraft }) {
  const { templates, steps, provenance } = await invoke('reply_templates');
  const acked = new Set();
  let findings = [];
  let placeholders = [];
  let copied = false;

  const draft = h('textarea', { rows: 12, class: 'reply-draft', 'data-testid': 'reply-draft', 'aria-label': 'Votre réponse (modifiable)', maxlength: MAX_REPLY_CHARS });
  draft.value = savedDraft ?? review.reply?.text ?? '';
  const preview = h('div', { class: 'guard-preview', 'data-testid': 'guard-preview' });
  const findingsBox = h('div', { class: 'guard-findings', 'data-testid': 'guard-findings' });
  const status = h('p', { class: 'guard-status', 'data-testid': 'guard-status', role: 'status' });
  const copyButton = h('button', { 'data-testid': 'reply-copy', disabled: true }, 'Copier la réponse');
  const after = h('div', { class: 'after-copy' });
  const editorSlot = h('div', {});

  const updateGate = () => {
    const open = unacknowledged(findings, acked);
    const empty = !draft.value.trim();
    const toFill = placeholders.length;
    copyButton.disabled = empty || open.length > 0 || toFill > 0;
    status.className = `guard-status ${open.length || toFill ? 'bad' : 'ok'}`;
    status.textContent = empty ? 'Rédigez ou préparez un brouillon.'
      : open.length ? `${open.length} passage${open.length > 1 ? 's' : ''} bloquant${open.length > 1 ? 's' : ''} : corrigez-le${open.length > 1 ? 's' : ''} ou cochez « je maintiens » pour chacun.`
        : toFill ? `${toFill} passage${toFill > 1 ? 's' : ''} entre crochets à compléter avec vos propres mots (par exemple la mesure prise) avant de copier : « ${draft.value.slice(placeholders[0].start, placeholders[0].end)} ».`
          : 'Aucun passage bloquant non vérifié : vous pouvez copier la réponse.';
  };

  // The draft is kept on its own (a check writes nothing): a refusal, such as a store opened
  // read-only, is said beside the guard without hiding its findings.
  const draftNote = h('p', { class: 'hint', 'data-testid': 'reply-draft-note', role: 'status' });
  let kept = draft.value;
  const saveDraft = async (text) => {
    if (text === kept) return;
    try {
      await invoke('reply_save_draft', { reviewId: review.id, text });
      kept = text;
      draftNote.textContent = '';
    } catch (err) {
      draftNote.textContent = `Brouillon non enregistré : ${err.message}`;
    }
  };

  let seq = 0;
  const check = async () => {
    const mine = ++seq;
    const text = draft.value;
    try {
      const result = await invoke('reply_check', { reviewId: review.id, text });
      if (mine !== seq) return; // a newer keystroke is being checked
      saveDraft(text);
      findings = result.findings;
      placeholders = result.placeholders;
      renderHighlights(preview, text, findings);
      renderFindings(findingsBox, findings, acked, updateGate);
      updateGate();
    } catch (err) {
      status.textContent = err.message;
      status.className = 'guard-status bad';
    }
  };
  let timer = null;
  draft.addEventListener('input', () => {
    seq += 1; // an answer for an older text must not reopen the copy
    copied = false;
    clear(after);
    copyButton.disabled = true;
    status.textContent = 'Vérification…';
    status.className = 'guard-status';
    clearTimeout(timer);
    timer = setTimeout(check, GUARD_DELAY_MS);
  });

  const situation = h('select', { 'data-testid': 'reply-situation', 'aria-label': 'Situation' },
    h('option', { value: '' }, '— Choisissez la situation —'),
    templates.map((t) => h('option', { value: t.id }, t.edited ? `${t.label} (modèle modifié)` : t.label)));
  const founded = h('fieldset', { class: 'founded', 'data-testid': 'reply-founded', hidden: true },
    h('legend', {}, 'Le reproche vous paraît-il fondé ?'),
    h('label', {}, h('input', { type: 'radio', name: 'founded', value: 'yes', 'data-testid': 'founded-yes' }), ' Oui : la réponse en explique la cause et les mesures prises'),
    h('label', {}, h('input', { type: 'radio', name: 'founded', value: 'no', 'data-testid': 'founded-no' }), ' Non : la réponse dit votre surprise, sans polémique'));
  const template = () => templates.find((t) => t.id === situation.value);
  const foundedValue = () => founded.querySelector('input:checked')?.value;
  const ready = () => template() && (!template().has_founded_variants || foundedValue());
  const prepare = async () => {
    if (!situation.value) { toast('Choisissez d’abord une situation.', 'error'); return; }
    if (!ready()) { toast('Indiquez si le reproche vous paraît fondé.', 'error'); return; }
    if (draft.value.trim() && !(await confirmAction('Remplacer le brouillon ?', 'Le texte actuel sera remplacé par le modèle de la situation choisie.', 'Remplacer'))) return;
    try {
      const { text } = await invoke('reply_draft', { reviewId: review.id, templateId: situation.value, founded: foundedValue() === 'yes' });
      draft.value = text;
      acked.clear();
      await check();
      draft.focus();
    } catch (err) { toast(err.message, 'error'); }
  };
  const description = h('p', { class: 'hint', 'data-testid': 'situation-description' });
  situation.addEventListener('change', () => {
    founded.hidden = !template()?.has_founded_variants;
    description.textContent = template() ? `${template().description} ${provenance}` : '';
    if (ready() && !draft.value.trim()) prepare();
  });
  founded.addEventListener('change', () => { if (ready() && !draft.value.trim()) prepare(); });

  copyButton.addEventListener('click', async () => {
    const acks = findings.filter((f) => f.severity === 'block' && acked.has(ackKey(f))).map((f) => f.ack);
    try {
      await invoke('reply_copy', { reviewId: review.id, text: draft.value, acks });
      copied = true;
      toast('Réponse copiée : collez-la sous l’avis, sur la plateforme.');
      clear(after).append(finishing(review, draft, () => copied, reload));
    } catch (err) {
      toast(err.message, 'error');
      await check();
    }
  });

  const section = h('div', { class: 'wizard' },
    h('section', { class: 'panel wizard-step', 'data-testid': 'step-compose' },
      h('p', { class: 'step-label' }, 'Étape 2 sur 3 — Rédiger la réponse'),
      h('h2', {}, 'Quelle est la situation ?'),
      h('div', { class: 'situation-row' }, situation,
        h('button', { class: 'secondary', 'data-testid': 'reply-prepare', onclick: prepare }, 'Préparer le brouillon'),
        h('button', {
          class: 'link', 'data-testid': 'template-edit',
          onclick: () => { if (!situation.value) { toast('Choisissez d’abord une situation.', 'error'); return; } clear(editorSlot).append(templateEditor(situation.value, () => clear(editorSlot))); },
        }, 'Modifier ce modèle')),
      description,
      founded,
      editorSlot,
      h('details', { class: 'guide-steps' }, h('summary', {}, 'Les étapes d’une bonne réponse'),
        h('ol', {}, steps.map((st) => h('li', {}, h('strong', {}, `${st.title}. `), st.explanation)))),
      h('div', { class: 'compose-grid' },
        h('div', {}, h('label', { for: 'reply-draft' }, 'Votre réponse (modifiable)'), draft),
        h('div', {}, h('p', { class: 'label' }, 'Contrôle du secret médical'), preview)),
      status,
      draftNote,
      findingsBox),
    h('p', { class: 'small wizard-exits' },
      h('button', { class: 'link', 'data-testid': 'decide-leave-late', onclick: () => decide(review, 'leave_alone', 'Décision notée : pas de réponse.', reload) }, 'Finalement, ne pas répondre (choix délibéré)'),
      h('button', { class: 'link', 'data-testid': 'decide-reconsider', onclick: () => decide(review, 'reconsider', 'Avis remis à qualifier.', reload) }, 'Revoir la qualification (contenu peut-être illicite)')),
    h('section', { class: 'panel wizard-step', 'data-testid': 'step-finish' },
      h('p', { class: 'step-label' }, 'Étape 3 sur 3 — Publier'),
      h('div', { class: 'actions' }, copyButton),
      after));
  draft.id = 'reply-draft';
  if (draft.value) check(); else updateGate();
  return section;
}

async function decide(review, decision, message, reload) {
  await act(() => invoke('review_decide', { id: review.id, decision }), { done: message, refresh: reload });
}

function finishing(review, draft, isCopied, reload) {
  return h('div', { 'data-testid': 'finishing' },
    h('ol', { class: 'finish-steps' },
      h('li', {}, 'La réponse est dans le presse-papiers.'),
      h('li', {}, review.url
        ? h('button', { class: 'secondary', 'data-testid': 'review-open-page', onclick: () => act(() => invoke('review_open_page', { id: review.id })) }, 'Ouvrir la page de l’avis')
        : 'Ouvrez la page de l’avis sur la plateforme (aucune adresse n’est enregistrée pour cet avis)',
        ', puis collez la réponse (Ctrl+V) et publiez-la.'),
      h('li', {}, h('button', {
        'data-testid': 'reply-mark-answered',
        onclick: async () => {
          if (!isCopied()) { toast('Copiez d’abord la réponse modifiée.', 'error'); return; }
          await act(() => invoke('reply_mark_answered', { reviewId: review.id, text: draft.value }),
            { done: 'Avis marqué comme répondu ; le texte de la réponse est conservé.', refresh: reload });
        },
      }, 'Marquer comme répondu'), ' une fois la réponse publiée.')));
}
