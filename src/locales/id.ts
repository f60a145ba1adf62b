/** Indonesian. Import this module (or load dist/locales/id.min.js) to make `lang="id"` work. */
import { registerLocale, type Strings } from '../locale-registry.js';

const id: Strings = {
  dir: 'ltr',
  send: 'Kirim kode melalui WhatsApp',
  sending: 'Mengirim kode ke WhatsApp Anda…',
  sent: 'Kami telah mengirim kode ke WhatsApp Anda. Buka WhatsApp di ponsel Anda untuk melihatnya.',
  codeLabel: 'Kode dari WhatsApp',
  verify: 'Verifikasi',
  verifying: 'Memeriksa kode…',
  resend: 'Kirim kode baru',
  resendIn: 'Anda dapat meminta kode baru dalam {time}.',
  ready: 'Sekarang Anda dapat meminta kode baru.',
  seconds: { other: '# detik' },
  minutes: { other: '# menit' },
  verified: 'Terverifikasi. Anda dapat melanjutkan.',
  codeLength: 'Masukkan kode {n} digit.',
  wrongCode: 'Kode salah atau sudah kedaluwarsa. Coba lagi.',
  locked: 'Terlalu banyak kode yang salah. Minta kode baru.',
  rateLimited: 'Terlalu banyak permintaan. Coba lagi dalam {time}.',
  networkError: 'Tidak dapat terhubung ke server. Periksa koneksi Anda, lalu coba lagi.',
  timeout: 'Server terlalu lama merespons. Coba lagi.',
  expired: 'Sesi ini sudah berakhir. Muat ulang halaman, lalu coba lagi.',
  renew: 'Sesi ini sudah berakhir. Minta kode baru.',
  setupError: 'Formulir ini belum disiapkan dengan benar. Silakan hubungi pengelola situs.',
  genericError: 'Terjadi kesalahan. Coba lagi.',
  required: 'Verifikasi dengan kode dari WhatsApp untuk melanjutkan.',
};

registerLocale('id', id);
export default id;
