// Texts for the live feed tests: one wire story carried by three outlets (same body, each
// with its own headline, byline line and page furniture), an independent local report that
// gives another toll, and a later item.
import { articlePage } from '../fixtures/feed-server.js';

export const WIRE_BODY = [
  'The storm killed 12 people in Porto Vello on Monday, the regional civil protection agency said.',
  'Winds of up to 140 kilometres an hour tore roofs from houses along the harbour and cut power to about 30,000 homes across the district.',
  'Rescue teams were still searching collapsed buildings in the old town late on Monday, and schools will stay closed until Thursday.',
  'The agency said the storm was the strongest to hit the coast in more than two decades and warned of flooding as rivers rose overnight.',
];

export function wireCopy(outlet: string, headline: string): string {
  return articlePage(headline, [`By the Wire Service staff, reporting for ${outlet}`, ...WIRE_BODY], outlet);
}

export const LOCAL_BODY = (toll: number) => [
  `The storm killed ${toll} people in Porto Vello on Monday, the mayor said at a press conference in the town hall.`,
  'Our reporter saw fishing boats thrown onto the quay and a church roof lying in the main square, where volunteers handed out blankets.',
  'The mayor asked residents to boil tap water until the pumping station is repaired, which engineers expect to take several days.',
];

export const LATER_BODY = [
  'The ferry to Isla Brava will resume sailing on Friday after the storm damaged its landing ramp, the port authority announced.',
  'Repairs to the ramp cost 2.4 million euros and were paid from the emergency fund, a spokeswoman for the authority said.',
];
