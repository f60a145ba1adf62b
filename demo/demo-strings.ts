// The demo page's own text (its chrome, not the element's), in the element's 8 languages,
// so that a language switch changes the whole page and not only the card.

export const DEMO_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt-BR', 'ar', 'hi', 'id'] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

export interface DemoStrings {
  intro: string;
  tryIt: string;
  heading: string;
  signedInAs: string;
  whatsAppTo: string;
  serverSimulator: string;
  serverAuthsignal: string;
  startOver: string;
  backendTitle: string;
  backendWaiting: string;
  backendChecking: string;
  backendAccepted: string;
  backendRefused: string;
  user: string;
  action: string;
  state: string;
  reason: string;
  inboxTitle: string;
  inboxEmpty: string;
  inboxReal: string;
  inboxTo: string;
  inboxMessage: string;
  logTitle: string;
  lookTitle: string;
  language: string;
  colours: string;
  followSystem: string;
  light: string;
  dark: string;
}

const en: DemoStrings = {
  intro:
    "Verify a person with a one-time code sent on WhatsApp. This site's backend gets a token for the signed-in user, the element sends and checks the code, and the backend validates the result.",
  tryIt: 'Try it',
  heading: "Confirm it's you",
  signedInAs: 'Signed in as',
  whatsAppTo: 'WhatsApp',
  serverSimulator: 'Server: the local Authsignal simulator',
  serverAuthsignal: 'Server: Authsignal',
  startOver: 'Start over',
  backendTitle: 'Your backend says',
  backendWaiting: 'Nothing verified yet.',
  backendChecking: 'Checking the token…',
  backendAccepted: 'Accepted: the challenge is verified.',
  backendRefused: 'Refused.',
  user: 'User',
  action: 'Action',
  state: 'State',
  reason: 'Reason',
  inboxTitle: 'Simulated WhatsApp inbox',
  inboxEmpty: 'No message yet.',
  inboxReal: 'Real messages go to the phone of the signed-in user.',
  inboxTo: 'To',
  inboxMessage: 'Your verification code is',
  logTitle: 'Event log',
  lookTitle: 'Look',
  language: 'Language',
  colours: 'Colours',
  followSystem: 'Follow the system',
  light: 'Light',
  dark: 'Dark',
};

const es: DemoStrings = {
  intro:
    'Verifica a una persona con un código de un solo uso enviado por WhatsApp. El backend de este sitio obtiene un token para el usuario que ha iniciado sesión, el elemento envía y comprueba el código, y el backend valida el resultado.',
  tryIt: 'Pruébalo',
  heading: 'Confirma que eres tú',
  signedInAs: 'Sesión iniciada como',
  whatsAppTo: 'WhatsApp',
  serverSimulator: 'Servidor: el simulador local de Authsignal',
  serverAuthsignal: 'Servidor: Authsignal',
  startOver: 'Empezar de nuevo',
  backendTitle: 'Tu backend dice',
  backendWaiting: 'Aún no se ha verificado nada.',
  backendChecking: 'Comprobando el token…',
  backendAccepted: 'Aceptado: el desafío está verificado.',
  backendRefused: 'Rechazado.',
  user: 'Usuario',
  action: 'Acción',
  state: 'Estado',
  reason: 'Motivo',
  inboxTitle: 'Bandeja de WhatsApp simulada',
  inboxEmpty: 'Aún no hay mensajes.',
  inboxReal: 'Los mensajes reales llegan al teléfono del usuario que ha iniciado sesión.',
  inboxTo: 'Para',
  inboxMessage: 'Tu código de verificación es',
  logTitle: 'Registro de eventos',
  lookTitle: 'Aspecto',
  language: 'Idioma',
  colours: 'Colores',
  followSystem: 'Según el sistema',
  light: 'Claro',
  dark: 'Oscuro',
};

const fr: DemoStrings = {
  intro:
    "Vérifiez une personne avec un code à usage unique envoyé sur WhatsApp. Le backend de ce site obtient un jeton pour l'utilisateur connecté, l'élément envoie et vérifie le code, et le backend valide le résultat.",
  tryIt: 'Essayer',
  heading: "Confirmez que c'est bien vous",
  signedInAs: 'Connecté en tant que',
  whatsAppTo: 'WhatsApp',
  serverSimulator: "Serveur : le simulateur local d'Authsignal",
  serverAuthsignal: 'Serveur : Authsignal',
  startOver: 'Recommencer',
  backendTitle: 'Votre backend répond',
  backendWaiting: 'Rien de vérifié pour le moment.',
  backendChecking: 'Vérification du jeton…',
  backendAccepted: 'Accepté : le défi est vérifié.',
  backendRefused: 'Refusé.',
  user: 'Utilisateur',
  action: 'Action',
  state: 'État',
  reason: 'Motif',
  inboxTitle: 'Messagerie WhatsApp simulée',
  inboxEmpty: 'Aucun message pour le moment.',
  inboxReal: "Les vrais messages arrivent sur le téléphone de l'utilisateur connecté.",
  inboxTo: 'À',
  inboxMessage: 'Votre code de vérification est',
  logTitle: 'Journal des événements',
  lookTitle: 'Apparence',
  language: 'Langue',
  colours: 'Couleurs',
  followSystem: 'Comme le système',
  light: 'Clair',
  dark: 'Sombre',
};

