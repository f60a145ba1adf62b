/** German. Import this module (or load dist/locales/de.min.js) to make `lang="de"` work. */
import { registerLocale, type Strings } from '../locale-registry.js';

const de: Strings = {
  dir: 'ltr',
  send: 'Code per WhatsApp senden',
  sending: 'Code wird an Ihr WhatsApp gesendet…',
  sent: 'Wir haben Ihnen einen Code per WhatsApp geschickt. Sie finden ihn auf Ihrem Smartphone.',
  codeLabel: 'Code aus WhatsApp',
  verify: 'Bestätigen',
  verifying: 'Code wird geprüft…',
  resend: 'Neuen Code senden',
  resendIn: 'Sie können in {time} einen neuen Code anfordern.',
  ready: 'Sie können jetzt einen neuen Code anfordern.',
  seconds: { one: '# Sekunde', other: '# Sekunden' },
  minutes: { one: '# Minute', other: '# Minuten' },
  verified: 'Bestätigt. Sie können fortfahren.',
  codeLength: 'Geben Sie den {n}-stelligen Code ein.',
  wrongCode: 'Dieser Code ist falsch oder abgelaufen. Versuchen Sie es erneut.',
  locked: 'Zu viele falsche Codes. Fordern Sie einen neuen Code an.',
  rateLimited: 'Zu viele Anfragen. Versuchen Sie es in {time} erneut.',
  networkError: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  timeout: 'Der Server hat zu lange nicht geantwortet. Versuchen Sie es erneut.',
  expired: 'Diese Sitzung ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.',
  renew: 'Diese Sitzung ist abgelaufen. Fordern Sie einen neuen Code an.',
  setupError: 'Dieses Formular ist nicht richtig eingerichtet. Bitte wenden Sie sich an den Betreiber der Website.',
  genericError: 'Etwas ist schiefgelaufen. Versuchen Sie es erneut.',
  required: 'Bestätigen Sie mit einem Code aus WhatsApp, um fortzufahren.',
};

registerLocale('de', de);
export default de;
