/** French. Import this module (or load dist/locales/fr.min.js) to make `lang="fr"` work. */
import { registerLocale, type Strings } from '../locale-registry.js';

const fr: Strings = {
  dir: 'ltr',
  send: 'Envoyer un code sur WhatsApp',
  sending: 'Envoi d’un code sur votre WhatsApp…',
  sent: 'Nous avons envoyé un code sur votre WhatsApp. Consultez-le sur votre téléphone.',
  codeLabel: 'Code reçu sur WhatsApp',
  verify: 'Vérifier',
  verifying: 'Vérification du code…',
  resend: 'Envoyer un nouveau code',
  resendIn: 'Vous pourrez demander un nouveau code dans {time}.',
  ready: 'Vous pouvez maintenant demander un nouveau code.',
  seconds: { one: '# seconde', many: '# de secondes', other: '# secondes' },
  minutes: { one: '# minute', many: '# de minutes', other: '# minutes' },
  verified: 'Vérification réussie. Vous pouvez continuer.',
  codeLength: 'Saisissez le code à {n} chiffres.',
  wrongCode: 'Ce code est incorrect ou a expiré. Réessayez.',
  locked: 'Trop de codes incorrects. Demandez un nouveau code.',
  rateLimited: 'Trop de demandes. Réessayez dans {time}.',
  networkError: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
  timeout: 'Le serveur a mis trop de temps à répondre. Réessayez.',
  expired: 'Cette session a expiré. Rechargez la page et réessayez.',
  renew: 'Cette session a expiré. Demandez un nouveau code.',
  setupError: 'Ce formulaire n’est pas configuré correctement. Veuillez contacter le site.',
  genericError: 'Une erreur s’est produite. Réessayez.',
  required: 'Vérifiez avec un code reçu sur WhatsApp pour continuer.',
};

registerLocale('fr', fr);
export default fr;
