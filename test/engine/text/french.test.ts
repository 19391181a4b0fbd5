import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseLetter, looksFrench, mergeFrench } from '../../../engine/text/french.js';

// PP-OCR's alphabet, as far as these tests need it: ASCII, a few accents, 《 》 but no « » ç ê.
const ppocrWrites = (char: string) => /^[\x20-\x7e]$/.test(char) || 'éèàÉ《》'.includes(char);

test("Tesseract's accents, ç and « » go into PP-OCR's line", () => {
  assert.equal(
    mergeFrench('Echec de la connexion a 《 Bureau-5G 》', 'Échec de la connexion à « Bureau-5G »', ppocrWrites),
    'Échec de la connexion à « Bureau-5G »',
  );
  assert.equal(mergeFrench('Ca arrive', 'Ça arrive', ppocrWrites), 'Ça arrive');
  // Letters PP-OCR cannot write at all, dropped by it: filled in from Tesseract.
  assert.equal(mergeFrench('Vous ne pourrez pas', 'Vous ne pourrez pas', ppocrWrites), 'Vous ne pourrez pas');
  assert.equal(mergeFrench('Parametres gnantes', 'Paramètres gênantes', ppocrWrites), 'Paramètres gênantes');
});

test("PP-OCR's letters, digits and accents stay where Tesseract reads otherwise", () => {
  // Tesseract's O for 0 and I for 1 are not accents: PP-OCR's characters stay.
  assert.equal(mergeFrench('clé 0x1F3A', 'cle OxIF3A', ppocrWrites), 'clé 0x1F3A');
  // An accent PP-OCR saw stays when Tesseract missed it.
  assert.equal(mergeFrench('été installée', 'ete installée', ppocrWrites), 'été installée');
  // Tesseract's garbage is not taken, only French letters and « ».
  assert.equal(mergeFrench('git pull', 'git pull)~', ppocrWrites), 'git pull');
  // An empty Tesseract reading changes nothing.
  assert.equal(mergeFrench('Annuler', '', ppocrWrites), 'Annuler');
});

test("Tesseract's spaces split words PP-OCR ran together", () => {
  assert.equal(mergeFrench('connexion à《Bureau', 'connexion à « Bureau', ppocrWrites), 'connexion à « Bureau');
});

test('French is told from English and from code by its words', () => {
  assert.equal(looksFrench('Le mot de passe est peut-être incorrect.\nVérifiez la clé de sécurité.'), true);
  assert.equal(looksFrench('Unable to save the document\nThe file is read-only.'), false);
  assert.equal(looksFrench('def parse_config(path):\n    with open(path) as handle:'), false);
  assert.equal(looksFrench('Annuler'), false, 'one word is not enough');
});

test('a base letter has no accent', () => {
  assert.equal(baseLetter('É'), 'E');
  assert.equal(baseLetter('ç'), 'c');
  assert.equal(baseLetter('«'), '«');
});
