// dist/custom-elements.json (npm run build: cem analyze --litelement) describes everything
// a user can touch: attributes, properties, methods, events with their detail types,
// slots, parts and CSS custom properties. Each list is checked against the element itself
// (its Lit properties, its template, its styles, what it emits), so an undocumented
// addition fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { requireBuild, root } from './dist.mjs';

const read = (path) => readFileSync(join(root, path), 'utf8');
const all = (text, pattern) => [...new Set([...text.matchAll(pattern)].map((m) => m[1]))].sort();
const names = (list) => list.map((item) => item.name).sort();

describe('custom-elements.json', () => {
  let manifest, element, Element;

  before(async () => {
    requireBuild();
    const pkg = JSON.parse(read('package.json'));
    assert.equal(pkg.customElements, 'dist/custom-elements.json', 'package.json points at the manifest');
    manifest = JSON.parse(read(pkg.customElements));
    element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement);
    ({ AuthsignalWhatsappChallenge: Element } = await import(join(root, 'dist/authsignal-whatsapp-challenge.js')));
  });

  it('declares the element, its tag and its definition, in published (dist/) paths', () => {
    assert.equal(element.name, 'AuthsignalWhatsappChallenge');
    assert.equal(element.tagName, 'authsignal-whatsapp-challenge');
    assert.ok(element.summary && element.description, 'a summary and a description');
    const definition = manifest.modules.flatMap((m) => m.exports ?? []).find((e) => e.kind == 'custom-element-definition');
    assert.deepEqual(definition, {
      kind: 'custom-element-definition',
      name: 'authsignal-whatsapp-challenge',
      declaration: { name: 'AuthsignalWhatsappChallenge', module: 'dist/authsignal-whatsapp-challenge.js' },
    });
    for (const module of manifest.modules) assert.match(module.path, /^dist\/.+\.js$/);
  });

  it('has every attribute the element observes, plus the reflected state, each typed and described', () => {
    assert.deepEqual(names(element.attributes), [...Element.observedAttributes, 'state'].sort());
    for (const attribute of element.attributes) {
      assert.ok(attribute.type?.text, `${attribute.name} has a type`);
      assert.ok(attribute.description, `${attribute.name} has a description`);
    }
    assert.equal(element.attributes.find((a) => a.name == 'base-url').fieldName, 'baseUrl');
  });

  it('has every property, typed and described; state read-only', () => {
    const fields = element.members.filter((m) => m.kind == 'field' && m.privacy != 'private');
    const properties = [...Element.elementProperties.keys()].filter((name) => name != 'lang'); // HTMLElement's own
    for (const name of [...properties, 'state']) {
      const field = fields.find((f) => f.name == name);
      assert.ok(field, `property ${name}`);
      assert.ok(field.type?.text && field.description, `${name} has a type and a description`);
    }
    assert.equal(fields.find((f) => f.name == 'state').readonly, true);
    assert.equal(fields.find((f) => f.name == 'strings').attribute, undefined, 'strings is a property only');
    assert.equal(fields.find((f) => f.name == 'tokenProvider').attribute, undefined, 'tokenProvider is a property only');
  });

  it('has the methods start(), verify(code) and reset(), and a form control\'s checkValidity() and reportValidity(), with their return types', () => {
    const methods = element.members.filter((m) => m.kind == 'method' && m.privacy != 'private');
    assert.deepEqual(names(methods), ['checkValidity', 'reportValidity', 'reset', 'start', 'verify']);
    for (const method of methods) assert.ok(method.description && method.return?.type?.text, method.name);
    assert.deepEqual(methods.find((m) => m.name == 'verify').parameters, [{ name: 'code', type: { text: 'string' } }]);
  });

  it('has exactly the events the element emits, with their detail types, bubbling and composed', () => {
    // The flow names the event of each outcome (eventOf in src/challenge-flow.ts).
    const emitted = all(read('src/challenge-flow.ts'), /'(challenge-[\w-]+)'/g);
    assert.deepEqual(names(element.events), emitted);
    const exported = read('dist/events.d.ts');
    for (const event of element.events) {
      const [, detail] = /^CustomEvent<(\w+)>$/.exec(event.type.text) ?? [];
      assert.ok(detail, `${event.name}: CustomEvent<Detail>, got ${event.type.text}`);
      assert.match(exported, new RegExp(`export interface ${detail}\\b`), `${detail} is exported`);
      assert.match(event.description, /--bubbles --composed/);
    }
  });

  it('has every slot, part and CSS custom property the element has, each described', () => {
    const template = read('src/authsignal-whatsapp-challenge.ts');
    const slots = all(template, /<slot(?: name="([\w-]+)")?[ >]/g).map((name) => name ?? '');
    assert.deepEqual(names(element.slots), slots.sort());
    assert.deepEqual(names(element.cssParts), all(template, /part="([\w-]+)"/g));
    assert.deepEqual(names(element.cssProperties), all(read('src/authsignal-whatsapp-challenge.styles.ts'), /var\((--authsignal-whatsapp-[\w-]+)/g));
    for (const item of [...element.slots, ...element.cssParts, ...element.cssProperties]) {
      assert.ok(item.description, `${item.name || 'the default slot'} has a description`);
    }
  });
});
