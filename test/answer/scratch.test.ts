import { test } from 'vitest';
import { detectDisagreements } from '../../src/answer/disagreement.js';
import { analyseQuestion } from '../../src/answer/question-kind.js';
test('scratch', () => {
  const qs = ['How long did the call last?', 'How many drones did Russia launch?', 'When did Liu Zhi die?', 'What day did Karl Weyprecht die?', 'Did Karl Weyprecht die on 2 March 1881?', 'Who is the EU foreign policy chief?', 'What is the salinity of Lake Maracaibo?', 'Did Tipperary or Galway played the 1961 All-Ireland Senior Camogie Championship final against Dublin?', 'Is Castle Donington considered to be a town or a village?', 'How many people were survivors of the Pánfilo de Narváez expedition?', 'Was Maria Stevens executed for witchcraft?', 'How tall is Tyler Mane?', 'How far is Angermünde from Berlin?'];
  for (const q of qs) console.log(q, JSON.stringify(analyseQuestion(q)));
  const c = (id: number, sourceId: string, text: string, published?: string) => ({ id, sourceId, text, published });
  console.log(JSON.stringify(detectDisagreements('How long did the call last?', [
    c(1, 'a', 'The call between Donald Trump and Vladimir Putin lasted over an hour.'),
    c(2, 'a', 'They focused on ending the Ukraine conflict, which has lasted nearly three years.'),
    c(3, 'b', 'Vladimir Putin and Donald Trump had a significant phone call that lasted two hours.'),
  ]), null, 1));
  console.log(JSON.stringify(detectDisagreements('How many drones did Russia launch?', [
    c(1, 'a', 'Russia launched 140 drones overnight.'),
    c(3, 'b', 'The Ukrainian Air Force shot down 85 drones launched by Russia.'),
  ]), null, 1));
});
