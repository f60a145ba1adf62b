// Writes dist/authsignal-whatsapp-challenge-wordpress.zip: the plugin folder with the element's
// self-contained build and its locale files in assets/. A small zip writer (deflate from
// node:zlib), so the build needs no zip program. Called by scripts/build.mjs after rollup.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PLUGIN = 'authsignal-whatsapp-challenge';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} data */
function crc32(data) {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** DOS date and time of a Date, as zip stores them. */
function dosTime(date) {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/**
 * A zip archive of the given entries (deflated; stored when that is not smaller).
 * @param {{ name: string, data: Buffer }[]} entries names with forward slashes
 * @param {Date} [modified]
 */
export function zip(entries, modified = new Date()) {
  const { time, date } = dosTime(modified);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** @param {string} dir */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

/** The plugin's entries: its source folder, plus assets/ from dist/. */
export function pluginEntries() {
  const source = join(root, 'integrations', 'wordpress', PLUGIN);
  const dist = join(root, 'dist');
  const entries = filesUnder(source)
    .filter((name) => !name.endsWith('.po~') && !name.startsWith(`assets${sep}`))
    .map((name) => ({ name: `${PLUGIN}/${name.split(sep).join('/')}`, data: readFileSync(join(source, name)) }));
  entries.push({
    name: `${PLUGIN}/assets/authsignal-whatsapp-challenge.min.js`,
    data: readFileSync(join(dist, 'authsignal-whatsapp-challenge.min.js')),
  });
  for (const name of readdirSync(join(dist, 'locales')).filter((f) => f.endsWith('.min.js')).sort()) {
    entries.push({ name: `${PLUGIN}/assets/locales/${name}`, data: readFileSync(join(dist, 'locales', name)) });
  }
  return entries;
}

/** Writes the zip; returns its path. */
export function writePluginZip() {
  const file = join(root, 'dist', `${PLUGIN}-wordpress.zip`);
  writeFileSync(file, zip(pluginEntries()));
  return relative(root, file);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote ${writePluginZip()}`);
}