const de: DemoStrings = {
  intro:
    'Bestätigen Sie eine Person mit einem Einmalcode per WhatsApp. Das Backend dieser Seite holt ein Token für den angemeldeten Nutzer, das Element sendet und prüft den Code, und das Backend validiert das Ergebnis.',
  tryIt: 'Ausprobieren',
  heading: 'Bestätigen Sie, dass Sie es sind',
  signedInAs: 'Angemeldet als',
  whatsAppTo: 'WhatsApp',
  serverSimulator: 'Server: der lokale Authsignal-Simulator',
  serverAuthsignal: 'Server: Authsignal',
  startOver: 'Neu beginnen',
  backendTitle: 'Ihr Backend sagt',
  backendWaiting: 'Noch nichts bestätigt.',
  backendChecking: 'Token wird geprüft…',
  backendAccepted: 'Angenommen: die Bestätigung ist gültig.',
  backendRefused: 'Abgelehnt.',
  user: 'Nutzer',
  action: 'Aktion',
  state: 'Status',
  reason: 'Grund',
  inboxTitle: 'Simulierter WhatsApp-Posteingang',
  inboxEmpty: 'Noch keine Nachricht.',
  inboxReal: 'Echte Nachrichten gehen an das Telefon des angemeldeten Nutzers.',
  inboxTo: 'An',
  inboxMessage: 'Ihr Bestätigungscode lautet',
  logTitle: 'Ereignisprotokoll',
  lookTitle: 'Darstellung',
  language: 'Sprache',
  colours: 'Farben',
  followSystem: 'Wie das System',
  light: 'Hell',
  dark: 'Dunkel',
};

const ptBR: DemoStrings = {
  intro:
    'Verifique uma pessoa com um código de uso único enviado pelo WhatsApp. O backend deste site obtém um token para o usuário conectado, o elemento envia e confere o código, e o backend valida o resultado.',
  tryIt: 'Experimente',
  heading: 'Confirme que é você',
  signedInAs: 'Conectado como',
  whatsAppTo: 'WhatsApp',
  serverSimulator: 'Servidor: o simulador local do Authsignal',
  serverAuthsignal: 'Servidor: Authsignal',
  startOver: 'Recomeçar',
  backendTitle: 'Seu backend diz',
  backendWaiting: 'Nada verificado ainda.',
  backendChecking: 'Conferindo o token…',
  backendAccepted: 'Aceito: o desafio foi verificado.',
  backendRefused: 'Recusado.',
  user: 'Usuário',
  action: 'Ação',
  state: 'Estado',
  reason: 'Motivo',
  inboxTitle: 'Caixa de entrada do WhatsApp simulada',
  inboxEmpty: 'Nenhuma mensagem ainda.',
  inboxReal: 'Mensagens reais vão para o telefone do usuário conectado.',
  inboxTo: 'Para',
  inboxMessage: 'Seu código de verificação é',
  logTitle: 'Registro de eventos',
  lookTitle: 'Aparência',
  language: 'Idioma',
  colours: 'Cores',
  followSystem: 'Seguir o sistema',
  light: 'Claro',
  dark: 'Escuro',
};

const ar: DemoStrings = {
  intro:
    'تحقّق من هوية شخص برمز لمرة واحدة يُرسل عبر واتساب. تحصل الواجهة الخلفية لهذا الموقع على رمز مميز للمستخدم الذي سجّل الدخول، ويرسل العنصر الرمز ويتحقق منه، ثم تتحقق الواجهة الخلفية من النتيجة.',
  tryIt: 'جرّبه',
  heading: 'أكّد أنك أنت',
  signedInAs: 'مسجّل الدخول باسم',
  whatsAppTo: 'واتساب',
  serverSimulator: 'الخادم: محاكي Authsignal المحلي',
  serverAuthsignal: 'الخادم: Authsignal',
  startOver: 'البدء من جديد',
  backendTitle: 'تقول الواجهة الخلفية',
  backendWaiting: 'لم يتم التحقق من شيء بعد.',
  backendChecking: 'جارٍ التحقق من الرمز المميز…',
  backendAccepted: 'مقبول: تم التحقق من التحدي.',
  backendRefused: 'مرفوض.',
  user: 'المستخدم',
  action: 'الإجراء',
  state: 'الحالة',
  reason: 'السبب',
  inboxTitle: 'صندوق واتساب المحاكى',
  inboxEmpty: 'لا توجد رسائل بعد.',
  inboxReal: 'تصل الرسائل الحقيقية إلى هاتف المستخدم الذي سجّل الدخول.',
  inboxTo: 'إلى',
  inboxMessage: 'رمز التحقق الخاص بك هو',
  logTitle: 'سجل الأحداث',
  lookTitle: 'المظهر',
  language: 'اللغة',
  colours: 'الألوان',
  followSystem: 'حسب النظام',
  light: 'فاتح',
  dark: 'داكن',
};

