// Tableau de bord: the map of the product and what to do next.

import { h } from '../lib/dom.js';

export function dashboard(root, ctx) {
  const card = (href, title, text) => h('a', { class: 'tile', href }, h('h3', {}, title), h('p', {}, text));
  root.append(h('section', { class: 'area', 'data-testid': 'dashboard' },
    h('h1', {}, 'Tableau de bord'),
    ctx.signer ? h('p', { class: 'lead', 'data-testid': 'welcome' }, `Bonjour ${ctx.signer}.`) : null,
    h('p', {}, "L'e-réputation est l'image de votre activité sur Internet. Conseil de l'Ordre : faites une recherche à votre nom une fois par mois."),
    h('div', { class: 'tiles' },
      card('#/fiches', 'Fiches nominatives', 'Les annuaires qui vous référencent sans votre accord, et les demandes d’effacement.'),
      card('#/avis', 'Avis et commentaires', 'Tous vos avis au même endroit, et des réponses sans risque pour le secret médical.'),
      card('#/dossiers', 'Contenus illicites', 'Les dossiers ouverts, les paliers d’action et les délais à ne pas manquer.'),
      card('#/courriers', 'Courriers', 'Les lettres prêtes à imprimer et leur suivi en recommandé.'),
      card('#/aides', 'Aides et assurances', 'À qui s’adresser : Ordre, URPS, assureurs, sociétés spécialisées.'))));
}
