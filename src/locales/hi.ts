/** Hindi. Import this module (or load dist/locales/hi.min.js) to make `lang="hi"` work. */
import { registerLocale, type Strings } from '../locale-registry.js';

const hi: Strings = {
  dir: 'ltr',
  send: 'WhatsApp पर कोड भेजें',
  sending: 'आपके WhatsApp पर कोड भेजा जा रहा है…',
  sent: 'हमने आपके WhatsApp पर एक कोड भेजा है। इसे अपने फ़ोन पर देखें।',
  codeLabel: 'WhatsApp पर मिला कोड',
  verify: 'सत्यापित करें',
  verifying: 'कोड की जाँच हो रही है…',
  resend: 'नया कोड भेजें',
  resendIn: 'आप {time} बाद नया कोड माँग सकते हैं।',
  ready: 'अब आप नया कोड माँग सकते हैं।',
  seconds: { one: '# सेकंड', other: '# सेकंड' },
  minutes: { one: '# मिनट', other: '# मिनट' },
  verified: 'सत्यापन हो गया। आप आगे बढ़ सकते हैं।',
  codeLength: '{n} अंकों का कोड डालें।',
  wrongCode: 'यह कोड गलत है या इसकी समय-सीमा खत्म हो गई है। फिर से कोशिश करें।',
  locked: 'बहुत ज़्यादा बार गलत कोड डाला गया। नया कोड माँगें।',
  rateLimited: 'बहुत ज़्यादा अनुरोध। {time} बाद फिर से कोशिश करें।',
  networkError: 'सर्वर से कनेक्ट नहीं हो सका। अपना इंटरनेट कनेक्शन जाँचें और फिर से कोशिश करें।',
  timeout: 'सर्वर ने जवाब देने में बहुत ज़्यादा समय लिया। फिर से कोशिश करें।',
  expired: 'यह सेशन खत्म हो गया है। पेज को रीलोड करें और फिर से कोशिश करें।',
  renew: 'यह सेशन खत्म हो गया है। नया कोड माँगें।',
  setupError: 'यह फ़ॉर्म ठीक से सेट अप नहीं किया गया है। कृपया साइट से संपर्क करें।',
  genericError: 'कुछ गलत हो गया। फिर से कोशिश करें।',
  required: 'जारी रखने के लिए WhatsApp से मिले कोड से सत्यापित करें।',
};

registerLocale('hi', hi);
export default hi;