const hi: DemoStrings = {
  intro:
    'WhatsApp पर भेजे गए एक बार के कोड से किसी व्यक्ति की पुष्टि करें। इस साइट का बैकएंड साइन-इन किए गए उपयोगकर्ता के लिए टोकन लेता है, एलिमेंट कोड भेजता और जाँचता है, और बैकएंड नतीजे की पुष्टि करता है।',
  tryIt: 'आज़माएँ',
  heading: 'पुष्टि करें कि यह आप हैं',
  signedInAs: 'इस रूप में साइन इन',
  whatsAppTo: 'WhatsApp',
  serverSimulator: 'सर्वर: स्थानीय Authsignal सिम्युलेटर',
  serverAuthsignal: 'सर्वर: Authsignal',
  startOver: 'फिर से शुरू करें',
  backendTitle: 'आपका बैकएंड कहता है',
  backendWaiting: 'अभी तक कुछ सत्यापित नहीं हुआ।',
  backendChecking: 'टोकन जाँचा जा रहा है…',
  backendAccepted: 'स्वीकार: चुनौती सत्यापित है।',
  backendRefused: 'अस्वीकार।',
  user: 'उपयोगकर्ता',
  action: 'कार्रवाई',
  state: 'स्थिति',
  reason: 'कारण',
  inboxTitle: 'सिम्युलेटेड WhatsApp इनबॉक्स',
  inboxEmpty: 'अभी कोई संदेश नहीं।',
  inboxReal: 'असली संदेश साइन-इन किए गए उपयोगकर्ता के फ़ोन पर जाते हैं।',
  inboxTo: 'प्रति',
  inboxMessage: 'आपका सत्यापन कोड है',
  logTitle: 'इवेंट लॉग',
  lookTitle: 'रूप',
  language: 'भाषा',
  colours: 'रंग',
  followSystem: 'सिस्टम के अनुसार',
  light: 'हल्का',
  dark: 'गहरा',
};

const id: DemoStrings = {
  intro:
    'Verifikasi seseorang dengan kode sekali pakai yang dikirim lewat WhatsApp. Backend situs ini mengambil token untuk pengguna yang masuk, elemen mengirim dan memeriksa kode, lalu backend memvalidasi hasilnya.',
  tryIt: 'Coba',
  heading: 'Pastikan ini Anda',
  signedInAs: 'Masuk sebagai',
  whatsAppTo: 'WhatsApp',
  serverSimulator: 'Server: simulator Authsignal lokal',
  serverAuthsignal: 'Server: Authsignal',
  startOver: 'Mulai lagi',
  backendTitle: 'Kata backend Anda',
  backendWaiting: 'Belum ada yang diverifikasi.',
  backendChecking: 'Memeriksa token…',
  backendAccepted: 'Diterima: tantangan sudah diverifikasi.',
  backendRefused: 'Ditolak.',
  user: 'Pengguna',
  action: 'Tindakan',
  state: 'Status',
  reason: 'Alasan',
  inboxTitle: 'Kotak masuk WhatsApp simulasi',
  inboxEmpty: 'Belum ada pesan.',
  inboxReal: 'Pesan sungguhan dikirim ke ponsel pengguna yang masuk.',
  inboxTo: 'Kepada',
  inboxMessage: 'Kode verifikasi Anda adalah',
  logTitle: 'Log peristiwa',
  lookTitle: 'Tampilan',
  language: 'Bahasa',
  colours: 'Warna',
  followSystem: 'Ikuti sistem',
  light: 'Terang',
  dark: 'Gelap',
};

/** The demo's text in each language. */
export const DEMO_STRINGS: Record<DemoLanguage, DemoStrings> = { en, es, fr, de, 'pt-BR': ptBR, ar, hi, id };

/** Languages written right to left: the page's `dir` follows. */
export const RIGHT_TO_LEFT: ReadonlySet<DemoLanguage> = new Set(['ar']);
