/** Brazilian Portuguese. Import this module (or load dist/locales/pt-BR.min.js) to make `lang="pt-BR"` (and `lang="pt"`) work. */
import { registerLocale, type Strings } from '../locale-registry.js';

const ptBR: Strings = {
  dir: 'ltr',
  send: 'Enviar código pelo WhatsApp',
  sending: 'Enviando um código para seu WhatsApp…',
  sent: 'Enviamos um código para o seu WhatsApp. Confira no celular.',
  codeLabel: 'Código do WhatsApp',
  verify: 'Verificar',
  verifying: 'Verificando o código…',
  resend: 'Enviar novo código',
  resendIn: 'Você poderá pedir um novo código em {time}.',
  ready: 'Você já pode pedir um novo código.',
  seconds: { one: '# segundo', many: '# de segundos', other: '# segundos' },
  minutes: { one: '# minuto', many: '# de minutos', other: '# minutos' },
  verified: 'Verificado. Você pode continuar.',
  codeLength: 'Digite o código de {n} dígitos.',
  wrongCode: 'Esse código está incorreto ou expirou. Tente novamente.',
  locked: 'Muitos códigos incorretos. Peça um novo código.',
  rateLimited: 'Muitas solicitações. Tente novamente em {time}.',
  networkError: 'Não foi possível conectar ao servidor. Verifique sua conexão e tente novamente.',
  timeout: 'O servidor demorou demais para responder. Tente novamente.',
  expired: 'Esta sessão expirou. Recarregue a página e tente novamente.',
  renew: 'Esta sessão expirou. Peça um novo código.',
  setupError: 'Este formulário não está configurado corretamente. Entre em contato com o site.',
  genericError: 'Algo deu errado. Tente novamente.',
  required: 'Confirme com um código do WhatsApp para continuar.',
};

registerLocale('pt-BR', ptBR);
export default ptBR;
