// The areas of the product that are not built yet: each says, in our words, what it will do,
// following the sections of the practice guide, so the doctor understands the map from day one.

import { comingSoon } from '../lib/dom.js';

export const listings = () => comingSoon('Fiches nominatives',
  "Des annuaires en ligne publient des fiches à votre nom sans vous l'avoir demandé. Vos coordonnées professionnelles sont des données personnelles : vous pouvez vous opposer à ce traitement et demander l'effacement de la fiche.",
  [
    'Recenser les sites qui vous référencent, à partir d’un catalogue modifiable.',
    "Envoyer une demande d'opposition et d'effacement (RGPD) en lettre recommandée, prête pour une enveloppe à fenêtre.",
    "Suivre le délai d'un mois laissé à l'éditeur pour répondre.",
    'Préparer ensuite une plainte à la CNIL ou une demande de déréférencement aux moteurs de recherche.',
    'Vérifier si une fiche est toujours en ligne.',
  ]);

export const reviews = () => comingSoon('Avis et commentaires',
  "Les avis des patients sont le cœur de votre e-réputation. Un avis désagréable n'est pas forcément illicite : la réponse publique, courtoise et respectueuse du secret médical, est souvent la meilleure option.",
  [
    'Rassembler au même endroit les avis de toutes les plateformes (saisie ou import).',
    "Qualifier chaque avis : critique licite, ou contenu peut-être illicite (injure, diffamation, dénigrement…).",
    "Répondre avec un assistant guidé qui suit les conseils de l'Ordre des médecins.",
    'Être alerté avant publication de tout mot qui risquerait de trahir le secret médical.',
  ]);

export const cases = () => comingSoon('Dossiers (contenus illicites)',
  "Quand un avis ou un propos dépasse les limites de la liberté d'expression, la réaction se fait par paliers, du signalement jusqu'à l'action en justice.",
  [
    "Ouvrir un dossier par contenu et citer séparément chaque propos contesté.",
    "Conserver les preuves (captures datées et empreintes), puis faire établir un constat si nécessaire.",
    "Signaler à l'éditeur ou à l'hébergeur, mettre en demeure, puis saisir la justice avec un avocat.",
    "Afficher les délais : l'action pour injure ou diffamation se prescrit par trois mois après la première publication, et un courrier n'arrête pas ce délai.",
  ]);
