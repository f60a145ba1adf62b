/** Arabic (right to left). Import this module (or load dist/locales/ar.min.js) to make `lang="ar"` work. */
import { registerLocale, type Strings } from '../locale-registry.js';

const ar: Strings = {
  dir: 'rtl',
  send: 'إرسال الرمز عبر واتساب',
  sending: 'جارٍ إرسال رمز إلى حسابك على واتساب…',
  sent: 'أرسلنا إليك رمزًا عبر واتساب. ستجده في التطبيق على هاتفك.',
  codeLabel: 'الرمز الوارد عبر واتساب',
  verify: 'تحقّق',
  verifying: 'جارٍ التحقق من الرمز…',
  resend: 'إرسال رمز جديد',
  resendIn: 'يمكنك طلب رمز جديد بعد {time}.',
  ready: 'يمكنك الآن طلب رمز جديد.',
  // Read after "بعد" ("after"): the dual takes its genitive form, ثانيتين.
  seconds: {
    zero: '# ثانية',
    one: 'ثانية واحدة',
    two: 'ثانيتين',
    few: '# ثوانٍ',
    many: '# ثانية',
    other: '# ثانية',
  },
  minutes: {
    zero: '# دقيقة',
    one: 'دقيقة واحدة',
    two: 'دقيقتين',
    few: '# دقائق',
    many: '# دقيقة',
    other: '# دقيقة',
  },
  verified: 'تم التحقق. يمكنك المتابعة.',
  codeLength: 'أدخل الرمز المكوّن من {n} أرقام.',
  wrongCode: 'هذا الرمز غير صحيح أو انتهت صلاحيته. حاول مرة أخرى.',
  locked: 'أدخلت رموزًا غير صحيحة مرات كثيرة. اطلب رمزًا جديدًا.',
  rateLimited: 'طلبات كثيرة جدًا. حاول مرة أخرى بعد {time}.',
  networkError: 'تعذّر الاتصال بالخادم. تحقّق من اتصالك وحاول مرة أخرى.',
  timeout: 'استغرق الخادم وقتًا طويلًا في الرد. حاول مرة أخرى.',
  expired: 'انتهت صلاحية هذه الجلسة. أعد تحميل الصفحة وحاول مرة أخرى.',
  renew: 'انتهت صلاحية هذه الجلسة. اطلب رمزًا جديدًا.',
  setupError: 'لم يتم إعداد هذا النموذج بشكل صحيح. يُرجى التواصل مع الموقع.',
  genericError: 'حدث خطأ ما. حاول مرة أخرى.',
  required: 'تحقق برمز من واتساب للمتابعة.',
};

registerLocale('ar', ar);
export default ar;
