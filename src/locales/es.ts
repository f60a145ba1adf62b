/** Spanish. Import this module (or load dist/locales/es.min.js) to make `lang="es"` work. */
import { registerLocale, type Strings } from '../locale-registry.js';

const es: Strings = {
  dir: 'ltr',
  send: 'Enviar código por WhatsApp',
  sending: 'Enviando un código a tu WhatsApp…',
  sent: 'Te enviamos un código por WhatsApp. Búscalo en tu teléfono.',
  codeLabel: 'Código de WhatsApp',
  verify: 'Verificar',
  verifying: 'Comprobando el código…',
  resend: 'Enviar un código nuevo',
  resendIn: 'Podrás pedir un código nuevo dentro de {time}.',
  ready: 'Ya puedes pedir un código nuevo.',
  seconds: { one: '# segundo', many: '# de segundos', other: '# segundos' },
  minutes: { one: '# minuto', many: '# de minutos', other: '# minutos' },
  verified: 'Verificado. Ya puedes continuar.',
  codeLength: 'Escribe el código de {n} dígitos.',
  wrongCode: 'Ese código es incorrecto o ha expirado. Inténtalo de nuevo.',
  locked: 'Demasiados códigos incorrectos. Pide un código nuevo.',
  rateLimited: 'Demasiadas solicitudes. Vuelve a intentarlo dentro de {time}.',
  networkError: 'No se pudo conectar con el servidor. Revisa tu conexión e inténtalo de nuevo.',
  timeout: 'El servidor tardó demasiado en responder. Inténtalo de nuevo.',
  expired: 'Esta sesión ha expirado. Vuelve a cargar la página e inténtalo de nuevo.',
  renew: 'Esta sesión ha expirado. Pide un código nuevo.',
  setupError: 'Este formulario no está bien configurado. Ponte en contacto con el sitio web.',
  genericError: 'Algo salió mal. Inténtalo de nuevo.',
  required: 'Verifica con un código de WhatsApp para continuar.',
};

registerLocale('es', es);
export default es;
