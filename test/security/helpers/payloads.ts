/**
 * Classic XSS payloads. Each one, if it ever ran, would call `window.__xss(n)`; the tests
 * count the calls (there must be none) and look for anything they could have injected.
 */
export const PAYLOADS: string[] = [
  '<script>__xss(1)</script>',
  '<img src=x onerror=__xss(2)>',
  '<svg onload=__xss(3)>',
  '<svg><script>__xss(4)</script></svg>',
  '"><img src=x onerror=__xss(5)>',
  "'><svg/onload=__xss(6)>",
  '<iframe src="javascript:__xss(7)"></iframe>',
  '<iframe srcdoc="<script>parent.__xss(8)</script>"></iframe>',
  '<a href="javascript:__xss(9)" id="xss9">click</a>',
  '<body onload=__xss(10)>',
  '<details open ontoggle=__xss(11)>',
  '<input autofocus onfocus=__xss(12)>',
  '<video><source onerror=__xss(13)></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss(14)>',
  "<style>@import 'javascript:__xss(15)';</style>",
  '<object data="javascript:__xss(16)"></object>',
  '<embed src="javascript:__xss(17)">',
  '<form><button formaction="javascript:__xss(18)">x</button></form>',
  '<marquee onstart=__xss(19)>',
  'javascript:__xss(20)',
  "{{constructor.constructor('__xss(21)')()}}",
  '${__xss(22)}',
  '<!--<img src="--><img src=x onerror=__xss(23)//">',
  '<noscript><p title="</noscript><img src=x onerror=__xss(24)>">',
  '<template><img src=x onerror=__xss(25)></template>',
  '<slot name="heading"><img src=x onerror=__xss(26)></slot>',
  '&lt;img src=x onerror=__xss(27)&gt;',
  '<!--?lit$123456$--><img src=x onerror=__xss(28)>',
  '</p><p part="error" onclick=__xss(29)>',
  '%3Cscript%3E__xss(30)%3C%2Fscript%3E',
  '<base href="javascript:__xss(31)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss(32)">',
  '<link rel="stylesheet" href="javascript:__xss(33)">',
  '<div style="background:url(javascript:__xss(34))">x</div>',
  '<x onpointerenter=__xss(35) style="position:fixed;inset:0">',
  '\u003cimg src=x onerror=__xss(36)\u003e',
  '<img src=x onerror=&#95;&#95;xss(37)>',
  '<scr<script>ipt>__xss(38)</scr</script>ipt>',
];

declare global {
  interface Window {
    __xss?: (n: number) => void;
  }
}

/** Counts calls of `window.__xss` (what a payload that ran would do). */
export const installXssTrap = () => {
  const hits: number[] = [];
  window.__xss = (n: number) => hits.push(n);
  return { hits, uninstall: () => delete window.__xss };
};

const ALLOWED_TAGS = new Set(['DIV', 'SLOT', 'BUTTON', 'SPAN', 'P', 'FORM', 'LABEL', 'INPUT']);
// `style`: the code field's `--n` (its number of digit boxes), set through the CSSOM.
const ALLOWED_ATTRIBUTES =
  /^(part|id|class|dir|lang|role|tabindex|aria-[a-z]+|autocomplete|inputmode|enterkeyhint|size|style|disabled|novalidate|type|for|name|hidden|maxlength|pattern|minlength|title)$/;

/**
 * Problems in a rendered shadow root: elements or attributes the element never renders
 * itself, or any attribute whose value holds one of `hostile` (a payload, or a long string).
 */
export const injectionProblems = (root: ParentNode, hostile: string[]): string[] => {
  const problems: string[] = [];
  // A payload, or any server string too long to be in an attribute by chance.
  const needles = hostile.filter((text) => text.includes('__xss') || text.length > 24);
  for (const node of root.querySelectorAll('*')) {
    if (!ALLOWED_TAGS.has(node.tagName)) problems.push(`<${node.tagName.toLowerCase()}> in the shadow root`);
    for (const { name, value } of node.attributes) {
      if (!ALLOWED_ATTRIBUTES.test(name)) problems.push(`attribute ${name} on <${node.tagName.toLowerCase()}>`);
      if (needles.some((needle) => value.includes(needle))) problems.push(`server text in ${name}="${value.slice(0, 60)}"`);
    }
  }
  return problems;
};
