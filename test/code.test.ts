import { expect } from '@open-wc/testing';
import { normalizeCode } from '../src/code.js';

describe('normalizeCode', () => {
  it('keeps ASCII digits and drops spaces, dashes and words', () => {
    expect(normalizeCode('123 456')).to.equal('123456');
    expect(normalizeCode('123-456')).to.equal('123456');
    expect(normalizeCode('Your code is 042 917.')).to.equal('042917');
    expect(normalizeCode('')).to.equal('');
    expect(normalizeCode('abc')).to.equal('');
  });

  it('turns Arabic-Indic, Persian, Devanagari, Bengali and full-width digits into ASCII', () => {
    expect(normalizeCode('٠١٢٣٤٥٦٧٨٩')).to.equal('0123456789');
    expect(normalizeCode('۰۱۲۳۴۵۶۷۸۹')).to.equal('0123456789');
    expect(normalizeCode('०१२३४५६७८९')).to.equal('0123456789');
    expect(normalizeCode('০১২৩৪৫৬৭৮৯')).to.equal('0123456789');
    expect(normalizeCode('０１２３４５６７８９')).to.equal('0123456789');
  });

  it('ignores other characters that look like numbers', () => {
    expect(normalizeCode('½²³①Ⅻ')).to.equal('');
    expect(normalizeCode('1\u200f2\u200e3')).to.equal('123');
  });
});
